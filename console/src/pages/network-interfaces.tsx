import { useState, type FormEvent } from 'react'
import { ConfirmButton, ErrorNote, Field, NotFound, Status, TextField, useAction } from '../components'
import { Columns, EmptyList, IdCell, matchesText, StatusFilter, TextFilter } from '../list'
import { Link, navigate } from '../router'
import { useWorld, type Eni, type Instance, type World } from '../world'

export function NetworkInterfacesPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const [status, setStatus] = useState('')
  const [vpcId, setVpcId] = useState('')
  const [creating, setCreating] = useState(false)
  const shown = world.enis.filter(
    (eni) =>
      (status === '' || eni.Status === status) &&
      (vpcId === '' || eni.VpcId === vpcId) &&
      matchesText(text, [eni.NetworkInterfaceId, eni.NetworkInterfaceName, eni.InstanceId, eni.MacAddress, ...addresses(eni)]),
  )
  return (
    <section>
      <div className="page-head">
        <h1>Network interfaces</h1>
        <button className="primary" onClick={() => setCreating(!creating)}>
          {creating ? 'Cancel' : 'Create network interface'}
        </button>
      </div>
      {creating && <CreateEniForm onDone={() => setCreating(false)} />}
      <div className="filters">
        <TextFilter placeholder="Filter by ID, name, IP, MAC or instance" value={text} onChange={setText} />
        <StatusFilter statuses={['Available', 'Attaching', 'InUse', 'Detaching', 'Deleting']} value={status} onChange={setStatus} />
        <select value={vpcId} onChange={(e) => setVpcId(e.target.value)} aria-label="VPC">
          <option value="">Any VPC</option>
          {world.vpcs.map((v) => (
            <option key={v.VpcId} value={v.VpcId}>
              {label(v.VpcName, v.VpcId)}
            </option>
          ))}
        </select>
      </div>
      <table className="list" data-testid="eni-list">
        <Columns names={['ID / name', 'Status', 'Type', 'Instance', 'Private IPs', 'vSwitch', 'Security groups']} />
        <tbody>
          {shown.map((eni) => (
            <tr key={eni.NetworkInterfaceId} data-eni={eni.NetworkInterfaceId}>
              <IdCell to={`/network-interfaces/${eni.NetworkInterfaceId}`} id={eni.NetworkInterfaceId} name={eni.NetworkInterfaceName} />
              <td>
                <Status value={eni.Status} />
              </td>
              <td>{eni.Type}</td>
              <td>{eni.InstanceId === '' ? <span className="muted">—</span> : <Link to={`/instances/${eni.InstanceId}`}>{eni.InstanceId}</Link>}</td>
              <td>{addresses(eni).join(', ')}</td>
              <td>{eni.VSwitchId}</td>
              <td>{eni.SecurityGroupIds.SecurityGroupId.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <EmptyList what="network interfaces" shown={shown.length} total={world.enis.length} />
    </section>
  )
}

function CreateEniForm({ onDone }: { onDone(): void }) {
  const world = useWorld()
  const [vSwitchId, setVSwitchId] = useState(world.vSwitches[0]?.VSwitchId ?? '')
  const [groups, setGroups] = useState<string[]>([])
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [primaryIp, setPrimaryIp] = useState('')
  const [secondaryCount, setSecondaryCount] = useState('')
  const [queueNumber, setQueueNumber] = useState('')
  const action = useAction()
  const vSwitch = world.vSwitches.find((v) => v.VSwitchId === vSwitchId)
  const candidates = world.securityGroups.filter((g) => g.VpcId === vSwitch?.VpcId)
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const created = await world.call<{ NetworkInterfaceId: string }>('ecs', 'CreateNetworkInterface', {
        VSwitchId: vSwitchId,
        SecurityGroupIds: groups,
        NetworkInterfaceName: name,
        Description: description,
        PrimaryIpAddress: primaryIp.trim(),
        SecondaryPrivateIpAddressCount: secondaryCount,
        QueueNumber: queueNumber,
      })
      onDone()
      navigate(`/network-interfaces/${created.NetworkInterfaceId}`)
    })
  }
  return (
    <form className="card form" onSubmit={submit} aria-label="Create network interface">
      <Field label="vSwitch">
        <select name="vSwitchId" value={vSwitchId} onChange={(e) => setVSwitchId(e.target.value)}>
          {world.vSwitches.map((v) => (
            <option key={v.VSwitchId} value={v.VSwitchId}>
              {label(v.VSwitchName, v.VSwitchId)} · {v.CidrBlock} · {v.ZoneId || 'regional'} · {v.VpcId}
            </option>
          ))}
        </select>
      </Field>
      <GroupPicker candidates={candidates.map((g) => ({ id: g.SecurityGroupId, name: g.SecurityGroupName }))} chosen={groups} onChange={setGroups} />
      <TextField label="Name" name="name" value={name} onChange={setName} />
      <TextField label="Description" name="description" value={description} onChange={setDescription} />
      <TextField label="Primary private IP" hint="Empty: the next free address of the vSwitch." name="primaryIp" value={primaryIp} onChange={setPrimaryIp} placeholder={vSwitch?.CidrBlock} />
      <TextField label="Secondary private IPs (count)" name="secondaryCount" type="number" min={0} value={secondaryCount} onChange={setSecondaryCount} />
      <TextField label="Queue number" name="queueNumber" type="number" min={1} value={queueNumber} onChange={setQueueNumber} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Create
        </button>
      </div>
      <ErrorNote error={action.error} />
    </form>
  )
}

function GroupPicker({ candidates, chosen, onChange }: { candidates: Array<{ id: string; name: string }>; chosen: string[]; onChange(ids: string[]): void }) {
  return (
    <fieldset className="field groups">
      <legend className="field-label">Security groups (1 to 5)</legend>
      {candidates.length === 0 && <span className="muted small">This VPC has no security groups.</span>}
      {candidates.map((g) => (
        <label key={g.id} className="check">
          <input
            type="checkbox"
            value={g.id}
            checked={chosen.includes(g.id)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, g.id] : chosen.filter((id) => id !== g.id))}
          />
          {label(g.name, g.id)}
        </label>
      ))}
    </fieldset>
  )
}

export function NetworkInterfacePage({ eniId }: { eniId: string }) {
  const world = useWorld()
  const eni = world.enis.find((e) => e.NetworkInterfaceId === eniId)
  if (eni === undefined) {
    return <NotFound id={eniId} what="network interface" list="/network-interfaces" listLabel="All network interfaces" />
  }
  return (
    <section data-eni-page={eni.NetworkInterfaceId}>
      <div className="page-head">
        <h1>
          {eni.NetworkInterfaceId} <Status value={eni.Status} />
        </h1>
        <DeleteEni eni={eni} />
      </div>
      <dl className="attributes">
        <dt>Name</dt>
        <dd data-field="name">{eni.NetworkInterfaceName || '—'}</dd>
        <dt>Description</dt>
        <dd data-field="description">{eni.Description || '—'}</dd>
        <dt>Type</dt>
        <dd>{eni.Type}</dd>
        <dt>MAC</dt>
        <dd>
          <code>{eni.MacAddress}</code>
        </dd>
        <dt>VPC / vSwitch / zone</dt>
        <dd>
          {eni.VpcId} / {eni.VSwitchId} / {eni.ZoneId || 'regional'}
        </dd>
        <dt>Queue number</dt>
        <dd data-field="queueNumber">{eni.QueueNumber ?? '—'}</dd>
        <dt>Security groups</dt>
        <dd data-field="groups">{eni.SecurityGroupIds.SecurityGroupId.join(', ')}</dd>
        <dt>Instance</dt>
        <dd data-field="instance">
          {eni.Attachment === undefined ? (
            'not attached'
          ) : (
            <>
              <Link to={`/instances/${eni.Attachment.InstanceId}`}>{eni.Attachment.InstanceId}</Link> as device {eni.Attachment.DeviceIndex}
            </>
          )}
        </dd>
      </dl>
      <Attachment eni={eni} />
      <PrivateIps eni={eni} />
      <ModifyEni eni={eni} key={`${eni.NetworkInterfaceId}`} />
    </section>
  )
}

function DeleteEni({ eni }: { eni: Eni }) {
  const world = useWorld()
  const action = useAction()
  const remove = () =>
    void action.run(async () => {
      await world.call('ecs', 'DeleteNetworkInterface', { NetworkInterfaceId: eni.NetworkInterfaceId })
      navigate('/network-interfaces')
    })
  return (
    <div className="inline-action">
      <ConfirmButton label="Delete" question={`Delete ${eni.NetworkInterfaceId}?`} confirm="Yes, delete" busy={action.busy} onConfirm={remove} />
      <ErrorNote error={action.error} />
    </div>
  )
}

/** Why `instance` cannot take `eni` now, in words; empty when it can. The API decides in the end. */
function attachBlockers(eni: Eni, instance: Instance, world: Pick<World, 'enis' | 'instanceTypes'>): string[] {
  const reasons: string[] = []
  if (instance.VpcAttributes.VpcId !== eni.VpcId) reasons.push(`it is in another VPC (${instance.VpcAttributes.VpcId})`)
  if (eni.ZoneId !== '' && instance.ZoneId !== eni.ZoneId) reasons.push(`it is in zone ${instance.ZoneId}, the interface’s vSwitch in ${eni.ZoneId}`)
  if (instance.Status !== 'Running' && instance.Status !== 'Stopped') reasons.push(`it is ${instance.Status}; it must be Running or Stopped`)
  const quota = world.instanceTypes[instance.InstanceType]?.EniQuantity
  const count = world.enis.filter((e) => e.InstanceId === instance.InstanceId).length
  if (quota !== undefined && count >= quota) reasons.push(`it already has ${count} of the ${quota} network interfaces its type ${instance.InstanceType} allows`)
  return reasons
}

function Attachment({ eni }: { eni: Eni }) {
  const world = useWorld()
  const action = useAction()
  const [instanceId, setInstanceId] = useState('')
  if (eni.InstanceId !== '') {
    const detach = () =>
      void action.run(() => world.call('ecs', 'DetachNetworkInterface', { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: eni.InstanceId }))
    return (
      <div className="card" aria-label="Attachment">
        <h2>Attachment</h2>
        <p>
          Attached to <Link to={`/instances/${eni.InstanceId}`}>{eni.InstanceId}</Link>.
        </p>
        {eni.Type === 'Primary' ? (
          <p className="muted">The primary network interface stays with its instance.</p>
        ) : (
          <button onClick={detach} disabled={action.busy || eni.Status !== 'InUse'}>
            Detach from {eni.InstanceId}
          </button>
        )}
        <ErrorNote error={action.error} />
      </div>
    )
  }
  const choices = world.instances.map((instance) => ({ instance, reasons: attachBlockers(eni, instance, world) }))
  const attach = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      await world.call('ecs', 'AttachNetworkInterface', { NetworkInterfaceId: eni.NetworkInterfaceId, InstanceId: instanceId })
      setInstanceId('')
    })
  }
  return (
    <form className="card" onSubmit={attach} aria-label="Attach to an instance">
      <h2>Attach to an instance</h2>
      {eni.Status !== 'Available' && <p className="muted">The interface is {eni.Status}; it can be attached once it is Available.</p>}
      {choices.length === 0 && <p className="muted">There are no instances in this region.</p>}
      <ul className="choices">
        {choices.map(({ instance, reasons }) => (
          <li key={instance.InstanceId} className={reasons.length > 0 ? 'blocked' : ''} data-instance={instance.InstanceId}>
            <label className="check">
              <input
                type="radio"
                name="instanceId"
                value={instance.InstanceId}
                disabled={reasons.length > 0}
                checked={instanceId === instance.InstanceId}
                onChange={() => setInstanceId(instance.InstanceId)}
              />
              {label(instance.InstanceName, instance.InstanceId)} <Status value={instance.Status} />
            </label>
            {reasons.length > 0 && <span className="reason">Cannot take it: {reasons.join('; ')}.</span>}
          </li>
        ))}
      </ul>
      <button type="submit" className="primary" disabled={action.busy || instanceId === '' || eni.Status !== 'Available'}>
        Attach
      </button>
      <ErrorNote error={action.error} />
    </form>
  )
}

function PrivateIps({ eni }: { eni: Eni }) {
  const world = useWorld()
  const assign = useAction()
  const unassign = useAction()
  const [unassigning, setUnassigning] = useState('')
  const [address, setAddress] = useState('')
  const [count, setCount] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void assign.run(async () => {
      await world.call('ecs', 'AssignPrivateIpAddresses', {
        NetworkInterfaceId: eni.NetworkInterfaceId,
        PrivateIpAddress: address.trim() === '' ? undefined : address.split(/[\s,]+/).filter((a) => a !== ''),
        SecondaryPrivateIpAddressCount: address.trim() === '' ? count || '1' : undefined,
      })
      setAddress('')
      setCount('')
    })
  }
  const remove = (ip: string) => {
    setUnassigning(ip)
    void unassign.run(() => world.call('ecs', 'UnassignPrivateIpAddresses', { NetworkInterfaceId: eni.NetworkInterfaceId, PrivateIpAddress: [ip] }))
  }
  return (
    <div className="card" aria-label="Private IP addresses">
      <h2>Private IP addresses</h2>
      <table className="list">
        <Columns names={['Address', 'Role', 'Elastic IP', '']} />
        <tbody>
          {eni.PrivateIpSets.PrivateIpSet.map((ip) => (
            <tr key={ip.PrivateIpAddress} data-ip={ip.PrivateIpAddress}>
              <td>
                <code>{ip.PrivateIpAddress}</code>
              </td>
              <td>{ip.Primary ? 'primary' : 'secondary'}</td>
              <td>{ip.AssociatedPublicIp?.PublicIpAddress ?? '—'}</td>
              <td>
                {!ip.Primary && (
                  <button onClick={() => remove(ip.PrivateIpAddress)} disabled={unassign.busy}>
                    Unassign
                  </button>
                )}
                {unassigning === ip.PrivateIpAddress && <ErrorNote error={unassign.error} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="row" onSubmit={submit} aria-label="Assign private IPs">
        <TextField label="Addresses" hint="One or more, separated by commas; or leave empty and give a count." name="assignAddress" value={address} onChange={setAddress} />
        <TextField label="Count" name="assignCount" type="number" min={1} value={count} onChange={setCount} placeholder="1" />
        <button type="submit" disabled={assign.busy}>
          Assign
        </button>
      </form>
      <ErrorNote error={assign.error} />
    </div>
  )
}

function ModifyEni({ eni }: { eni: Eni }) {
  const world = useWorld()
  const action = useAction()
  const [name, setName] = useState(eni.NetworkInterfaceName)
  const [description, setDescription] = useState(eni.Description)
  const [groups, setGroups] = useState(eni.SecurityGroupIds.SecurityGroupId)
  const [queueNumber, setQueueNumber] = useState(eni.QueueNumber === undefined ? '' : String(eni.QueueNumber))
  const candidates = world.securityGroups.filter((g) => g.VpcId === eni.VpcId)
  const primary = eni.Type === 'Primary'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const sameGroups = groups.length === eni.SecurityGroupIds.SecurityGroupId.length && groups.every((g) => eni.SecurityGroupIds.SecurityGroupId.includes(g))
    void action.run(() =>
      world.call('ecs', 'ModifyNetworkInterfaceAttribute', {
        NetworkInterfaceId: eni.NetworkInterfaceId,
        NetworkInterfaceName: name,
        Description: description,
        // Only what changed is sent, so a primary interface's name can change on its own.
        SecurityGroupId: sameGroups ? undefined : groups,
        QueueNumber: queueNumber === String(eni.QueueNumber ?? '') ? undefined : queueNumber,
      }),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-label="Modify network interface">
      <h2>Modify</h2>
      <TextField label="Name" name="modifyName" value={name} onChange={setName} />
      <TextField label="Description" name="modifyDescription" value={description} onChange={setDescription} />
      <GroupPicker candidates={candidates.map((g) => ({ id: g.SecurityGroupId, name: g.SecurityGroupName }))} chosen={groups} onChange={setGroups} />
      <TextField
        label="Queue number"
        hint={primary ? 'Set by the instance type for a primary interface.' : undefined}
        name="modifyQueueNumber"
        type="number"
        min={1}
        value={queueNumber}
        onChange={setQueueNumber}
      />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Save changes
        </button>
      </div>
      <ErrorNote error={action.error} />
    </form>
  )
}

function addresses(eni: Eni): string[] {
  return eni.PrivateIpSets.PrivateIpSet.map((ip) => ip.PrivateIpAddress)
}

export function label(name: string, id: string): string {
  return name === '' || name === id ? id : `${name} (${id})`
}
