/**
 * A plain model of what policies depend on (groups with rules, ENIs with groups and addresses),
 * the world `compileEffectivePolicy` reads from it, and fast-check arbitraries over both.
 */
import fc from 'fast-check'
import type { PolicyGroup, PolicyRule, PolicyWorld } from '../../../../src/domain/security-group/effective-policy.js'
import type { PolicySnapshot } from '../../../../src/domain/security-group/policy-compiler.js'
import type { InnerAccessPolicy, SecurityGroupType } from '../../../../src/domain/security-group/security-group.js'

export interface ModelGroup {
  type: SecurityGroupType
  innerAccessPolicy: InnerAccessPolicy
  rules: PolicyRule[]
}

export interface ModelEni {
  groupIds: string[]
  addresses: string[]
}

export interface Model {
  groups: Map<string, ModelGroup>
  enis: Map<string, ModelEni>
}

/** The world of `model`: every group's members' addresses, also of groups known only as peers. */
export function worldOf(model: Model): PolicyWorld {
  const memberAddresses = new Map<string, string[]>()
  for (const eni of model.enis.values()) {
    for (const groupId of eni.groupIds) memberAddresses.set(groupId, [...(memberAddresses.get(groupId) ?? []), ...eni.addresses])
  }
  return { groups: new Map<string, PolicyGroup>(model.groups), memberAddresses }
}

export function snapshotOf(model: Model): PolicySnapshot {
  return {
    groups: [...model.groups].map(([id, g]) => ({ id, ...g })),
    enis: [...model.enis].map(([id, e]) => ({ id, ...e })),
  }
}

export const GROUP_IDS = ['sg-a', 'sg-b', 'sg-c', 'sg-d']
export const ENI_IDS = ['eni-1', 'eni-2', 'eni-3', 'eni-4', 'eni-5']

/** ENI i holds addresses of 198.18.i.0/24 only, so an address belongs to one ENI, as in the store. */
export function addressOf(eniIndex: number, host: number): string {
  return `198.18.${eniIndex}.${host}`
}

/** Peer blocks that cover some member addresses, all of them, or none. */
const CIDRS = ['198.18.1.0/24', '198.18.0.0/16', '10.0.0.0/8', '198.18.2.7', '0.0.0.0/0', '198.18.3.0/25']

export function ruleArbitrary(id: string): fc.Arbitrary<PolicyRule> {
  const ports = fc.oneof(
    fc.record({ protocol: fc.constantFrom('TCP' as const, 'UDP' as const), from: fc.integer({ min: 1, max: 100 }), span: fc.integer({ min: 0, max: 50 }) }).map(
      ({ protocol, from, span }) => ({ protocol, portFrom: from, portTo: from + span }),
    ),
    fc.constantFrom('ICMP' as const, 'ALL' as const).map((protocol) => ({ protocol, portFrom: -1, portTo: -1 })),
  )
  const peer = fc.oneof(
    fc.constantFrom(...CIDRS).map((cidr) => ({ kind: 'cidr' as const, cidr })),
    fc.constantFrom(...GROUP_IDS, 'sg-elsewhere').map((groupId) => ({ kind: 'group' as const, groupId })),
  )
  return fc
    .record({
      direction: fc.constantFrom('ingress' as const, 'egress' as const),
      ports,
      peer,
      local: fc.option(fc.constantFrom('198.18.1.0/24', '198.18.2.1', '198.18.0.0/16'), { nil: null }),
      policy: fc.constantFrom('Accept' as const, 'Drop' as const),
      priority: fc.integer({ min: 1, max: 4 }),
    })
    .map(({ ports: p, ...rest }) => ({ id, ...rest, ...p }))
}

export const groupAttributesArbitrary = fc.record({
  type: fc.constantFrom<SecurityGroupType>('normal', 'normal', 'enterprise'),
  innerAccessPolicy: fc.constantFrom<InnerAccessPolicy>('Accept', 'Drop'),
})

let ruleSerial = 0

/** A model of up to four groups and five ENIs, each ENI in up to three groups. */
export const modelArbitrary: fc.Arbitrary<Model> = fc
  .record({
    groups: fc.tuple(...GROUP_IDS.map(() => fc.tuple(groupAttributesArbitrary, fc.integer({ min: 0, max: 6 })))),
    enis: fc.tuple(
      ...ENI_IDS.map(() =>
        fc.record({
          groupIds: fc.subarray(GROUP_IDS, { maxLength: 3 }),
          hosts: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 3 }),
        }),
      ),
    ),
  })
  .chain(({ groups, enis }) =>
    fc
      .tuple(...groups.map(([, count]) => fc.tuple(...Array.from({ length: count }, () => ruleArbitrary(`sgr-${String(++ruleSerial).padStart(6, '0')}`)))))
      .map((rules) => ({
        groups: new Map(GROUP_IDS.map((id, i) => [id, { ...(groups[i]?.[0] ?? { type: 'normal', innerAccessPolicy: 'Accept' }), rules: rules[i] ?? [] }])),
        enis: new Map(
          ENI_IDS.map((id, i) => [id, { groupIds: enis[i]?.groupIds ?? [], addresses: (enis[i]?.hosts ?? []).map((h) => addressOf(i, h)) }]),
        ),
      })),
  )

/** Rule IDs that are unique across every model a run generates. */
export function freshRuleId(): string {
  return `sgr-${String(++ruleSerial).padStart(6, '0')}`
}
