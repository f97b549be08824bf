import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { Params } from '../../../../src/api/aliyun/params.js'

const params = (query: Record<string, string>) => new Params(Object.entries(query))
const missing = { name: 'DomainError', code: 'MissingParameter' }
const invalid = { name: 'DomainError', code: 'InvalidParameter' }

describe('Params scalars', () => {
  const p = params({ RegionId: 'cn-hangzhou', Description: '' })

  it('tells given from absent, an empty value counting as given', () => {
    assert.equal(p.has('RegionId'), true)
    assert.equal(p.has('Description'), true)
    assert.equal(p.has('VpcId'), false)
  })

  it('reads raw values, empty ones included', () => {
    assert.equal(p.string('RegionId'), 'cn-hangzhou')
    assert.equal(p.string('Description'), '')
    assert.equal(p.string('VpcId'), undefined)
  })

  it('reads names case-sensitively', () => {
    assert.equal(p.string('regionid'), undefined)
    assert.equal(p.has('REGIONID'), false)
  })

  it('keeps the last of repeated entries', () => {
    assert.equal(new Params([['VpcId', 'a'], ['VpcId', 'b']]).string('VpcId'), 'b')
  })

  it('returns a required value', () => {
    assert.equal(p.required('RegionId'), 'cn-hangzhou')
  })

  it('refuses an absent required value with MissingParameter naming it', () => {
    assert.throws(() => p.required('VpcId'), { ...missing, message: /"VpcId"/ })
  })

  it('refuses an empty required value with MissingParameter', () => {
    assert.throws(() => p.required('Description'), { ...missing, message: /"Description"/ })
  })

  it('takes an empty optional value as absent', () => {
    assert.equal(p.optional('RegionId'), 'cn-hangzhou')
    assert.equal(p.optional('Description'), undefined)
    assert.equal(p.optional('VpcId'), undefined)
  })
})

describe('Params.int', () => {
  it('reads decimal integers, negative ones included', () => {
    const p = params({ A: '42', B: '-7', C: '0', D: '007', E: '999999999999999' })
    assert.equal(p.int('A'), 42)
    assert.equal(p.int('B'), -7)
    assert.equal(p.int('C'), 0)
    assert.equal(p.int('D'), 7)
    assert.equal(p.int('E'), 999_999_999_999_999)
  })

  it('takes an absent or empty value as absent', () => {
    const p = params({ Empty: '' })
    assert.equal(p.int('Empty'), undefined)
    assert.equal(p.int('Absent'), undefined)
    assert.equal(p.int('Absent', { min: 1 }), undefined)
  })

  for (const raw of ['1.5', '1e3', ' 1', '1 ', '+1', '0x10', 'ten', '-', '1,000', '1234567890123456', 'NaN', 'Infinity']) {
    it(`refuses ${JSON.stringify(raw)} with InvalidParameter`, () => {
      assert.throws(() => params({ Amount: raw }).int('Amount'), { ...invalid, message: /"Amount" must be an integer/ })
    })
  }

  it('accepts values at the bounds of a range', () => {
    const p = params({ Low: '1', High: '100' })
    assert.equal(p.int('Low', { min: 1, max: 100 }), 1)
    assert.equal(p.int('High', { min: 1, max: 100 }), 100)
  })

  it('refuses a value below the minimum with InvalidParameter', () => {
    assert.throws(() => params({ Amount: '0' }).int('Amount', { min: 1, max: 100 }), { ...invalid, message: /between 1 and 100; 0/ })
  })

  it('refuses a value above the maximum with InvalidParameter', () => {
    assert.throws(() => params({ Amount: '101' }).int('Amount', { min: 1, max: 100 }), { ...invalid, message: /between 1 and 100; 101/ })
  })

  it('checks only the bound that is given', () => {
    assert.equal(params({ N: '-1000' }).int('N', { max: 5 }), -1000)
    assert.equal(params({ N: '1000' }).int('N', { min: 5 }), 1000)
    assert.throws(() => params({ N: '6' }).int('N', { max: 5 }), { ...invalid, message: /between -∞ and 5/ })
    assert.throws(() => params({ N: '4' }).int('N', { min: 5 }), { ...invalid, message: /between 5 and ∞/ })
  })

  it('reads back every safe integer of up to 15 digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -999_999_999_999_999, max: 999_999_999_999_999 }), (n) => {
        assert.equal(params({ N: String(n) }).int('N'), n)
      }),
    )
  })
})

describe('Params.bool', () => {
  for (const [raw, value] of [['true', true], ['false', false], ['True', true], ['FALSE', false]] as const) {
    it(`reads ${raw} as ${value}`, () => {
      assert.equal(params({ DryRun: raw }).bool('DryRun'), value)
    })
  }

  it('takes an absent or empty value as absent', () => {
    assert.equal(params({ DryRun: '' }).bool('DryRun'), undefined)
    assert.equal(params({}).bool('DryRun'), undefined)
  })

  for (const raw of ['1', '0', 'yes', 'on', ' true', 'truee']) {
    it(`refuses ${JSON.stringify(raw)} with InvalidParameter`, () => {
      assert.throws(() => params({ DryRun: raw }).bool('DryRun'), { ...invalid, message: /"DryRun" must be true or false/ })
    })
  }
})

describe('Params.oneOf', () => {
  const types = ['normal', 'enterprise'] as const

  it('returns the canonical spelling of a case-insensitive match', () => {
    assert.equal(params({ T: 'normal' }).oneOf('T', types), 'normal')
    assert.equal(params({ T: 'Enterprise' }).oneOf('T', types), 'enterprise')
    assert.equal(params({ T: 'accept' }).oneOf('T', ['Accept', 'Drop'] as const), 'Accept')
  })

  it('takes an absent or empty value as absent', () => {
    assert.equal(params({ T: '' }).oneOf('T', types), undefined)
    assert.equal(params({}).oneOf('T', types), undefined)
  })

  it('refuses any other value with InvalidParameter listing the choices', () => {
    assert.throws(() => params({ T: 'basic' }).oneOf('T', types), { ...invalid, message: /one of normal, enterprise/ })
  })
})

describe('Params.list', () => {
  it('reads Name.1 … Name.N in index order', () => {
    assert.deepEqual(params({ 'SecurityGroupIds.1': 'sg-a', 'SecurityGroupIds.2': 'sg-b' }).list('SecurityGroupIds'), ['sg-a', 'sg-b'])
  })

  it('sorts indices numerically, so .10 comes after .2', () => {
    const query: Record<string, string> = {}
    for (let i = 1; i <= 12; i++) query[`PrivateIpAddress.${i}`] = `10.0.0.${i}`
    const expected = Array.from({ length: 12 }, (_, i) => `10.0.0.${i + 1}`)
    assert.deepEqual(params(query).list('PrivateIpAddress'), expected)
    assert.deepEqual(new Params([['L.10', 'ten'], ['L.2', 'two'], ['L.1', 'one']]).list('L'), ['one', 'two', 'ten'])
  })

  it('accepts gaps and unsorted input', () => {
    assert.deepEqual(new Params([['L.7', 'c'], ['L.3', 'b'], ['L.1', 'a']]).list('L'), ['a', 'b', 'c'])
  })

  it('is empty when the list is absent', () => {
    assert.deepEqual(params({ Other: 'x' }).list('L'), [])
  })

  it('keeps empty items', () => {
    assert.deepEqual(params({ 'L.1': '', 'L.2': 'b' }).list('L'), ['', 'b'])
  })

  it('ignores other lists sharing a prefix, object fields and non-numeric suffixes', () => {
    const p = params({
      'L.1': 'a',
      'LL.1': 'other list',
      L: 'scalar',
      'L.2.Key': 'field',
      'L.x': 'not an index',
      'L.3x': 'not an index',
      'L.': 'no index',
      'L.1234567': 'index too long',
    })
    assert.deepEqual(p.list('L'), ['a'])
  })

  it('returns every item of any list, in index order (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 999_999 }), { maxLength: 30 }), (indices) => {
        const p = new Params(indices.map((i) => [`L.${i}`, `v${i}`] as const))
        assert.deepEqual(p.list('L'), [...indices].sort((a, b) => a - b).map((i) => `v${i}`))
      }),
    )
  })
})

describe('Params.groups', () => {
  it('groups Name.N.Field by N in index order, each group reading its fields', () => {
    const groups = new Params([
      ['Permissions.2.IpProtocol', 'UDP'],
      ['Permissions.1.IpProtocol', 'TCP'],
      ['Permissions.1.PortRange', '22/22'],
      ['Permissions.10.IpProtocol', 'ICMP'],
    ]).groups('Permissions')
    assert.deepEqual(
      groups.map((g) => [g.string('IpProtocol'), g.string('PortRange')]),
      [['TCP', '22/22'], ['UDP', undefined], ['ICMP', undefined]],
    )
  })

  it('reads nested lists NetworkInterface.N.SecurityGroupIds.M', () => {
    const groups = new Params([
      ['NetworkInterface.2.VSwitchId', 'vsw-2'],
      ['NetworkInterface.1.SecurityGroupIds.2', 'sg-b'],
      ['NetworkInterface.1.SecurityGroupIds.10', 'sg-c'],
      ['NetworkInterface.1.SecurityGroupIds.1', 'sg-a'],
      ['NetworkInterface.1.InstanceType', 'Primary'],
    ]).groups('NetworkInterface')
    assert.equal(groups.length, 2)
    assert.equal(groups[0]?.string('InstanceType'), 'Primary')
    assert.deepEqual(groups[0]?.list('SecurityGroupIds'), ['sg-a', 'sg-b', 'sg-c'])
    assert.equal(groups[1]?.string('VSwitchId'), 'vsw-2')
    assert.deepEqual(groups[1]?.list('SecurityGroupIds'), [])
  })

  it('skips missing indices instead of yielding empty groups', () => {
    const groups = params({ 'Tag.3.Key': 'c', 'Tag.1.Key': 'a' }).groups('Tag')
    assert.deepEqual(groups.map((g) => g.string('Key')), ['a', 'c'])
  })

  it('ignores scalar list items and other prefixes', () => {
    const groups = params({ 'G.1': 'scalar', 'GG.1.F': 'other', 'G.x.F': 'no index', 'G.2.F': 'field' }).groups('G')
    assert.equal(groups.length, 1)
    assert.equal(groups[0]?.string('F'), 'field')
    assert.equal(groups[0]?.has(''), false)
  })

  it('is empty when there is no group', () => {
    assert.deepEqual(params({}).groups('G'), [])
  })
})

describe('Params.tags', () => {
  it('reads Tag.N.Key and Tag.N.Value pairs in index order', () => {
    const p = new Params([
      ['Tag.10.Key', 'k10'],
      ['Tag.10.Value', 'v10'],
      ['Tag.2.Key', 'k2'],
      ['Tag.2.Value', 'v2'],
    ])
    assert.deepEqual(p.tags(), [{ key: 'k2', value: 'v2' }, { key: 'k10', value: 'v10' }])
  })

  it('gives a Key without a Value the empty value', () => {
    assert.deepEqual(params({ 'Tag.1.Key': 'env' }).tags(), [{ key: 'env', value: '' }])
  })

  it('keeps an empty Key for the domain to judge', () => {
    assert.deepEqual(params({ 'Tag.1.Key': '', 'Tag.1.Value': 'v' }).tags(), [{ key: '', value: 'v' }])
  })

  it('refuses a Value without its Key with InvalidTagKey.Malformed', () => {
    assert.throws(() => params({ 'Tag.1.Key': 'a', 'Tag.2.Value': 'orphan' }).tags(), {
      name: 'DomainError',
      code: 'InvalidTagKey.Malformed',
      message: /Tag\.N\.Value was given without its Tag\.N\.Key/,
    })
  })

  it('ignores a group with neither Key nor Value', () => {
    assert.deepEqual(params({ 'Tag.1.Key': 'a', 'Tag.2.Other': 'x' }).tags(), [{ key: 'a', value: '' }])
  })

  it('reads tags under another name', () => {
    assert.deepEqual(params({ 'TagFilter.1.Key': 'a', 'TagFilter.1.Value': 'b' }).tags('TagFilter'), [{ key: 'a', value: 'b' }])
    assert.throws(() => params({ 'TagFilter.1.Value': 'b' }).tags('TagFilter'), {
      code: 'InvalidTagKey.Malformed',
      message: /TagFilter\.N\.Value/,
    })
  })

  it('is empty without tags', () => {
    assert.deepEqual(params({}).tags(), [])
  })
})

describe('Params.jsonList', () => {
  it('reads a JSON array of strings', () => {
    assert.deepEqual(params({ InstanceIds: '["i-1","i-2"]' }).jsonList('InstanceIds', 100), ['i-1', 'i-2'])
    assert.deepEqual(params({ InstanceIds: '[]' }).jsonList('InstanceIds', 100), [])
  })

  it('takes an absent or empty value as absent', () => {
    assert.equal(params({ InstanceIds: '' }).jsonList('InstanceIds', 100), undefined)
    assert.equal(params({}).jsonList('InstanceIds', 100), undefined)
  })

  for (const raw of ['i-1', '["i-1"', '{"a":"b"}', '"i-1"', '[1,2]', '["i-1",null]', '[["i-1"]]', 'null']) {
    it(`refuses ${raw} with InvalidParameter`, () => {
      assert.throws(() => params({ InstanceIds: raw }).jsonList('InstanceIds', 100), {
        ...invalid,
        message: /"InstanceIds" must be a JSON array of strings/,
      })
    })
  }

  it('accepts exactly the maximum number of items and refuses one more with InvalidParameter', () => {
    const ids = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `i-${i}`))
    assert.equal(params({ InstanceIds: ids(3) }).jsonList('InstanceIds', 3)?.length, 3)
    assert.throws(() => params({ InstanceIds: ids(4) }).jsonList('InstanceIds', 3), { ...invalid, message: /at most 3 items/ })
  })

  it('reads back any array of strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 20 }), (items) => {
        assert.deepEqual(params({ L: JSON.stringify(items) }).jsonList('L', 20), items)
      }),
    )
  })
})

describe('Params.commaList', () => {
  it('splits on commas and trims each item', () => {
    assert.deepEqual(params({ VpcId: 'vpc-a, vpc-b ,vpc-c' }).commaList('VpcId'), ['vpc-a', 'vpc-b', 'vpc-c'])
  })

  it('drops empty items', () => {
    assert.deepEqual(params({ VpcId: ',vpc-a,, ,vpc-b,' }).commaList('VpcId'), ['vpc-a', 'vpc-b'])
    assert.deepEqual(params({ VpcId: ' , ' }).commaList('VpcId'), [])
  })

  it('reads a single item', () => {
    assert.deepEqual(params({ VpcId: 'vpc-a' }).commaList('VpcId'), ['vpc-a'])
  })

  it('takes an absent or empty value as absent', () => {
    assert.equal(params({ VpcId: '' }).commaList('VpcId'), undefined)
    assert.equal(params({}).commaList('VpcId'), undefined)
  })
})

describe('Params and NUL characters', () => {
  it('refuses a value holding a NUL character, naming the parameter', () => {
    assert.throws(() => new Params([['ZoneId', 'a\u0000b']]), { code: 'InvalidParameter', message: /"ZoneId" contains a NUL/ })
  })
})
