/**
 * The operator's config file: regions and zones, per-account quotas, the instance-type catalogue
 * and security settings. This module only validates and completes a parsed document; reading the
 * file is `src/cli/config-file.ts`. Every key is optional and falls back to the built-in default,
 * but an unknown key is an error: a misspelt quota must not silently leave the default in force.
 */
import { z } from 'zod'
import { BUILT_IN_INSTANCE_TYPES, findInstanceTypeProblems, type InstanceType } from './instance-type/catalog.js'
import { cidrsOverlap, parseCidr, type Cidr } from './ipam/cidr.js'

// Exported as `RegionConfig` / `ZoneConfig` from `./region.ts`, next to the rules that use them.
interface ZoneConfig {
  readonly id: string
  readonly localName: string
}

interface RegionConfig {
  readonly id: string
  readonly localName: string
  readonly zones: readonly ZoneConfig[]
}

/** Per-account, per-region limits (spec §4). */
export interface Quotas {
  readonly vpcs: number
  readonly vSwitchesPerVpc: number
  readonly securityGroups: number
  readonly secondaryEnis: number
  readonly securityGroupsPerEni: number
  readonly tagsPerResource: number
  // Route tables.
  /** Custom route entries in one route table (spec §4, §6.14). */
  readonly customRoutesPerTable: number
  // Security group rules.
  /** Inbound and outbound rules together in one group. */
  readonly rulesPerSecurityGroup: number
  /** Rules over all the groups of one ENI (spec §7). */
  readonly rulesPerEni: number
  // Elastic IP addresses.
  readonly eips: number
}

export type QuotaName = keyof Quotas

/** Changes to one instance type: any subset of fields for a built-in id, every field for a new one. */
export type InstanceTypeOverride = Pick<InstanceType, 'instanceTypeId'> & Partial<Omit<InstanceType, 'instanceTypeId'>>

export interface OpenEniConfig {
  readonly regions: readonly RegionConfig[]
  readonly quotas: {
    /** Built-in defaults with the file's `quotas.default` applied. */
    readonly default: Quotas
    /** Keyed by account id; a quota missing here falls back to `default`. */
    readonly accounts: Readonly<Record<string, Partial<Quotas>>>
  }
  readonly instanceTypes: {
    /** Whether `types` is the whole catalogue instead of changes to the built-in one. */
    readonly replace: boolean
    readonly types: readonly InstanceTypeOverride[]
  }
  readonly security: {
    /** How far a request's signed timestamp may be from the server clock (spec §1.6). */
    readonly signatureSkewSeconds: number
  }
  /**
   * The public address pool of each region, as CIDR blocks EIPs are drawn from; a region missing
   * here has none. Absent from the file: the default region's documentation range (see `eipPoolOf`).
   */
  readonly eipPools?: Readonly<Record<string, readonly string[]>>
}

// VPCs per region is not in the spec; 10 is Alibaba's default VPC quota. The rest are §4's figures.
const DEFAULT_QUOTAS: Quotas = {
  vpcs: 10,
  vSwitchesPerVpc: 150,
  securityGroups: 100,
  secondaryEnis: 100,
  securityGroupsPerEni: 5,
  tagsPerResource: 20,
  // Route tables.
  customRoutesPerTable: 200,
  // Security group rules: 200 per group as the reference's newer documents say (older: 100).
  rulesPerSecurityGroup: 200,
  rulesPerEni: 1000,
  // Elastic IP addresses: Alibaba's default EIP quota per account and region.
  eips: 20,
}

// A function, so that each config owns its own copy of the default regions.
function defaultRegions(): RegionConfig[] {
  return [
    {
      id: 'cn-hangzhou',
      localName: 'Local region',
      zones: [
        { id: 'cn-hangzhou-a', localName: 'Local zone A' },
        { id: 'cn-hangzhou-b', localName: 'Local zone B' },
      ],
    },
  ]
}

// Spec §1.6: Alibaba allows 15 minutes between the signed timestamp and the server clock.
const DEFAULT_SIGNATURE_SKEW_SECONDS = 900

// Region ids look like `cn-hangzhou` or `ap-southeast-1`; a zone is its region plus one letter.
const REGION_ID = /^[a-z]+(-[a-z0-9]+)+$/
const ZONE_SUFFIX = /^-[a-z]$/

const wholeNumber = z.int().min(0)

const zoneSchema = z.strictObject({
  id: z.string(),
  localName: z.string().min(1).optional(),
})

const regionSchema = z
  .strictObject({
    id: z.string().regex(REGION_ID, 'region id must look like "cn-hangzhou": lowercase words joined by hyphens'),
    localName: z.string().min(1).optional(),
    zones: z.array(zoneSchema).min(1, 'a region needs at least one zone'),
  })
  .superRefine((region, ctx) => {
    const seen = new Set<string>()
    region.zones.forEach((zone, index) => {
      if (!zone.id.startsWith(region.id) || !ZONE_SUFFIX.test(zone.id.slice(region.id.length))) {
        ctx.addIssue({
          code: 'custom',
          path: ['zones', index, 'id'],
          message: `zone id "${zone.id}" must be the region id, a hyphen and one lowercase letter, e.g. "${region.id}-a"`,
        })
      } else if (seen.has(zone.id)) {
        ctx.addIssue({ code: 'custom', path: ['zones', index, 'id'], message: `zone "${zone.id}" is listed twice` })
      }
      seen.add(zone.id)
    })
  })
  // DescribeRegions and DescribeZones always return a LocalName; without one the id serves.
  .transform(
    (region): RegionConfig => ({
      id: region.id,
      localName: region.localName ?? region.id,
      zones: region.zones.map((zone) => ({ id: zone.id, localName: zone.localName ?? zone.id })),
    }),
  )

const regionsSchema = z
  .array(regionSchema)
  .min(1, 'at least one region is required')
  .superRefine((regions, ctx) => {
    const seen = new Set<string>()
    regions.forEach((region, index) => {
      if (seen.has(region.id)) {
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `region "${region.id}" is listed twice` })
      }
      seen.add(region.id)
    })
  })

const partialQuotasSchema = z
  .strictObject({
    vpcs: wholeNumber,
    vSwitchesPerVpc: wholeNumber,
    securityGroups: wholeNumber,
    secondaryEnis: wholeNumber,
    // Every ENI needs a security group, and RunInstances takes at most 16 (spec §4).
    securityGroupsPerEni: z.int().min(1).max(16),
    tagsPerResource: wholeNumber,
    // Route tables.
    customRoutesPerTable: wholeNumber,
    // Security group rules.
    rulesPerSecurityGroup: wholeNumber,
    rulesPerEni: wholeNumber,
    // Elastic IP addresses.
    eips: wholeNumber,
  })
  .partial()

const quotasSchema = z
  .strictObject({
    default: partialQuotasSchema.optional(),
    accounts: z.record(z.string().min(1, 'account id must not be empty'), partialQuotasSchema).optional(),
  })
  .transform((quotas) => ({
    default: { ...DEFAULT_QUOTAS, ...quotas.default },
    accounts: quotas.accounts ?? {},
  }))

const instanceTypeSchema = z.strictObject({
  instanceTypeId: z
    .string({ error: (issue) => (issue.input === undefined ? 'required: every entry names its type' : undefined) })
    .regex(/^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/, 'instance type id must look like "ecs.<family>.<size>"'),
  instanceTypeFamily: z.string().regex(/^ecs\.[a-z0-9-]+$/, 'instance type family must look like "ecs.<family>"'),
  cpuCoreCount: z.int().min(1),
  memorySize: z.number().positive(),
  instanceCategory: z.string().min(1),
  cpuArchitecture: z.enum(['X86', 'ARM']),
  eniQuantity: z.int().min(1),
  eniTotalQuantity: z.int().min(1),
  eniPrivateIpAddressQuantity: z.int().min(1),
  eniIpv6AddressQuantity: wholeNumber,
  primaryEniQueueNumber: z.int().min(1),
  secondaryEniQueueNumber: z.int().min(1),
  maximumQueueNumberPerEni: z.int().min(1),
  totalEniQueueQuantity: z.int().min(1),
  instanceBandwidthRx: z.int().min(1),
  instanceBandwidthTx: z.int().min(1),
  instancePpsRx: z.int().min(1),
  instancePpsTx: z.int().min(1),
  eniTrunkSupported: z.boolean(),
  networkCardQuantity: z.int().min(1),
  ioOptimizedOptional: z.boolean(),
  hotPlug: z.boolean(),
})

const INSTANCE_TYPE_FIELDS = Object.keys(instanceTypeSchema.shape) as (keyof InstanceType)[]

// Only the id is required in an entry; whether the rest may be left out depends on the id.
const instanceTypeOverrideSchema = instanceTypeSchema
  .partial()
  .extend({ instanceTypeId: instanceTypeSchema.shape.instanceTypeId })

const instanceTypesSchema = z
  .strictObject({
    replace: z.boolean().default(false),
    types: z.array(instanceTypeOverrideSchema).default([]),
  })
  .superRefine(checkInstanceTypeOverrides)

type InstanceTypesSection = { replace: boolean; types: InstanceTypeOverride[] }

function checkInstanceTypeOverrides(section: InstanceTypesSection, ctx: z.RefinementCtx): void {
  if (section.replace && section.types.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['types'], message: 'replace: true needs at least one instance type' })
    return
  }
  const builtIn = new Set(section.replace ? [] : BUILT_IN_INSTANCE_TYPES.map((type) => type.instanceTypeId))
  const indexById = new Map<string, number>()
  let complete = true
  section.types.forEach((override, index) => {
    const id = override.instanceTypeId
    if (indexById.has(id)) {
      ctx.addIssue({ code: 'custom', path: ['types', index, 'instanceTypeId'], message: `"${id}" is listed twice` })
      complete = false
    }
    indexById.set(id, index)
    const missing = builtIn.has(id) ? [] : INSTANCE_TYPE_FIELDS.filter((field) => override[field] === undefined)
    if (missing.length > 0) {
      const reason = section.replace ? 'the built-in catalogue is replaced' : `"${id}" is not a built-in type`
      ctx.addIssue({
        code: 'custom',
        path: ['types', index],
        message: `${reason}, so it needs a full definition; missing: ${missing.join(', ')}`,
      })
      complete = false
    }
  })
  if (!complete) return
  // A partial override can break a rule spanning several fields (default queues above the
  // total), so the merged entries are checked and reported where the operator wrote them.
  for (const type of mergeCatalog(section.replace, section.types)) {
    const index = indexById.get(type.instanceTypeId)
    if (index === undefined) continue
    for (const problem of findInstanceTypeProblems(type)) {
      ctx.addIssue({ code: 'custom', path: ['types', index], message: problem })
    }
  }
}

const configSchema = z.strictObject({
  regions: regionsSchema.default(defaultRegions),
  quotas: quotasSchema.prefault({}),
  instanceTypes: instanceTypesSchema.prefault({}),
  security: z
    .strictObject({ signatureSkewSeconds: z.int().min(1).default(DEFAULT_SIGNATURE_SKEW_SECONDS) })
    .prefault({}),
  // Elastic IP addresses.
  eipPools: z.record(z.string(), z.array(z.string())).optional(),
}).superRefine(checkEipPools)

// Elastic IP addresses. The documentation range (RFC 5737) is never routed on the internet, so a
// deployment that keeps the default hands out addresses that cannot collide with real ones.
const DEFAULT_EIP_POOLS: Readonly<Record<string, readonly string[]>> = { 'cn-hangzhou': ['203.0.113.0/24'] }

/** Every pool names a configured region and holds canonical CIDR blocks no other pool block overlaps. */
function checkEipPools(config: { regions: readonly RegionConfig[]; eipPools?: Record<string, string[]> | undefined }, ctx: z.RefinementCtx): void {
  const seen: { cidr: Cidr; where: string }[] = []
  for (const [regionId, blocks] of Object.entries(config.eipPools ?? {})) {
    if (!config.regions.some((region) => region.id === regionId)) {
      ctx.addIssue({ code: 'custom', path: ['eipPools', regionId], message: `"${regionId}" is not a configured region` })
    }
    blocks.forEach((text, index) => {
      const path = ['eipPools', regionId, index]
      const cidr = canonicalCidrOrUndefined(text)
      if (cidr === undefined) {
        ctx.addIssue({ code: 'custom', path, message: `"${text}" is not an IPv4 CIDR block written without host bits` })
        return
      }
      const clash = seen.find((other) => cidrsOverlap(other.cidr, cidr))
      if (clash !== undefined) ctx.addIssue({ code: 'custom', path, message: `"${text}" overlaps ${clash.cidr.text} of ${clash.where}` })
      seen.push({ cidr, where: regionId })
    })
  }
}

function canonicalCidrOrUndefined(text: string): Cidr | undefined {
  try {
    const cidr = parseCidr(text)
    return cidr.text === text ? cidr : undefined
  } catch {
    return undefined
  }
}

/** The CIDR blocks a region's EIPs come from: its configured pool, or the built-in default. */
export function eipPoolOf(config: OpenEniConfig, regionId: string): readonly string[] {
  return (config.eipPools ?? DEFAULT_EIP_POOLS)[regionId] ?? []
}

/** Validates a parsed config document and fills in every default; throws listing each problem by path. */
export function parseConfig(document: unknown): OpenEniConfig {
  const result = configSchema.safeParse(document)
  if (!result.success) {
    const lines = result.error.issues.flatMap(describeIssue)
    throw new Error(`invalid OpenENI config:\n${lines.map((line) => `  - ${line}`).join('\n')}`)
  }
  return result.data
}

/** The config in force when the operator supplies no file. */
export function defaultConfig(): OpenEniConfig {
  return parseConfig({})
}

/** The limit `key` for `accountId`: its own override, else the configured or built-in default. */
export function quotaFor(config: OpenEniConfig, accountId: string, key: QuotaName): number {
  return config.quotas.accounts[accountId]?.[key] ?? config.quotas.default[key]
}

/**
 * The instance types on offer: the built-in catalogue (unless replaced) with the config's changes
 * applied by id, new types after the built-in ones. `filterInstanceTypes` orders them for display.
 */
export function resolveCatalog(config: OpenEniConfig): InstanceType[] {
  return mergeCatalog(config.instanceTypes.replace, config.instanceTypes.types)
}

// Callers pass overrides already validated: a new id carries every field.
function mergeCatalog(replace: boolean, overrides: readonly InstanceTypeOverride[]): InstanceType[] {
  const byId = new Map<string, InstanceType>(
    replace ? [] : BUILT_IN_INSTANCE_TYPES.map((type) => [type.instanceTypeId, type]),
  )
  for (const override of overrides) {
    const base = byId.get(override.instanceTypeId)
    byId.set(override.instanceTypeId, { ...base, ...withoutUndefined(override) } as InstanceType)
  }
  return [...byId.values()]
}

// A key present with `undefined` must not erase the built-in value it overrides.
function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key`)
  }
  return [`${formatPath(issue.path)}: ${issue.message}`]
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)'
  return path
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`
      const name = String(segment)
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return `[${JSON.stringify(name)}]`
      return index === 0 ? name : `.${name}`
    })
    .join('')
}
