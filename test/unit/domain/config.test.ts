import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultConfig, eipPoolOf, parseConfig, quotaFor, resolveCatalog } from '../../../src/domain/config.js'
import { BUILT_IN_INSTANCE_TYPES, type InstanceType } from '../../../src/domain/instance-type/catalog.js'

const g7Large = BUILT_IN_INSTANCE_TYPES.find((type) => type.instanceTypeId === 'ecs.g7.large')!

const newType: InstanceType = {
  ...g7Large,
  instanceTypeId: 'ecs.lab1.large',
  instanceTypeFamily: 'ecs.lab1',
  instanceCategory: 'General-purpose',
}

/** Asserts that parsing fails and that the message holds every given fragment. */
function assertRejected(document: unknown, ...fragments: (string | RegExp)[]): void {
  assert.throws(
    () => parseConfig(document),
    (err: unknown) => {
      assert.ok(err instanceof Error)
      assert.match(err.message, /^invalid OpenENI config:/)
      for (const fragment of fragments) {
        if (typeof fragment === 'string') assert.ok(err.message.includes(fragment), `${err.message}\nlacks: ${fragment}`)
        else assert.match(err.message, fragment)
      }
      return true
    },
  )
}

function catalogById(document: unknown): Map<string, InstanceType> {
  return new Map(resolveCatalog(parseConfig(document)).map((type) => [type.instanceTypeId, type]))
}

describe('defaultConfig', () => {
  it('serves one region with two zones', () => {
    assert.deepEqual(defaultConfig().regions, [
      {
        id: 'cn-hangzhou',
        localName: 'Local region',
        zones: [
          { id: 'cn-hangzhou-a', localName: 'Local zone A' },
          { id: 'cn-hangzhou-b', localName: 'Local zone B' },
        ],
      },
    ])
  })

  it('uses the documented quotas', () => {
    assert.deepEqual(defaultConfig().quotas, {
      default: {
        vpcs: 10,
        vSwitchesPerVpc: 150,
        securityGroups: 100,
        secondaryEnis: 100,
        securityGroupsPerEni: 5,
        tagsPerResource: 20,
        customRoutesPerTable: 200,
        // Security group rules.
        rulesPerSecurityGroup: 200,
        rulesPerEni: 1000,
        eips: 20,
      },
      accounts: {},
    })
  })

  it('allows fifteen minutes of clock skew', () => {
    assert.equal(defaultConfig().security.signatureSkewSeconds, 900)
  })

  it('offers the built-in catalogue unchanged', () => {
    assert.deepEqual(resolveCatalog(defaultConfig()), BUILT_IN_INSTANCE_TYPES)
  })

  it('gives each caller its own copy', () => {
    const first = defaultConfig()
    ;(first.regions[0]!.zones as unknown[]).pop()
    ;(first.quotas.default as { vpcs: number }).vpcs = 1
    assert.equal(defaultConfig().regions[0]!.zones.length, 2)
    assert.equal(defaultConfig().quotas.default.vpcs, 10)
  })
})

describe('parseConfig', () => {
  it('equals the defaults for an empty document', () => {
    assert.deepEqual(parseConfig({}), defaultConfig())
  })

  it('reads regions, naming a region or zone by its id when no local name is given', () => {
    const config = parseConfig({
      regions: [
        { id: 'ap-southeast-1', localName: 'Lab', zones: [{ id: 'ap-southeast-1-a', localName: 'Rack A' }] },
        { id: 'cn-beijing', zones: [{ id: 'cn-beijing-h' }] },
      ],
    })
    assert.deepEqual(config.regions, [
      { id: 'ap-southeast-1', localName: 'Lab', zones: [{ id: 'ap-southeast-1-a', localName: 'Rack A' }] },
      { id: 'cn-beijing', localName: 'cn-beijing', zones: [{ id: 'cn-beijing-h', localName: 'cn-beijing-h' }] },
    ])
  })

  it('refuses an empty region list or a region without zones', () => {
    assertRejected({ regions: [] }, 'regions: at least one region is required')
    assertRejected({ regions: [{ id: 'cn-hangzhou', zones: [] }] }, 'regions[0].zones: a region needs at least one zone')
  })

  it('refuses malformed region and zone ids', () => {
    assertRejected({ regions: [{ id: 'Hangzhou', zones: [{ id: 'Hangzhou-a' }] }] }, 'regions[0].id: region id must look like')
    assertRejected(
      { regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-a' }, { id: 'cn-beijing-a' }, { id: 'cn-hangzhou-ab' }] }] },
      'regions[0].zones[1].id: zone id "cn-beijing-a" must be the region id, a hyphen and one lowercase letter',
      'regions[0].zones[2].id: zone id "cn-hangzhou-ab"',
    )
  })

  it('refuses duplicate regions and zones', () => {
    assertRejected(
      {
        regions: [
          { id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-a' }, { id: 'cn-hangzhou-a' }] },
          { id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-b' }] },
        ],
      },
      'regions[0].zones[1].id: zone "cn-hangzhou-a" is listed twice',
      'regions[1].id: region "cn-hangzhou" is listed twice',
    )
  })

  it('names the path of every unknown key', () => {
    assertRejected(
      {
        region: [],
        quotas: { default: { vpc: 3 }, accounts: { '1234': { enis: 1 } } },
        regions: [{ id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-a', name: 'A' }] }],
        security: { skew: 1 },
        instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', eniCount: 4 }] },
      },
      'region: unknown key',
      'quotas.default.vpc: unknown key',
      'quotas.accounts["1234"].enis: unknown key',
      'regions[0].zones[0].name: unknown key',
      'security.skew: unknown key',
      'instanceTypes.types[0].eniCount: unknown key',
    )
  })

  it('explains values of the wrong type or range', () => {
    assertRejected(
      { quotas: { default: { vpcs: 'ten', securityGroupsPerEni: 17 } }, security: { signatureSkewSeconds: 0 } },
      /quotas\.default\.vpcs: Invalid input: expected number, received string/,
      /quotas\.default\.securityGroupsPerEni: Too big/,
      /security\.signatureSkewSeconds: Too small/,
    )
  })

  it('refuses a document that is not a mapping', () => {
    assertRejected(['regions'], '(top level): Invalid input: expected object')
  })

  it('overrides quotas globally and keeps the other defaults', () => {
    const config = parseConfig({ quotas: { default: { vpcs: 20 } } })
    assert.equal(quotaFor(config, 'any', 'vpcs'), 20)
    assert.equal(quotaFor(config, 'any', 'secondaryEnis'), 100)
  })

  it('sets the signature skew', () => {
    assert.equal(parseConfig({ security: { signatureSkewSeconds: 300 } }).security.signatureSkewSeconds, 300)
  })
})

describe('quotaFor', () => {
  const config = parseConfig({
    quotas: {
      default: { vpcs: 20, securityGroupsPerEni: 10 },
      accounts: { '1234567890123456': { vpcs: 50, secondaryEnis: 0 } },
    },
  })

  it("prefers the account's own quota", () => {
    assert.equal(quotaFor(config, '1234567890123456', 'vpcs'), 50)
    assert.equal(quotaFor(config, '1234567890123456', 'secondaryEnis'), 0)
  })

  it("falls back to the configured default for what the account does not override", () => {
    assert.equal(quotaFor(config, '1234567890123456', 'securityGroupsPerEni'), 10)
  })

  it('falls back to the built-in default for what nobody overrides', () => {
    assert.equal(quotaFor(config, '1234567890123456', 'tagsPerResource'), 20)
  })

  it('gives other accounts the default', () => {
    assert.equal(quotaFor(config, '999', 'vpcs'), 20)
    assert.equal(quotaFor(config, '999', 'secondaryEnis'), 100)
  })
})

describe('resolveCatalog', () => {
  it('overrides only the given fields of a built-in type', () => {
    const types = catalogById({
      instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', eniQuantity: 2, hotPlug: false }] },
    })
    assert.deepEqual(types.get('ecs.g7.large'), { ...g7Large, eniQuantity: 2, hotPlug: false })
    assert.equal(types.size, BUILT_IN_INSTANCE_TYPES.length)
  })

  it('adds a fully defined new type next to the built-in ones', () => {
    const types = catalogById({ instanceTypes: { types: [newType] } })
    assert.deepEqual(types.get('ecs.lab1.large'), newType)
    assert.equal(types.size, BUILT_IN_INSTANCE_TYPES.length + 1)
  })

  it('replaces the catalogue wholly', () => {
    const catalog = resolveCatalog(parseConfig({ instanceTypes: { replace: true, types: [newType] } }))
    assert.deepEqual(catalog, [newType])
  })

  it('does not change the built-in catalogue', () => {
    resolveCatalog(parseConfig({ instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', eniQuantity: 2 }] } }))
    assert.equal(g7Large.eniQuantity, 3)
  })
})

describe('parseConfig instance types', () => {
  it('requires every field of a new type, naming each missing one', () => {
    assertRejected(
      { instanceTypes: { types: [{ instanceTypeId: 'ecs.lab1.large', cpuCoreCount: 2 }] } },
      'instanceTypes.types[0]: "ecs.lab1.large" is not a built-in type, so it needs a full definition; missing: instanceTypeFamily, memorySize,',
      /missing: [^\n]*, eniQuantity, [^\n]*, hotPlug\n?/,
    )
  })

  it('requires full definitions when replacing, even for built-in ids', () => {
    assertRejected(
      { instanceTypes: { replace: true, types: [{ instanceTypeId: 'ecs.g7.large', eniQuantity: 2 }] } },
      'instanceTypes.types[0]: the built-in catalogue is replaced, so it needs a full definition; missing: instanceTypeFamily,',
    )
  })

  it('refuses to replace the catalogue with nothing', () => {
    assertRejected({ instanceTypes: { replace: true } }, 'instanceTypes.types: replace: true needs at least one instance type')
  })

  it('refuses an override without an id', () => {
    assertRejected({ instanceTypes: { types: [{ eniQuantity: 2 }] } }, 'instanceTypes.types[0].instanceTypeId: required: every entry names its type')
  })

  it('refuses the same id twice', () => {
    assertRejected(
      { instanceTypes: { types: [newType, { ...newType, cpuCoreCount: 4 }] } },
      'instanceTypes.types[1].instanceTypeId: "ecs.lab1.large" is listed twice',
    )
  })

  it('refuses malformed ids and field values', () => {
    assertRejected(
      { instanceTypes: { types: [{ ...newType, instanceTypeId: 'lab1.large' }] } },
      'instanceTypes.types[0].instanceTypeId: instance type id must look like "ecs.<family>.<size>"',
    )
    assertRejected(
      { instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', eniQuantity: 1.5, cpuArchitecture: 'MIPS' }] } },
      /instanceTypes\.types\[0\]\.eniQuantity: /,
      /instanceTypes\.types\[0\]\.cpuArchitecture: /,
    )
  })

  it('refuses an override that makes a type inconsistent', () => {
    assertRejected(
      { instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', secondaryEniQueueNumber: 4 }] } },
      'instanceTypes.types[0]: secondaryEniQueueNumber must not exceed maximumQueueNumberPerEni',
    )
    assertRejected(
      { instanceTypes: { types: [{ instanceTypeId: 'ecs.g7.large', eniQuantity: 8 }] } },
      'instanceTypes.types[0]: eniTotalQuantity must be at least eniQuantity',
      'instanceTypes.types[0]: totalEniQueueQuantity 6 is below the 16 queues',
    )
  })

  it('refuses a new type outside its family', () => {
    assertRejected(
      { instanceTypes: { types: [{ ...newType, instanceTypeFamily: 'ecs.g7' }] } },
      'instanceTypes.types[0]: instanceTypeId ecs.lab1.large does not belong to family ecs.g7',
    )
  })
})

// Elastic IP addresses.
describe('eipPools and the EIP quota', () => {
  it("gives the default region the documentation range when the file names no pools", () => {
    assert.deepEqual(eipPoolOf(defaultConfig(), 'cn-hangzhou'), ['203.0.113.0/24'])
    assert.deepEqual(eipPoolOf(parseConfig({ regions: [{ id: 'cn-beijing', zones: [{ id: 'cn-beijing-a' }] }] }), 'cn-beijing'), [])
  })

  it('takes a CIDR list per configured region, and no pool for a region left out', () => {
    const config = parseConfig({
      regions: [
        { id: 'cn-hangzhou', zones: [{ id: 'cn-hangzhou-a' }] },
        { id: 'cn-beijing', zones: [{ id: 'cn-beijing-a' }] },
      ],
      eipPools: { 'cn-beijing': ['198.51.100.0/24', '203.0.113.8/31'] },
    })
    assert.deepEqual(eipPoolOf(config, 'cn-beijing'), ['198.51.100.0/24', '203.0.113.8/31'])
    assert.deepEqual(eipPoolOf(config, 'cn-hangzhou'), [])
  })

  it('refuses pools of unknown regions, malformed or non-canonical blocks, and overlaps across pools', () => {
    assertRejected({ eipPools: { 'cn-shanghai': ['198.51.100.0/24'] } }, 'eipPools["cn-shanghai"]: "cn-shanghai" is not a configured region')
    assertRejected({ eipPools: { 'cn-hangzhou': ['198.51.100.1/24'] } }, 'eipPools["cn-hangzhou"][0]: "198.51.100.1/24" is not an IPv4 CIDR block')
    assertRejected({ eipPools: { 'cn-hangzhou': ['not-a-cidr'] } }, 'eipPools["cn-hangzhou"][0]')
    assertRejected(
      { eipPools: { 'cn-hangzhou': ['198.51.100.0/24', '198.51.100.128/25'] } },
      'eipPools["cn-hangzhou"][1]: "198.51.100.128/25" overlaps 198.51.100.0/24 of cn-hangzhou',
    )
    assertRejected({ eipPools: { 'cn-hangzhou': 'x' } }, /eipPools\["cn-hangzhou"\]/)
  })

  it('has a default EIP quota of 20, overridable globally and per account', () => {
    assert.equal(quotaFor(defaultConfig(), '1', 'eips'), 20)
    const config = parseConfig({ quotas: { default: { eips: 5 }, accounts: { '7': { eips: 50 } } } })
    assert.equal(quotaFor(config, '1', 'eips'), 5)
    assert.equal(quotaFor(config, '7', 'eips'), 50)
    assertRejected({ quotas: { default: { eips: -1 } } }, 'quotas.default.eips')
  })
})
