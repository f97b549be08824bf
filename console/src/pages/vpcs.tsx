import { useEffect, useState, type FormEvent } from 'react'
import { ErrorNote, Field, Status, useAction } from '../components'
import { Link, navigate } from '../router'
import { useWorld, type VSwitch } from '../world'
import { label } from './network-interfaces'

export function VpcsPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const needle = text.trim().toLowerCase()
  const shown = world.vpcs.filter((v) => needle === '' || [v.VpcId, v.VpcName, v.CidrBlock].some((s) => s.toLowerCase().includes(needle)))
  return (
    <section>
      <div className="page-head">
        <h1>VPCs</h1>
      </div>
      <CreateVpcForm />
      <div className="filters">
        <input placeholder="Filter by ID, name or CIDR" value={text} onChange={(e) => setText(e.target.value)} aria-label="Filter" />
      </div>
      <table className="list" data-testid="vpc-list">
        <thead>
          <tr>
            <th>ID / name</th>
            <th>CIDR</th>
            <th>Status</th>
            <th>vSwitches</th>
            <th>Instances</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((vpc) => (
            <tr key={vpc.VpcId} data-vpc={vpc.VpcId}>
              <td>
                <Link to={`/vpcs/${vpc.VpcId}`}>{vpc.VpcId}</Link>
                <div className="muted small">{vpc.VpcName}</div>
              </td>
              <td>
                <code>{vpc.CidrBlock}</code>
              </td>
              <td>
                <Status value={vpc.Status} />
              </td>
              <td>{world.vSwitches.filter((v) => v.VpcId === vpc.VpcId).length}</td>
              <td>{world.instances.filter((i) => i.VpcAttributes.VpcId === vpc.VpcId).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length === 0 && <p className="muted">No VPCs{world.vpcs.length > 0 ? ' match the filter' : ' yet'}.</p>}
    </section>
  )
}

function CreateVpcForm() {
  const world = useWorld()
  const action = useAction()
  const [cidr, setCidr] = useState('')
  const [name, setName] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const created = await world.call<{ VpcId: string }>('vpc', 'CreateVpc', { CidrBlock: cidr.trim(), VpcName: name })
      navigate(`/vpcs/${created.VpcId}`)
    })
  }
  return (
    <form className="card row" onSubmit={submit} aria-label="Create a VPC">
      <Field label="CIDR block">
        <input name="vpcCidr" value={cidr} onChange={(e) => setCidr(e.target.value)} placeholder="198.18.0.0/16" />
      </Field>
      <Field label="Name">
        <input name="vpcName" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        Create VPC
      </button>
      <ErrorNote error={action.error} />
    </form>
  )
}

export function VpcPage({ vpcId }: { vpcId: string }) {
  const world = useWorld()
  const vpc = world.vpcs.find((v) => v.VpcId === vpcId)
  const remove = useAction()
  const [confirming, setConfirming] = useState(false)
  if (vpc === undefined) {
    return (
      <section>
        <h1>{vpcId}</h1>
        <p>
          This VPC does not exist (any more). <Link to="/vpcs">All VPCs</Link>
        </p>
      </section>
    )
  }
  const vSwitches = world.vSwitches.filter((v) => v.VpcId === vpcId)
  const deleteVpc = () =>
    void remove.run(async () => {
      await world.call('vpc', 'DeleteVpc', { VpcId: vpcId })
      navigate('/vpcs')
    })
  return (
    <section data-vpc-page={vpcId}>
      <div className="page-head">
        <h1>
          {label(vpc.VpcName, vpc.VpcId)} <Status value={vpc.Status} />
        </h1>
        <div className="inline-action">
          {confirming ? (
            <>
              <button className="danger" onClick={deleteVpc} disabled={remove.busy}>
                Yes, delete the VPC
              </button>
              <button onClick={() => setConfirming(false)}>Keep it</button>
            </>
          ) : (
            <button className="danger" onClick={() => setConfirming(true)}>
              Delete VPC
            </button>
          )}
          <ErrorNote error={remove.error} />
        </div>
      </div>
      <dl className="attributes">
        <dt>CIDR block</dt>
        <dd>
          <code>{vpc.CidrBlock}</code>
        </dd>
        <dt>Security groups</dt>
        <dd>{world.securityGroups.filter((g) => g.VpcId === vpcId).length}</dd>
      </dl>
      <h2>vSwitches</h2>
      <table className="list" data-testid="vswitch-list">
        <thead>
          <tr>
            <th>ID / name</th>
            <th>CIDR</th>
            <th>Zone</th>
            <th>Network interfaces</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {vSwitches.map((v) => (
            <VSwitchRow key={v.VSwitchId} vSwitch={v} />
          ))}
        </tbody>
      </table>
      <CreateVSwitchForm vpcId={vpcId} />
    </section>
  )
}

function VSwitchRow({ vSwitch }: { vSwitch: VSwitch }) {
  const world = useWorld()
  const action = useAction()
  return (
    <tr data-vswitch={vSwitch.VSwitchId}>
      <td>
        {vSwitch.VSwitchId}
        <div className="muted small">{vSwitch.VSwitchName}</div>
      </td>
      <td>
        <code>{vSwitch.CidrBlock}</code>
      </td>
      <td>{vSwitch.ZoneId || 'regional'}</td>
      <td>{world.enis.filter((e) => e.VSwitchId === vSwitch.VSwitchId).length}</td>
      <td>
        <button className="danger" onClick={() => void action.run(() => world.call('vpc', 'DeleteVSwitch', { VSwitchId: vSwitch.VSwitchId }))} disabled={action.busy}>
          Delete
        </button>
        <ErrorNote error={action.error} />
      </td>
    </tr>
  )
}

function CreateVSwitchForm({ vpcId }: { vpcId: string }) {
  const world = useWorld()
  const action = useAction()
  const [zones, setZones] = useState<string[]>([])
  const [zonesError, setZonesError] = useState<unknown>(undefined)
  const [zoneId, setZoneId] = useState('')
  const [cidr, setCidr] = useState('')
  const [name, setName] = useState('')
  const { call } = world
  useEffect(() => {
    call<{ Zones: { Zone: Array<{ ZoneId: string }> } }>('ecs', 'DescribeZones', { Verbose: false }).then(
      (answer) => {
        const ids = answer.Zones.Zone.map((z) => z.ZoneId)
        setZones(ids)
        setZoneId((current) => current || (ids[0] ?? ''))
      },
      (err: unknown) => setZonesError(err),
    )
  }, [call])
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await world.call('vpc', 'CreateVSwitch', { VpcId: vpcId, ZoneId: zoneId, CidrBlock: cidr.trim(), VSwitchName: name })
      setCidr('')
      setName('')
    })
  }
  return (
    <form className="card row" onSubmit={submit} aria-label="Create a vSwitch">
      <Field label="Zone">
        <select name="zoneId" value={zoneId} onChange={(e) => setZoneId(e.target.value)}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </Field>
      <Field label="CIDR block">
        <input name="vSwitchCidr" value={cidr} onChange={(e) => setCidr(e.target.value)} placeholder="198.18.1.0/24" />
      </Field>
      <Field label="Name">
        <input name="vSwitchName" value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <button type="submit" className="primary" disabled={action.busy}>
        Create vSwitch
      </button>
      <ErrorNote error={action.error ?? zonesError} />
    </form>
  )
}
