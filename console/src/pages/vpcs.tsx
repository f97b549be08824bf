import { useEffect, useState, type FormEvent } from 'react'
import { ConfirmButton, ErrorNote, Field, NotFound, Status, TextField, useAction } from '../components'
import { Columns, EmptyList, IdCell, matchesText, TextFilter } from '../list'
import { navigate } from '../router'
import { useWorld, type VSwitch } from '../world'
import { label } from './network-interfaces'

export function VpcsPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const shown = world.vpcs.filter((v) => matchesText(text, [v.VpcId, v.VpcName, v.CidrBlock]))
  return (
    <section>
      <div className="page-head">
        <h1>VPCs</h1>
      </div>
      <CreateVpcForm />
      <div className="filters">
        <TextFilter placeholder="Filter by ID, name or CIDR" value={text} onChange={setText} />
      </div>
      <table className="list" data-testid="vpc-list">
        <Columns names={['ID / name', 'CIDR', 'Status', 'vSwitches', 'Instances']} />
        <tbody>
          {shown.map((vpc) => (
            <tr key={vpc.VpcId} data-vpc={vpc.VpcId}>
              <IdCell to={`/vpcs/${vpc.VpcId}`} id={vpc.VpcId} name={vpc.VpcName} />
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
      <EmptyList what="VPCs" shown={shown.length} total={world.vpcs.length} />
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
      <TextField label="CIDR block" name="vpcCidr" value={cidr} onChange={setCidr} placeholder="198.18.0.0/16" />
      <TextField label="Name" name="vpcName" value={name} onChange={setName} />
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
  if (vpc === undefined) return <NotFound id={vpcId} what="VPC" list="/vpcs" listLabel="All VPCs" />
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
          <ConfirmButton label="Delete VPC" confirm="Yes, delete the VPC" busy={remove.busy} onConfirm={deleteVpc} />
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
        <Columns names={['ID / name', 'CIDR', 'Zone', 'Network interfaces', '']} />
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
      <TextField label="CIDR block" name="vSwitchCidr" value={cidr} onChange={setCidr} placeholder="198.18.1.0/24" />
      <TextField label="Name" name="vSwitchName" value={name} onChange={setName} />
      <button type="submit" className="primary" disabled={action.busy}>
        Create vSwitch
      </button>
      <ErrorNote error={action.error ?? zonesError} />
    </form>
  )
}
