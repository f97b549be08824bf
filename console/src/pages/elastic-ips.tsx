import { useState, type FormEvent } from 'react'
import { ConfirmButton, ErrorNote, Field, NotFound, Status, TextField, useAction } from '../components'
import { Columns, EmptyList, IdCell, matchesText, StatusFilter, TextFilter } from '../list'
import { Link, navigate } from '../router'
import { useWorld, type Eip } from '../world'
import { label } from './network-interfaces'

export function ElasticIpsPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const [status, setStatus] = useState('')
  const shown = world.eips.filter(
    (eip) => (status === '' || eip.Status === status) && matchesText(text, [eip.AllocationId, eip.IpAddress, eip.Name, eip.InstanceId, eip.PrivateIpAddress]),
  )
  return (
    <section>
      <div className="page-head">
        <h1>Elastic IPs</h1>
      </div>
      <AllocateForm />
      <div className="filters">
        <TextFilter placeholder="Filter by ID, address, name or what it is bound to" value={text} onChange={setText} />
        <StatusFilter statuses={['Available', 'Associating', 'InUse', 'Unassociating']} value={status} onChange={setStatus} />
      </div>
      <table className="list" data-testid="eip-list">
        <Columns names={['ID / name', 'Address', 'Status', 'Bandwidth', 'Bound to']} />
        <tbody>
          {shown.map((eip) => (
            <tr key={eip.AllocationId} data-eip={eip.AllocationId}>
              <IdCell to={`/elastic-ips/${eip.AllocationId}`} id={eip.AllocationId} name={eip.Name} />
              <td>
                <code>{eip.IpAddress}</code>
              </td>
              <td>
                <Status value={eip.Status} />
              </td>
              <td>{eip.Bandwidth} Mbit/s</td>
              <td>
                <BoundTo eip={eip} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <EmptyList what="elastic IPs" shown={shown.length} total={world.eips.length} />
    </section>
  )
}

function BoundTo({ eip }: { eip: Eip }) {
  if (eip.InstanceId === '') return <span className="muted">—</span>
  const to = eip.InstanceType === 'NetworkInterface' ? `/network-interfaces/${eip.InstanceId}` : `/instances/${eip.InstanceId}`
  return (
    <span data-field="bound">
      <Link to={to}>{eip.InstanceId}</Link>
      {eip.PrivateIpAddress !== '' && <> → {eip.PrivateIpAddress}</>}
    </span>
  )
}

function AllocateForm() {
  const world = useWorld()
  const action = useAction()
  const [bandwidth, setBandwidth] = useState('5')
  const [name, setName] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await world.call('vpc', 'AllocateEipAddress', { Bandwidth: bandwidth, Name: name })
      setName('')
    })
  }
  return (
    <form className="card row" onSubmit={submit} aria-label="Allocate an elastic IP">
      <TextField label="Bandwidth cap (Mbit/s)" name="bandwidth" type="number" min={1} value={bandwidth} onChange={setBandwidth} />
      <TextField label="Name" name="eipName" value={name} onChange={setName} />
      <button type="submit" className="primary" disabled={action.busy}>
        Allocate
      </button>
      <ErrorNote error={action.error} />
    </form>
  )
}

export function ElasticIpPage({ allocationId }: { allocationId: string }) {
  const world = useWorld()
  const eip = world.eips.find((e) => e.AllocationId === allocationId)
  if (eip === undefined) {
    return <NotFound id={allocationId} what="elastic IP" list="/elastic-ips" listLabel="All elastic IPs" />
  }
  return (
    <section data-eip-page={eip.AllocationId}>
      <div className="page-head">
        <h1>
          {eip.IpAddress} <Status value={eip.Status} />
        </h1>
        <Release eip={eip} />
      </div>
      <dl className="attributes">
        <dt>Allocation ID</dt>
        <dd>{eip.AllocationId}</dd>
        <dt>Name</dt>
        <dd>{eip.Name || '—'}</dd>
        <dt>Bandwidth cap</dt>
        <dd data-field="bandwidth">{eip.Bandwidth} Mbit/s</dd>
        <dt>Bound to</dt>
        <dd>
          <BoundTo eip={eip} />
        </dd>
      </dl>
      {eip.InstanceId === '' ? <Bind eip={eip} /> : <Unbind eip={eip} />}
      <Recap eip={eip} key={eip.Bandwidth} />
    </section>
  )
}

function Release({ eip }: { eip: Eip }) {
  const world = useWorld()
  const action = useAction()
  const release = () =>
    void action.run(async () => {
      await world.call('vpc', 'ReleaseEipAddress', { AllocationId: eip.AllocationId })
      navigate('/elastic-ips')
    })
  return (
    <div className="inline-action">
      <ConfirmButton label="Release" question={`Release ${eip.IpAddress}?`} confirm="Yes, release" busy={action.busy} onConfirm={release} />
      <ErrorNote error={action.error} />
    </div>
  )
}

type TargetKind = 'EcsInstance' | 'NetworkInterface'

function Bind({ eip }: { eip: Eip }) {
  const world = useWorld()
  const action = useAction()
  const [kind, setKind] = useState<TargetKind>('EcsInstance')
  const [target, setTarget] = useState('')
  const [privateIp, setPrivateIp] = useState('')
  const eni = world.enis.find((e) => e.NetworkInterfaceId === target)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() =>
      world.call('vpc', 'AssociateEipAddress', {
        AllocationId: eip.AllocationId,
        InstanceType: kind,
        InstanceId: target,
        PrivateIpAddress: kind === 'NetworkInterface' ? privateIp : undefined,
      }),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-label="Bind the elastic IP">
      <h2>Bind</h2>
      <Field label="Bind to">
        <select
          name="targetKind"
          value={kind}
          onChange={(e) => {
            setKind(e.target.value as TargetKind)
            setTarget('')
            setPrivateIp('')
          }}
        >
          <option value="EcsInstance">an instance (its primary address)</option>
          <option value="NetworkInterface">a network interface or one of its private IPs</option>
        </select>
      </Field>
      <Field label={kind === 'EcsInstance' ? 'Instance' : 'Network interface'}>
        <select name="target" value={target} onChange={(e) => (setTarget(e.target.value), setPrivateIp(''))}>
          <option value="">Choose…</option>
          {kind === 'EcsInstance'
            ? world.instances.map((i) => (
                <option key={i.InstanceId} value={i.InstanceId}>
                  {label(i.InstanceName, i.InstanceId)}
                </option>
              ))
            : world.enis.map((e) => (
                <option key={e.NetworkInterfaceId} value={e.NetworkInterfaceId}>
                  {label(e.NetworkInterfaceName, e.NetworkInterfaceId)} · {e.PrivateIpAddress}
                </option>
              ))}
        </select>
      </Field>
      {kind === 'NetworkInterface' && (
        <Field label="Private IP" hint="Empty: the interface’s primary address.">
          <select name="privateIp" value={privateIp} onChange={(e) => setPrivateIp(e.target.value)}>
            <option value="">primary address</option>
            {eni?.PrivateIpSets.PrivateIpSet.map((ip) => (
              <option key={ip.PrivateIpAddress} value={ip.PrivateIpAddress} disabled={ip.AssociatedPublicIp !== undefined}>
                {ip.PrivateIpAddress}
                {ip.Primary ? ' (primary)' : ''}
                {ip.AssociatedPublicIp === undefined ? '' : ` — has ${ip.AssociatedPublicIp.PublicIpAddress}`}
              </option>
            ))}
          </select>
        </Field>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy || target === ''}>
          Bind
        </button>
      </div>
      <ErrorNote error={action.error} />
    </form>
  )
}

function Unbind({ eip }: { eip: Eip }) {
  const world = useWorld()
  const action = useAction()
  const unbind = () =>
    void action.run(() =>
      world.call('vpc', 'UnassociateEipAddress', {
        AllocationId: eip.AllocationId,
        InstanceId: eip.InstanceId,
        InstanceType: eip.InstanceType,
        PrivateIpAddress: eip.InstanceType === 'NetworkInterface' ? eip.PrivateIpAddress : undefined,
      }),
    )
  return (
    <div className="card" aria-label="Unbind the elastic IP">
      <h2>Binding</h2>
      <button onClick={unbind} disabled={action.busy || eip.Status !== 'InUse'}>
        Unbind from {eip.InstanceId}
      </button>
      <ErrorNote error={action.error} />
    </div>
  )
}

function Recap({ eip }: { eip: Eip }) {
  const world = useWorld()
  const action = useAction()
  const [bandwidth, setBandwidth] = useState(eip.Bandwidth)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(() => world.call('vpc', 'ModifyEipAddressAttribute', { AllocationId: eip.AllocationId, Bandwidth: bandwidth }))
  }
  return (
    <form className="card row" onSubmit={submit} aria-label="Change the bandwidth cap">
      <TextField label="Bandwidth cap (Mbit/s)" name="recap" type="number" min={1} value={bandwidth} onChange={setBandwidth} />
      <button type="submit" disabled={action.busy}>
        Change cap
      </button>
      <ErrorNote error={action.error} />
    </form>
  )
}
