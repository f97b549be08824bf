import { navigate } from '../router'
import { useWorld, type Eni, type WorldData } from '../world'

const COLUMN = 270
/** ENIs sit a little right of what they hang from, so the connector shows. */
const INDENT = 16
const BOX = 250
const ENI_BOX = BOX - INDENT
const ENI_STEP = 70
const MARGIN = 20
const ROW = { vpc: 0, vSwitch: 70, instance: 150, eni: 230 }

interface Placed {
  x: number
  y: number
}

interface Layout {
  width: number
  height: number
  vpcs: Array<Placed & { id: string; label: string; width: number }>
  vSwitches: Array<Placed & { id: string; label: string; width: number; parent: Placed }>
  instances: Array<Placed & { id: string; label: string; status: string; parent: Placed }>
  /** Every ENI once, keyed by ID, so a moving ENI keeps its element and glides to its new place. */
  enis: Array<Placed & { eni: Eni; parent: Placed }>
}

/**
 * VPC → vSwitches → instances → ENIs, one band per VPC. An instance sits under its own vSwitch;
 * its ENIs stack under it by device index, wherever their vSwitch is. ENIs on no instance stack
 * in a column of their vSwitch.
 */
function layout(world: Pick<WorldData, 'vpcs' | 'vSwitches' | 'instances' | 'enis'>): Layout {
  const out: Layout = { width: 0, height: MARGIN, vpcs: [], vSwitches: [], instances: [], enis: [] }
  for (const vpc of world.vpcs) {
    const top = out.height
    const vpcPlace = { x: MARGIN, y: top + ROW.vpc }
    let x = MARGIN
    let deepest = 0
    for (const vSwitch of world.vSwitches.filter((v) => v.VpcId === vpc.VpcId)) {
      const instances = world.instances.filter((i) => i.VpcAttributes.VSwitchId === vSwitch.VSwitchId)
      const loose = world.enis.filter((e) => e.VSwitchId === vSwitch.VSwitchId && e.InstanceId === '')
      const columns = Math.max(1, instances.length + (loose.length > 0 ? 1 : 0))
      const switchPlace = { x, y: top + ROW.vSwitch }
      out.vSwitches.push({ ...switchPlace, id: vSwitch.VSwitchId, label: `${vSwitch.CidrBlock} · ${vSwitch.ZoneId || 'regional'}`, width: columns * COLUMN - (COLUMN - BOX), parent: vpcPlace })
      instances.forEach((instance, column) => {
        const place = { x: x + column * COLUMN, y: top + ROW.instance }
        out.instances.push({ ...place, id: instance.InstanceId, label: instance.InstanceName, status: instance.Status, parent: switchPlace })
        const enis = world.enis
          .filter((e) => e.InstanceId === instance.InstanceId)
          .sort((a, b) => (a.Attachment?.DeviceIndex ?? 99) - (b.Attachment?.DeviceIndex ?? 99))
        enis.forEach((eni, row) => out.enis.push({ eni, x: place.x + INDENT, y: top + ROW.eni + row * ENI_STEP, parent: place }))
        deepest = Math.max(deepest, enis.length)
      })
      const looseColumn = { x: x + instances.length * COLUMN, y: top + ROW.instance }
      loose.forEach((eni, row) => out.enis.push({ eni, x: looseColumn.x + INDENT, y: top + ROW.instance + row * ENI_STEP, parent: switchPlace }))
      deepest = Math.max(deepest, loose.length - 1)
      x += columns * COLUMN
    }
    out.vpcs.push({ ...vpcPlace, id: vpc.VpcId, label: vpc.VpcName === '' ? vpc.CidrBlock : `${vpc.VpcName} · ${vpc.CidrBlock}`, width: Math.max(BOX, x - MARGIN - (COLUMN - BOX)) })
    out.width = Math.max(out.width, x)
    out.height = top + ROW.eni + deepest * ENI_STEP + 30
  }
  return out
}

export function TopologyPage() {
  const world = useWorld()
  const placed = layout(world)
  // EIPs bound to an instance's primary address show on that ENI too, through PrivateIpSet.
  const eipsOf = (eni: Eni) => eni.PrivateIpSets.PrivateIpSet.flatMap((ip) => (ip.AssociatedPublicIp === undefined ? [] : [ip.AssociatedPublicIp.PublicIpAddress]))
  return (
    <section>
      <div className="page-head">
        <h1>Topology</h1>
        <span className="muted small">Updates live from the change log. Click a box to open it.</span>
      </div>
      {world.vpcs.length === 0 ? (
        <p className="muted">No VPCs in {world.session.regionId} yet.</p>
      ) : (
        <svg className="topology" width={placed.width + MARGIN} height={placed.height} role="img" aria-label="Network topology">
          <g className="edges">
            {placed.vSwitches.map((v) => (
              <Edge key={`e-${v.id}`} from={v.parent} to={v} />
            ))}
            {placed.instances.map((i) => (
              <Edge key={`e-${i.id}`} from={i.parent} to={i} />
            ))}
            {placed.enis.map((e) => (
              <Edge key={`e-${e.eni.NetworkInterfaceId}`} from={e.parent} to={e} />
            ))}
          </g>
          {placed.vpcs.map((v) => (
            <Band key={v.id} kind="vpc" title="VPC" band={v} />
          ))}
          {placed.vSwitches.map((v) => (
            <Band key={v.id} kind="vswitch" title="vSwitch" band={v} />
          ))}
          {placed.instances.map((i) => (
            <g key={i.id} className="node instance clickable" data-instance={i.id} transform={`translate(${i.x},${i.y})`} onClick={() => navigate(`/instances/${i.id}`)}>
              <rect width={BOX} height={48} rx={6} />
              <text x={10} y={18} className="kind">Instance {i.id}</text>
              <text x={10} y={36}>
                {i.label} · <tspan className={`status-${i.status}`}>{i.status}</tspan>
              </text>
            </g>
          ))}
          {placed.enis.map(({ eni, x, y }) => (
            <g
              key={eni.NetworkInterfaceId}
              className={`node eni moving clickable${eni.InstanceId === '' ? ' loose' : ''}`}
              data-eni={eni.NetworkInterfaceId}
              data-attached-to={eni.InstanceId}
              data-status={eni.Status}
              style={{ transform: `translate(${x}px, ${y}px)` }}
              onClick={() => navigate(`/network-interfaces/${eni.NetworkInterfaceId}`)}
            >
              <rect width={ENI_BOX} height={58} rx={6} />
              <text x={10} y={16} className="kind">
                {eni.Attachment === undefined ? 'ENI' : `eth${eni.Attachment.DeviceIndex}`} {eni.NetworkInterfaceId}
              </text>
              <text x={10} y={32}>
                {eni.PrivateIpSets.PrivateIpSet.map((ip) => ip.PrivateIpAddress).join(', ')}
              </text>
              <text x={10} y={49}>
                <tspan className={`status-${eni.Status}`}>{eni.Status}</tspan>
                {eipsOf(eni).length > 0 && <tspan className="eip"> · EIP {eipsOf(eni).join(', ')}</tspan>}
              </text>
            </g>
          ))}
        </svg>
      )}
    </section>
  )
}

/** A VPC or vSwitch: a wide box its children hang under, marked `data-vpc` or `data-vswitch`. */
function Band({ kind, title, band }: { kind: 'vpc' | 'vswitch'; title: string; band: Placed & { id: string; label: string; width: number } }) {
  return (
    <g className={`node ${kind}`} {...{ [`data-${kind}`]: band.id }} transform={`translate(${band.x},${band.y})`}>
      <rect width={band.width} height={44} rx={6} />
      <text x={10} y={18} className="kind">
        {title} {band.id}
      </text>
      <text x={10} y={35}>{band.label}</text>
    </g>
  )
}

function Edge({ from, to }: { from: Placed; to: Placed }) {
  const startX = from.x + INDENT / 2
  return <path d={`M ${startX} ${from.y + 44} V ${to.y + 20} H ${to.x}`} className="edge" />
}
