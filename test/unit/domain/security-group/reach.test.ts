import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { EffectivePolicy } from '../../../../src/domain/security-group/effective-policy.js'
import { judgeReach, parseReachTarget, parseReachTraffic, type ReachEnd } from '../../../../src/domain/security-group/reach.js'

function policy(fields: Partial<EffectivePolicy> = {}): EffectivePolicy {
  return { ingress: { rules: [], default: 'drop' }, egress: { rules: [], default: 'accept' }, innerAccessPeers: [], ...fields }
}

const httpsIn = policy({
  ingress: {
    rules: [{ priority: 1, policy: 'accept', protocol: 'tcp', portFrom: 443, portTo: 443, peers: ['198.18.0.0/24'], origin: { groupId: 'sg-b', ruleId: 'sgr-1' } }],
    default: 'drop',
  },
})

const end = (eniId: string, address: string, p: EffectivePolicy, vpcId = 'vpc-a'): ReachEnd => ({ eniId, address, vpcId, policy: p })

describe('judgeReach', () => {
  it("allows what the sender's egress and the receiver's ingress both accept, naming what decided each", () => {
    const verdict = judgeReach(end('eni-a', '198.18.0.5', policy()), end('eni-b', '198.18.1.5', httpsIn), { protocol: 'tcp', port: 443 })
    assert.deepEqual(verdict, {
      allowed: true,
      egress: { verdict: 'accept', decidedBy: { kind: 'default' } },
      ingress: { verdict: 'accept', decidedBy: { kind: 'rule', groupId: 'sg-b', ruleId: 'sgr-1', priority: 1 } },
    })
  })

  it('denies what either side drops', () => {
    assert.equal(judgeReach(end('eni-a', '198.18.0.5', policy()), end('eni-b', '198.18.1.5', httpsIn), { protocol: 'tcp', port: 22 }).allowed, false)
    const closedOut = policy({ egress: { rules: [], default: 'drop' } })
    const verdict = judgeReach(end('eni-a', '198.18.0.5', closedOut), end('eni-b', '198.18.1.5', httpsIn), { protocol: 'tcp', port: 443 })
    assert.equal(verdict.allowed, false)
    assert.equal(verdict.egress.verdict, 'drop')
  })

  it('refuses one ENI as both ends, and ends in two VPCs', () => {
    assert.throws(() => judgeReach(end('eni-a', '198.18.0.5', policy()), end('eni-a', '198.18.0.6', policy()), { protocol: 'icmp' }), {
      code: 'InvalidParameter',
    })
    assert.throws(() => judgeReach(end('eni-a', '198.18.0.5', policy()), end('eni-b', '198.18.0.5', policy(), 'vpc-b'), { protocol: 'icmp' }), {
      code: 'InvalidOperation.VpcMismatch',
    })
  })
})

describe('parseReachTarget', () => {
  it('reads an ENI ID, an instance ID or an address', () => {
    assert.deepEqual(parseReachTarget('eni-abc123', 'from'), { kind: 'eni', eniId: 'eni-abc123' })
    assert.deepEqual(parseReachTarget('i-abc123', 'from'), { kind: 'instance', instanceId: 'i-abc123' })
    assert.deepEqual(parseReachTarget('198.18.0.5', 'from'), { kind: 'address', address: '198.18.0.5' })
  })

  it('refuses anything else with InvalidParameter, naming the end', () => {
    for (const text of ['sg-1', 'eni-', '198.18.0', 'ENI-ABC', '']) assert.throws(() => parseReachTarget(text, 'to'), { code: 'InvalidParameter', message: /^to/ })
  })
})

describe('parseReachTraffic', () => {
  it('reads TCP and UDP with a port and ICMP without one, in any case', () => {
    assert.deepEqual(parseReachTraffic('TCP', '443'), { protocol: 'tcp', port: 443 })
    assert.deepEqual(parseReachTraffic('udp', '53'), { protocol: 'udp', port: 53 })
    assert.deepEqual(parseReachTraffic('icmp', undefined), { protocol: 'icmp' })
  })

  it('refuses other protocols, missing or bad ports, and a port for ICMP', () => {
    for (const [protocol, port] of [['gre', '1'], ['tcp', undefined], ['tcp', '0'], ['udp', '65536'], ['tcp', 'http'], ['icmp', '8']] as const) {
      assert.throws(() => parseReachTraffic(protocol, port), { code: 'InvalidParameter' }, `${protocol}/${port}`)
    }
  })
})
