/**
 * `npm run bench:policy`: compiling security-group policies, in process (pure domain code).
 *
 * A world of 1,000 ENIs in 100 groups (each ENI in 1–3 groups, two addresses each) with 1,000,
 * 10,000 or 100,000 rules, a third of them naming a group as peer. Measured:
 * - the effective policies of all 1,000 ENIs from scratch: `compileEffectivePolicies` (what
 *   `compilePolicies` runs after its queries) and `PolicyCompiler.build`, against a baseline from
 *   the same run that only gathers each ENI's rules (every (ENI, rule) pair touched once, the least
 *   any compiler must do);
 * - one incremental change in a built `PolicyCompiler` (a rule added, a rule removed, an ENI
 *   joining a group, an address added), against recompiling from scratch the ENIs that change
 *   affects, with `compileEffectivePolicy`.
 * Aim (issue 3): one change under 5 ms, growing with the change, not with the number of rules.
 */
import { performance } from 'node:perf_hooks'
import { compileEffectivePolicies, compileEffectivePolicy, type PolicyRule, type PolicyWorld } from '../src/domain/security-group/effective-policy.js'
import { PolicyCompiler, type PolicySnapshot } from '../src/domain/security-group/policy-compiler.js'

const ENIS = 1000
const GROUPS = 100
const RULE_COUNTS = (process.env.BENCH_RULES ?? '1000,10000,100000').split(',').map(Number)
const CHANGES = 200

/** A small deterministic generator (mulberry32), so every run measures the same world. */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const groupId = (i: number) => `sg-${String(i).padStart(4, '0')}`
const eniId = (i: number) => `eni-${String(i).padStart(5, '0')}`
const address = (eni: number, k: number) => `198.18.${eni >> 6}.${(eni & 63) * 2 + 1 + k}`

function makeRule(random: () => number, id: string, group: number): PolicyRule {
  const peer =
    random() < 1 / 3
      ? { kind: 'group' as const, groupId: groupId((group + 1 + Math.floor(random() * 19)) % GROUPS) }
      : { kind: 'cidr' as const, cidr: `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.0/24` }
  const tcp = random() < 0.8
  const port = 1 + Math.floor(random() * 60000)
  return {
    id,
    direction: random() < 0.7 ? 'ingress' : 'egress',
    protocol: tcp ? 'TCP' : 'ALL',
    portFrom: tcp ? port : -1,
    portTo: tcp ? port + Math.floor(random() * 10) : -1,
    peer,
    local: null,
    policy: random() < 0.2 ? 'Drop' : 'Accept',
    priority: 1 + Math.floor(random() * 100),
  }
}

function makeSnapshot(rules: number): PolicySnapshot {
  const random = seeded(rules)
  const groups = Array.from({ length: GROUPS }, (_, g) => ({
    id: groupId(g),
    type: 'normal' as const,
    innerAccessPolicy: g % 2 === 0 ? ('Accept' as const) : ('Drop' as const),
    rules: [] as PolicyRule[],
  }))
  for (let r = 0; r < rules; r++) {
    const g = r % GROUPS
    groups[g]?.rules.push(makeRule(random, `sgr-${String(r).padStart(7, '0')}`, g))
  }
  const enis = Array.from({ length: ENIS }, (_, e) => {
    const count = 1 + Math.floor(random() * 3)
    const groupIds = [...new Set(Array.from({ length: count }, () => groupId(Math.floor(random() * GROUPS))))]
    return { id: eniId(e), groupIds, addresses: [address(e, 0), address(e, 1)] }
  })
  return { groups, enis }
}

function worldOf(snapshot: PolicySnapshot): PolicyWorld {
  const memberAddresses = new Map<string, string[]>()
  for (const eni of snapshot.enis) for (const g of eni.groupIds) memberAddresses.set(g, [...(memberAddresses.get(g) ?? []), ...eni.addresses])
  return { groups: new Map(snapshot.groups.map((g) => [g.id, g])), memberAddresses }
}

function time(run: () => unknown): number {
  const start = performance.now()
  run()
  return performance.now() - start
}

/** The median of `repeat` runs, after one warm-up. */
function median(repeat: number, run: () => unknown): number {
  run()
  const times = Array.from({ length: repeat }, () => time(run)).sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)] ?? 0
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0
}

const ms = (value: number) => value.toFixed(value < 1 ? 3 : 1)

interface ChangeStats {
  p50: number
  p99: number
  enis: number
  fromScratch: number
}

/**
 * Applies `CHANGES` changes one at a time, timing each; then, for comparison, recompiles the ENIs
 * each change affected from scratch (on the state after the change).
 */
function measureChanges(
  compiler: PolicyCompiler,
  snapshot: PolicySnapshot,
  make: (i: number) => { apply: () => string[]; undo: () => void },
): ChangeStats {
  const times: number[] = []
  const affectedCounts: number[] = []
  const scratch: number[] = []
  const world = worldOf(snapshot)
  const groupsOf = new Map(snapshot.enis.map((e) => [e.id, e.groupIds]))
  for (let i = 0; i < CHANGES; i++) {
    const change = make(i)
    let affected: string[] = []
    times.push(time(() => (affected = change.apply())))
    affectedCounts.push(affected.length)
    // Recompiling from scratch is slow at 100,000 rules (seconds): three samples suffice.
    if (i % 67 === 0) scratch.push(time(() => affected.forEach((id) => compileEffectivePolicy(groupsOf.get(id) ?? [], world))))
    change.undo()
  }
  return {
    p50: percentile(times, 0.5),
    p99: percentile(times, 0.99),
    enis: affectedCounts.reduce((a, b) => a + b, 0) / affectedCounts.length,
    fromScratch: percentile(scratch, 0.5),
  }
}

process.stdout.write(
  `# Security-group policy compilation: ${ENIS} ENIs, ${GROUPS} groups (node ${process.version})\n\n` +
    '| rules | baseline: gather each ENI\'s rules | all ENIs, compileEffectivePolicies | vs baseline | all ENIs, PolicyCompiler.build | vs baseline |\n' +
    '|---:|---:|---:|---:|---:|---:|\n',
)
const changeRows: string[] = []
for (const rules of RULE_COUNTS) {
  const snapshot = makeSnapshot(rules)
  const world = worldOf(snapshot)
  const repeat = rules >= 100_000 ? 3 : 7
  const eniGroups = new Map(snapshot.enis.map((e) => [e.id, e.groupIds]))
  const baseline = median(repeat, () => {
    let pairs = 0
    for (const groupIds of eniGroups.values()) {
      const gathered: PolicyRule[] = []
      for (const g of groupIds) gathered.push(...(world.groups.get(g)?.rules ?? []))
      pairs += gathered.length
    }
    return pairs
  })
  const batch = median(repeat, () => compileEffectivePolicies(eniGroups, world))
  const build = median(repeat, () => PolicyCompiler.build(snapshot))
  process.stdout.write(
    `| ${rules.toLocaleString('en')} | ${ms(baseline)} ms | ${ms(batch)} ms | ×${(batch / baseline).toFixed(1)} | ${ms(build)} ms | ×${(build / baseline).toFixed(1)} |\n`,
  )

  const compiler = PolicyCompiler.build(snapshot)
  const random = seeded(7)
  const changes: Array<[string, ChangeStats]> = [
    [
      'a rule added (then removed)',
      measureChanges(compiler, snapshot, (i) => {
        const group = Math.floor(random() * GROUPS)
        const rule = makeRule(random, `sgr-new-${i}`, group)
        return { apply: () => compiler.addRule(groupId(group), rule), undo: () => compiler.removeRule(rule.id) }
      }),
    ],
    [
      'a rule removed (then put back)',
      measureChanges(compiler, snapshot, () => {
        const group = snapshot.groups[Math.floor(random() * GROUPS)]
        const rule = group?.rules[Math.floor(random() * group.rules.length)]
        if (group === undefined || rule === undefined) return { apply: () => [], undo: () => {} }
        return { apply: () => compiler.removeRule(rule.id), undo: () => compiler.addRule(group.id, rule) }
      }),
    ],
    [
      'an ENI joins a group (then leaves)',
      measureChanges(compiler, snapshot, () => {
        const eni = snapshot.enis[Math.floor(random() * ENIS)]
        const extra = groupId(Math.floor(random() * GROUPS))
        if (eni === undefined || eni.groupIds.includes(extra)) return { apply: () => [], undo: () => {} }
        return { apply: () => compiler.setEniGroups(eni.id, [...eni.groupIds, extra]), undo: () => compiler.setEniGroups(eni.id, eni.groupIds) }
      }),
    ],
    [
      'an address added to an ENI (then removed)',
      measureChanges(compiler, snapshot, (i) => {
        const e = Math.floor(random() * ENIS)
        const added = `198.19.${i >> 8}.${i & 255}`
        return { apply: () => compiler.addAddress(eniId(e), added), undo: () => compiler.removeAddress(eniId(e), added) }
      }),
    ],
  ]
  for (const [label, s] of changes) {
    changeRows.push(
      `| ${rules.toLocaleString('en')} | ${label} | ${ms(s.p50)} ms | ${ms(s.p99)} ms | ${s.enis.toFixed(1)} | ${ms(s.fromScratch)} ms | ×${(s.fromScratch / Math.max(s.p50, 0.001)).toFixed(0)} |`,
    )
  }
}
process.stdout.write(
  '\n| rules | one change in PolicyCompiler | p50 | p99 | ENIs affected (mean) | baseline: those ENIs from scratch (p50) | baseline / change |\n' +
    '|---:|---|---:|---:|---:|---:|---:|\n' +
    `${changeRows.join('\n')}\n`,
)
