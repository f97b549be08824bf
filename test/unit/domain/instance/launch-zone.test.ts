import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { launchZone } from '../../../../src/domain/instance/launch-zone.js'

describe('launchZone', () => {
  const zonal = { id: 'vsw-z', zoneId: 'cn-hangzhou-b' }
  const regional = { id: 'vsw-r', zoneId: null }

  it('takes the zone of a zonal vSwitch, which ZoneId may repeat', () => {
    assert.equal(launchZone(zonal, undefined, 'cn-hangzhou-a'), 'cn-hangzhou-b')
    assert.equal(launchZone(zonal, 'cn-hangzhou-b', 'cn-hangzhou-a'), 'cn-hangzhou-b')
  })

  it('refuses another zone than the vSwitch one with InvalidParameter.Mismatch', () => {
    assert.throws(() => launchZone(zonal, 'cn-hangzhou-a', 'cn-hangzhou-a'), { code: 'InvalidParameter.Mismatch' })
  })

  it('lets ZoneId pick the zone of a regional vSwitch, the first zone by default', () => {
    assert.equal(launchZone(regional, 'cn-hangzhou-b', 'cn-hangzhou-a'), 'cn-hangzhou-b')
    assert.equal(launchZone(regional, undefined, 'cn-hangzhou-a'), 'cn-hangzhou-a')
  })
})
