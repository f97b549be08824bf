import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { defaultHostName, nameInstances, sequenceNames } from '../../../../src/domain/instance/launch-names.js'

const ids = ['i-aaa', 'i-bbb', 'i-ccc']

describe('nameInstances', () => {
  it('names each instance after its ID by default, with the iZ…Z host name', () => {
    assert.deepEqual(nameInstances(['i-bp1abc'], {}), [{ name: 'i-bp1abc', hostName: 'iZbp1abcZ' }])
  })

  it('gives every instance the same name unless UniqueSuffix asks for a three-digit sequence', () => {
    assert.deepEqual(
      nameInstances(ids, { instanceName: 'web', hostName: 'web' }).map((n) => n.name),
      ['web', 'web', 'web'],
    )
    assert.deepEqual(nameInstances(ids, { instanceName: 'web', hostName: 'web', uniqueSuffix: true }), [
      { name: 'web001', hostName: 'web001' },
      { name: 'web002', hostName: 'web002' },
      { name: 'web003', hostName: 'web003' },
    ])
    assert.deepEqual(nameInstances(['i-one'], { instanceName: 'web', uniqueSuffix: true })[0]?.name, 'web')
  })

  it('takes one host name per instance from HostNames.N', () => {
    assert.deepEqual(
      nameInstances(ids.slice(0, 2), { hostNames: ['alpha', 'beta', 'gamma'] }).map((n) => n.hostName),
      ['alpha', 'beta'],
    )
    assert.throws(() => nameInstances(ids, { hostNames: ['alpha'] }), { code: 'InvalidParameter' })
    assert.throws(() => nameInstances(ids, { hostNames: ['alpha'], hostName: 'x1' }), { code: 'InvalidParameter.Conflict' })
  })

  it('refuses malformed names with InvalidInstanceName.Malformed and InvalidHostName.Malformed', () => {
    assert.throws(() => nameInstances(ids, { instanceName: '1web' }), { code: 'InvalidInstanceName.Malformed' })
    assert.throws(() => nameInstances(ids, { instanceName: 'http://web' }), { code: 'InvalidInstanceName.Malformed' })
    assert.throws(() => nameInstances(ids, { instanceName: 'w' }), { code: 'InvalidInstanceName.Malformed' })
    assert.throws(() => nameInstances(ids, { hostName: '-web' }), { code: 'InvalidHostName.Malformed' })
    assert.throws(() => nameInstances(ids, { hostName: 'web..x' }), { code: 'InvalidHostName.Malformed' })
  })
})

describe('sequenceNames', () => {
  it('expands a [begin,bits] sequence, whatever UniqueSuffix says', () => {
    assert.deepEqual(sequenceNames('web-[8,2]-a', 3, false), ['web-08-a', 'web-09-a', 'web-10-a'])
    assert.deepEqual(sequenceNames('db[,3]', 2, true), ['db000', 'db001'])
    assert.deepEqual(sequenceNames('db[5,]', 1, false), ['db000005'])
  })

  it('leaves brackets that are no sequence for the name rules to refuse', () => {
    assert.deepEqual(sequenceNames('db[1,0]', 2, false), ['db[1,0]', 'db[1,0]'])
    assert.throws(() => nameInstances(['i-a'], { instanceName: 'db[1,0]' }), { code: 'InvalidInstanceName.Malformed' })
  })
})

describe('defaultHostName', () => {
  it('wraps the ID without its prefix in iZ…Z', () => {
    assert.equal(defaultHostName('i-bp67acfmxazb4p'), 'iZbp67acfmxazb4pZ')
  })
})
