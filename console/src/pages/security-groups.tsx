import { useEffect, useState, type FormEvent } from 'react'
import { ConfirmButton, ErrorNote, Field, NotFound, TextField, useAction } from '../components'
import { Columns, EmptyList, IdCell, matchesText, TextFilter } from '../list'
import { navigate } from '../router'
import { useWorld } from '../world'
import { label } from './network-interfaces'

export function SecurityGroupsPage() {
  const world = useWorld()
  const [text, setText] = useState('')
  const shown = world.securityGroups.filter((g) => matchesText(text, [g.SecurityGroupId, g.SecurityGroupName, g.VpcId]))
  return (
    <section>
      <div className="page-head">
        <h1>Security groups</h1>
      </div>
      <CreateGroupForm />
      <div className="filters">
        <TextFilter placeholder="Filter by ID, name or VPC" value={text} onChange={setText} />
      </div>
      <table className="list" data-testid="group-list">
        <Columns names={['ID / name', 'VPC', 'Network interfaces']} />
        <tbody>
          {shown.map((g) => (
            <tr key={g.SecurityGroupId} data-group={g.SecurityGroupId}>
              <IdCell to={`/security-groups/${g.SecurityGroupId}`} id={g.SecurityGroupId} name={g.SecurityGroupName} />
              <td>{g.VpcId}</td>
              <td>{world.enis.filter((e) => e.SecurityGroupIds.SecurityGroupId.includes(g.SecurityGroupId)).length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <EmptyList what="security groups" shown={shown.length} total={world.securityGroups.length} />
    </section>
  )
}

function CreateGroupForm() {
  const world = useWorld()
  const action = useAction()
  const [vpcId, setVpcId] = useState(world.vpcs[0]?.VpcId ?? '')
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    void action.run(async () => {
      const created = await world.call<{ SecurityGroupId: string }>('ecs', 'CreateSecurityGroup', { VpcId: vpcId, SecurityGroupName: name, Description: description })
      navigate(`/security-groups/${created.SecurityGroupId}`)
    })
  }
  return (
    <form className="card row" onSubmit={submit} aria-label="Create a security group">
      <Field label="VPC">
        <select name="groupVpc" value={vpcId} onChange={(e) => setVpcId(e.target.value)}>
          {world.vpcs.map((v) => (
            <option key={v.VpcId} value={v.VpcId}>
              {label(v.VpcName, v.VpcId)}
            </option>
          ))}
        </select>
      </Field>
      <TextField label="Name" name="groupName" value={name} onChange={setName} />
      <TextField label="Description" name="groupDescription" value={description} onChange={setDescription} />
      <button type="submit" className="primary" disabled={action.busy}>
        Create security group
      </button>
      <ErrorNote error={action.error} />
    </form>
  )
}

interface Rule {
  SecurityGroupRuleId: string
  Direction: 'ingress' | 'egress'
  IpProtocol: string
  PortRange: string
  SourceCidrIp: string
  DestCidrIp: string
  SourceGroupId: string
  DestGroupId: string
  Policy: string
  Priority: string
  Description: string
}

export function SecurityGroupPage({ groupId }: { groupId: string }) {
  const world = useWorld()
  const group = world.securityGroups.find((g) => g.SecurityGroupId === groupId)
  const [rules, setRules] = useState<Rule[] | undefined>(undefined)
  const [loadError, setLoadError] = useState<unknown>(undefined)
  const remove = useAction()
  const revoke = useAction()
  const { call } = world
  // Rules are not in the lists: read them again whenever the change log names this group.
  const revision = world.revisions[groupId]
  useEffect(() => {
    let current = true
    call<{ Permissions: { Permission: Rule[] } }>('ecs', 'DescribeSecurityGroupAttribute', { SecurityGroupId: groupId, Direction: 'all' }).then(
      (answer) => current && setRules(answer.Permissions.Permission),
      (err: unknown) => current && setLoadError(err),
    )
    return () => {
      current = false
    }
  }, [call, groupId, revision])
  if (group === undefined) return <NotFound id={groupId} what="security group" list="/security-groups" listLabel="All security groups" />
  const deleteGroup = () =>
    void remove.run(async () => {
      await world.call('ecs', 'DeleteSecurityGroup', { SecurityGroupId: groupId })
      navigate('/security-groups')
    })
  const revokeRule = (rule: Rule) =>
    void revoke.run(() =>
      world.call('ecs', rule.Direction === 'ingress' ? 'RevokeSecurityGroup' : 'RevokeSecurityGroupEgress', {
        SecurityGroupId: groupId,
        SecurityGroupRuleId: [rule.SecurityGroupRuleId],
      }),
    )
  return (
    <section data-group-page={groupId}>
      <div className="page-head">
        <h1>{label(group.SecurityGroupName, groupId)}</h1>
        <div className="inline-action">
          <ConfirmButton label="Delete group" confirm="Yes, delete the group" busy={remove.busy} onConfirm={deleteGroup} />
          <ErrorNote error={remove.error} />
        </div>
      </div>
      <dl className="attributes">
        <dt>VPC</dt>
        <dd>{group.VpcId}</dd>
        <dt>Network interfaces</dt>
        <dd>
          {world.enis
            .filter((e) => e.SecurityGroupIds.SecurityGroupId.includes(groupId))
            .map((e) => e.NetworkInterfaceId)
            .join(', ') || '—'}
        </dd>
      </dl>
      <h2>Rules</h2>
      <ErrorNote error={loadError} />
      <table className="list" data-testid="rule-list">
        <Columns names={['Direction', 'Policy', 'Priority', 'Protocol', 'Ports', 'Peer', 'Description', '']} />
        <tbody>
          {(rules ?? []).map((rule) => (
            <tr key={rule.SecurityGroupRuleId} data-rule={rule.SecurityGroupRuleId}>
              <td>{rule.Direction === 'ingress' ? 'inbound' : 'outbound'}</td>
              <td>{rule.Policy}</td>
              <td>{rule.Priority}</td>
              <td>{rule.IpProtocol}</td>
              <td>{rule.PortRange}</td>
              <td>{rule.Direction === 'ingress' ? rule.SourceGroupId || rule.SourceCidrIp : rule.DestGroupId || rule.DestCidrIp}</td>
              <td>{rule.Description}</td>
              <td>
                <button onClick={() => revokeRule(rule)} disabled={revoke.busy}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rules !== undefined && rules.length === 0 && <p className="muted">No rules: nothing comes in, and nothing goes out but what the group’s defaults allow.</p>}
      <ErrorNote error={revoke.error} />
      <AddRuleForm groupId={groupId} vpcId={group.VpcId} />
    </section>
  )
}

function AddRuleForm({ groupId, vpcId }: { groupId: string; vpcId: string }) {
  const world = useWorld()
  const action = useAction()
  const [direction, setDirection] = useState<'ingress' | 'egress'>('ingress')
  const [policy, setPolicy] = useState('Accept')
  const [protocol, setProtocol] = useState('TCP')
  const [ports, setPorts] = useState('22/22')
  const [peerKind, setPeerKind] = useState<'cidr' | 'group'>('cidr')
  const [peer, setPeer] = useState('0.0.0.0/0')
  const [priority, setPriority] = useState('1')
  const [description, setDescription] = useState('')
  const ingress = direction === 'ingress'
  const submit = (event: FormEvent) => {
    event.preventDefault()
    const peerField = peerKind === 'cidr' ? (ingress ? 'SourceCidrIp' : 'DestCidrIp') : ingress ? 'SourceGroupId' : 'DestGroupId'
    void action.run(() =>
      world.call('ecs', ingress ? 'AuthorizeSecurityGroup' : 'AuthorizeSecurityGroupEgress', {
        SecurityGroupId: groupId,
        'Permissions.1.IpProtocol': protocol,
        'Permissions.1.PortRange': ports.trim(),
        [`Permissions.1.${peerField}`]: peer.trim(),
        'Permissions.1.Policy': policy,
        'Permissions.1.Priority': priority,
        'Permissions.1.Description': description,
      }),
    )
  }
  return (
    <form className="card form" onSubmit={submit} aria-label="Add a rule">
      <h2>Add a rule</h2>
      <Field label="Direction">
        <select name="direction" value={direction} onChange={(e) => setDirection(e.target.value as 'ingress' | 'egress')}>
          <option value="ingress">inbound</option>
          <option value="egress">outbound</option>
        </select>
      </Field>
      <Field label="Policy">
        <select name="policy" value={policy} onChange={(e) => setPolicy(e.target.value)}>
          <option>Accept</option>
          <option>Drop</option>
        </select>
      </Field>
      <Field label="Protocol">
        <select name="protocol" value={protocol} onChange={(e) => setProtocol(e.target.value)}>
          {['TCP', 'UDP', 'ICMP', 'ALL'].map((p) => (
            <option key={p}>{p}</option>
          ))}
        </select>
      </Field>
      <TextField label="Port range" hint="from/to, e.g. 80/80; -1/-1 for ICMP and ALL" name="ports" value={ports} onChange={setPorts} />
      <Field label={ingress ? 'Source' : 'Destination'}>
        <select name="peerKind" value={peerKind} onChange={(e) => (setPeerKind(e.target.value as 'cidr' | 'group'), setPeer(''))}>
          <option value="cidr">addresses (CIDR)</option>
          <option value="group">a security group</option>
        </select>
      </Field>
      {peerKind === 'cidr' ? (
        <TextField label="CIDR" name="peerCidr" value={peer} onChange={setPeer} />
      ) : (
        <Field label="Security group">
          <select name="peerGroup" value={peer} onChange={(e) => setPeer(e.target.value)}>
            <option value="">Choose…</option>
            {world.securityGroups
              .filter((g) => g.VpcId === vpcId)
              .map((g) => (
                <option key={g.SecurityGroupId} value={g.SecurityGroupId}>
                  {label(g.SecurityGroupName, g.SecurityGroupId)}
                </option>
              ))}
          </select>
        </Field>
      )}
      <TextField label="Priority (1 is first)" name="priority" type="number" min={1} max={100} value={priority} onChange={setPriority} />
      <TextField label="Description" name="ruleDescription" value={description} onChange={setDescription} />
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Add rule
        </button>
      </div>
      <ErrorNote error={action.error} />
    </form>
  )
}
