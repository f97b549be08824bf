import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  parseIpProtocol,
  parseNicType,
  parsePermission,
  parsePortRange,
  parsePriority,
  parseRuleCidr,
  parseRuleDescription,
  parseRulePolicy,
  ruleSpecOf,
  type RawPermission,
} from '../../../../src/domain/security-group/permission.js'

const ssh: RawPermission = { ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }

describe('parsePermission', () => {
  it('reads an inbound rule whose peer is the source and whose other side is the destination', () => {
    assert.deepEqual(parsePermission({ ...ssh, destCidrIp: '198.18.0.5', policy: 'DROP', priority: '7', nicType: 'intranet', description: 'ssh' }, 'ingress'), {
      direction: 'ingress',
      protocol: 'TCP',
      portFrom: 22,
      portTo: 22,
      peer: { kind: 'cidr', cidr: '10.0.0.0/8' },
      local: '198.18.0.5',
      policy: 'Drop',
      priority: 7,
      description: 'ssh',
    })
  })

  it('reads an outbound rule whose peer is the destination and whose other side is the source', () => {
    const p = parsePermission({ ipProtocol: 'udp', portRange: '53/53', destCidrIp: '8.8.8.8', sourceCidrIp: '198.18.0.0/24' }, 'egress')
    assert.deepEqual(p.peer, { kind: 'cidr', cidr: '8.8.8.8' })
    assert.equal(p.local, '198.18.0.0/24')
  })

  it('takes a group as peer, the CIDR block winning when both are given', () => {
    assert.deepEqual(parsePermission({ ipProtocol: 'all', portRange: '-1/-1', sourceGroupId: 'sg-2' }, 'ingress').peer, { kind: 'group', groupId: 'sg-2' })
    assert.deepEqual(parsePermission({ ...ssh, sourceGroupId: 'sg-2' }, 'ingress').peer, { kind: 'cidr', cidr: '10.0.0.0/8' })
    assert.deepEqual(parsePermission({ ipProtocol: 'icmp', portRange: '-1/-1', destGroupId: 'sg-3' }, 'egress').peer, { kind: 'group', groupId: 'sg-3' })
  })

  it('leaves priority, other side and description unset when not given, and accepts by default', () => {
    const p = parsePermission(ssh, 'ingress')
    assert.equal(p.policy, 'Accept')
    assert.equal(p.priority, undefined)
    assert.equal(p.local, undefined)
    assert.equal(p.description, undefined)
  })

  it('requires a protocol, a port range and a peer of the right side', () => {
    assert.throws(() => parsePermission({ portRange: '22/22', sourceCidrIp: '10.0.0.0/8' }, 'ingress', 'Permissions.1.'), {
      code: 'MissingParameter',
      message: /Permissions\.1\.IpProtocol/,
    })
    assert.throws(() => parsePermission({ ipProtocol: 'tcp', sourceCidrIp: '10.0.0.0/8' }, 'ingress'), { code: 'MissingParameter', message: /PortRange/ })
    assert.throws(() => parsePermission({ ipProtocol: 'tcp', portRange: '22/22', destCidrIp: '10.0.0.1' }, 'ingress'), { code: 'MissingParameter.Source' })
    assert.throws(() => parsePermission({ ipProtocol: 'tcp', portRange: '22/22', sourceCidrIp: '10.0.0.1' }, 'egress'), { code: 'MissingParameter.Dest' })
  })

  it('names malformed addresses by the field they came in', () => {
    assert.throws(() => parsePermission({ ...ssh, sourceCidrIp: '10.0.0.1/8' }, 'ingress'), { code: 'InvalidSourceCidrIp.Malformed' })
    assert.throws(() => parsePermission({ ...ssh, destCidrIp: 'nope' }, 'ingress'), { code: 'InvalidDestCidrIp.Malformed' })
    assert.throws(() => parsePermission({ ipProtocol: 'tcp', portRange: '1/2', destCidrIp: '300.0.0.0/8' }, 'egress'), { code: 'InvalidDestCidrIp.Malformed' })
    assert.throws(() => parsePermission({ ipProtocol: 'tcp', portRange: '1/2', destCidrIp: '10.0.0.0/8', sourceCidrIp: '::1' }, 'egress'), {
      code: 'InvalidSourceCidrIp.Malformed',
    })
  })

  it('checks policy, priority, NIC type and description', () => {
    assert.throws(() => parsePermission({ ...ssh, policy: 'allow' }, 'ingress'), { code: 'InvalidPolicy.Malformed' })
    assert.throws(() => parsePermission({ ...ssh, priority: 'high' }, 'ingress'), { code: 'InvalidPriority.Malformed' })
    assert.throws(() => parsePermission({ ...ssh, priority: '101' }, 'ingress'), { code: 'InvalidPriority.ValueNotSupported' })
    assert.throws(() => parsePermission({ ...ssh, nicType: 'public' }, 'ingress'), { code: 'InvalidNicType.ValueNotSupported' })
    assert.throws(() => parsePermission({ ...ssh, description: 'x'.repeat(513) }, 'ingress'), { code: 'InvalidSecurityGroupDiscription.Malformed' })
  })
})

describe('ruleSpecOf', () => {
  it('fills priority 1, no other side and an empty description', () => {
    const spec = ruleSpecOf(parsePermission(ssh, 'ingress'))
    assert.equal(spec.priority, 1)
    assert.equal(spec.local, null)
    assert.equal(spec.description, '')
  })
})

describe('parseIpProtocol', () => {
  it('reads tcp, udp, icmp and all in any case', () => {
    assert.deepEqual(['tcp', 'UDP', 'Icmp', 'aLL'].map(parseIpProtocol), ['TCP', 'UDP', 'ICMP', 'ALL'])
  })

  it('refuses GRE, ICMPv6, numbers and nonsense with InvalidIpProtocol.ValueNotSupported', () => {
    for (const value of ['gre', 'icmpv6', '6', 'tcp ', '']) assert.throws(() => parseIpProtocol(value), { code: 'InvalidIpProtocol.ValueNotSupported' })
  })
})

describe('parsePortRange', () => {
  it('reads TCP and UDP ranges within 1–65535', () => {
    assert.deepEqual(parsePortRange('TCP', '1/65535'), [1, 65535])
    assert.deepEqual(parsePortRange('UDP', '53/53'), [53, 53])
  })

  it('reads -1/-1 for ICMP and ALL', () => {
    assert.deepEqual(parsePortRange('ICMP', '-1/-1'), [-1, -1])
    assert.deepEqual(parsePortRange('ALL', '-1/-1'), [-1, -1])
  })

  it('refuses what is not a range, or a TCP range out of bounds or reversed, with InvalidParam.PortRange', () => {
    for (const value of ['22', '22-23', 'a/b', '0/10', '10/65536', '30/20', '/22', '1/2/3']) {
      assert.throws(() => parsePortRange('TCP', value), { code: 'InvalidParam.PortRange' }, value)
    }
  })

  it('refuses a range of the wrong kind for the protocol with OperationDenied', () => {
    assert.throws(() => parsePortRange('TCP', '-1/-1'), { code: 'OperationDenied' })
    assert.throws(() => parsePortRange('ICMP', '1/1'), { code: 'OperationDenied' })
    assert.throws(() => parsePortRange('ALL', '1/65535'), { code: 'OperationDenied' })
  })
})

describe('parseRuleCidr', () => {
  it('keeps a block and a single address as given, and reads a /32 as its address', () => {
    assert.equal(parseRuleCidr('0.0.0.0/0', 'InvalidSourceCidrIp.Malformed'), '0.0.0.0/0')
    assert.equal(parseRuleCidr('10.1.2.3', 'InvalidSourceCidrIp.Malformed'), '10.1.2.3')
    assert.equal(parseRuleCidr('10.1.2.3/32', 'InvalidSourceCidrIp.Malformed'), '10.1.2.3')
  })

  it('refuses host bits, bad prefixes and non-IPv4 text under the given code', () => {
    for (const value of ['10.0.0.1/8', '10.0.0.0/33', '10.0.0', '010.0.0.1', '2001:db8::/32', '']) {
      assert.throws(() => parseRuleCidr(value, 'InvalidDestCidrIp.Malformed'), { code: 'InvalidDestCidrIp.Malformed' }, value)
    }
  })
})

describe('parseRulePolicy, parsePriority, parseNicType, parseRuleDescription', () => {
  it('reads accept and drop in any case', () => {
    assert.equal(parseRulePolicy('ACCEPT'), 'Accept')
    assert.equal(parseRulePolicy('drop'), 'Drop')
  })

  it('reads priorities 1 to 100 only', () => {
    assert.equal(parsePriority('1'), 1)
    assert.equal(parsePriority('100'), 100)
    assert.throws(() => parsePriority('0'), { code: 'InvalidPriority.ValueNotSupported' })
    assert.throws(() => parsePriority('-5'), { code: 'InvalidPriority.ValueNotSupported' })
    assert.throws(() => parsePriority('1.5'), { code: 'InvalidPriority.Malformed' })
  })

  it('reads internet as intranet, the only NIC a VPC group filters', () => {
    assert.equal(parseNicType('Internet'), 'intranet')
    assert.equal(parseNicType('intranet'), 'intranet')
  })

  it('takes descriptions of 1 to 512 characters, counted as characters', () => {
    assert.equal(parseRuleDescription('é'.repeat(512)), 'é'.repeat(512))
    assert.throws(() => parseRuleDescription(''), { code: 'InvalidSecurityGroupDiscription.Malformed' })
  })
})
