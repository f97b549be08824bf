import { useState } from 'react'
import { ConfirmButton, ErrorNote, NotFound, Status, useAction } from '../components'
import { Columns, EmptyList, IdCell, matchesText, StatusFilter, TextFilter } from '../list'
import { Link, navigate } from '../router'
import { useWorld, type Eni, type Instance, type World } from '../world'
import { label } from './network-interfaces'

export function InstancesPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const [status, setStatus] = useState('')
  const shown = world.instances.filter(
    (i) =>
      (status === '' || i.Status === status) &&
      matchesText(text, [i.InstanceId, i.InstanceName, i.InstanceType, i.ZoneId, ...enisOf(world, i.InstanceId).map((e) => e.PrivateIpAddress)]),
  )
  return (
    <section>
      <div className="page-head">
        <h1>Instances</h1>
      </div>
      <div className="filters">
        <TextFilter placeholder="Filter by ID, name, type, zone or IP" value={text} onChange={setText} />
        <StatusFilter statuses={['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']} value={status} onChange={setStatus} />
      </div>
      <table className="list" data-testid="instance-list">
        <Columns names={['ID / name', 'Status', 'Type', 'Zone', 'VPC / vSwitch', 'Network interfaces', '']} />
        <tbody>
          {shown.map((instance) => (
            <tr key={instance.InstanceId} data-instance={instance.InstanceId}>
              <IdCell to={`/instances/${instance.InstanceId}`} id={instance.InstanceId} name={instance.InstanceName} />
              <td>
                <Status value={instance.Status} />
              </td>
              <td>{instance.InstanceType}</td>
              <td>{instance.ZoneId}</td>
              <td>
                {instance.VpcAttributes.VpcId} / {instance.VpcAttributes.VSwitchId}
              </td>
              <td>{enisOf(world, instance.InstanceId).length}</td>
              <td>
                <PowerActions instance={instance} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <EmptyList what="instances" shown={shown.length} total={world.instances.length} />
    </section>
  )
}

function PowerActions({ instance, afterDelete }: { instance: Instance; afterDelete?: () => void }) {
  const world = useWorld()
  const action = useAction()
  const power = (name: 'StartInstance' | 'StopInstance') => void action.run(() => world.call('ecs', name, { InstanceId: instance.InstanceId }))
  const remove = () =>
    void action.run(async () => {
      await world.call('ecs', 'DeleteInstance', { InstanceId: instance.InstanceId })
      afterDelete?.()
    })
  return (
    <div className="inline-action">
      <button onClick={() => power('StartInstance')} disabled={action.busy || instance.Status !== 'Stopped'}>
        Start
      </button>
      <button onClick={() => power('StopInstance')} disabled={action.busy || instance.Status !== 'Running'}>
        Stop
      </button>
      <ConfirmButton label="Delete" confirm={`Yes, delete ${instance.InstanceId}`} busy={action.busy} onConfirm={remove} />
      <ErrorNote error={action.error} />
    </div>
  )
}

/** The instance's interfaces by device index, the primary (index 0) first. */
function enisOf(world: Pick<World, 'enis'>, instanceId: string): Eni[] {
  return world.enis
    .filter((e) => e.InstanceId === instanceId)
    .sort((a, b) => (a.Attachment?.DeviceIndex ?? Infinity) - (b.Attachment?.DeviceIndex ?? Infinity))
}

export function InstancePage({ instanceId }: { instanceId: string }) {
  const world = useWorld()
  const instance = world.instances.find((i) => i.InstanceId === instanceId)
  if (instance === undefined) {
    return <NotFound id={instanceId} what="instance" list="/instances" listLabel="All instances" />
  }
  const enis = enisOf(world, instanceId)
  const eipsOf = (eni: Eni) => eni.PrivateIpSets.PrivateIpSet.flatMap((ip) => (ip.AssociatedPublicIp === undefined ? [] : [`${ip.AssociatedPublicIp.PublicIpAddress} → ${ip.PrivateIpAddress}`]))
  return (
    <section data-instance-page={instanceId}>
      <div className="page-head">
        <h1>
          {label(instance.InstanceName, instance.InstanceId)} <Status value={instance.Status} />
        </h1>
        <PowerActions instance={instance} afterDelete={() => navigate('/instances')} />
      </div>
      <dl className="attributes">
        <dt>Type</dt>
        <dd>
          {instance.InstanceType} (up to {world.instanceTypes[instance.InstanceType]?.EniQuantity ?? '?'} network interfaces)
        </dd>
        <dt>Zone</dt>
        <dd>{instance.ZoneId}</dd>
        <dt>VPC / vSwitch</dt>
        <dd>
          {instance.VpcAttributes.VpcId} / {instance.VpcAttributes.VSwitchId}
        </dd>
      </dl>
      <div className="tabs">
        <span className="tab active">Network interfaces ({enis.length})</span>
      </div>
      <table className="list" data-testid="instance-enis">
        <thead>
          <tr>
            <th>Device</th>
            <th>Network interface</th>
            <th>Type</th>
            <th>Status</th>
            <th>MAC</th>
            <th>Private IPs</th>
            <th>Elastic IPs</th>
            <th>Security groups</th>
          </tr>
        </thead>
        <tbody>
          {enis.map((eni) => (
            <tr key={eni.NetworkInterfaceId} data-eni={eni.NetworkInterfaceId}>
              <td>eth{eni.Attachment?.DeviceIndex ?? '?'}</td>
              <td>
                <Link to={`/network-interfaces/${eni.NetworkInterfaceId}`}>{eni.NetworkInterfaceId}</Link>
              </td>
              <td>{eni.Type}</td>
              <td>
                <Status value={eni.Status} />
              </td>
              <td>
                <code>{eni.MacAddress}</code>
              </td>
              <td>{eni.PrivateIpSets.PrivateIpSet.map((ip) => ip.PrivateIpAddress).join(', ')}</td>
              <td>{eipsOf(eni).join(', ') || '—'}</td>
              <td>{eni.SecurityGroupIds.SecurityGroupId.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
