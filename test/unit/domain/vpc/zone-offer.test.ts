import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BUILT_IN_INSTANCE_TYPES } from '../../../../src/domain/instance-type/catalog.js'
import { zoneOffers } from '../../../../src/domain/vpc/zone-offer.js'

const region = {
  id: 'cn-hangzhou',
  localName: 'Hangzhou',
  zones: [
    { id: 'cn-hangzhou-a', localName: 'A' },
    { id: 'cn-hangzhou-b', localName: 'B' },
  ],
}

describe('zoneOffers', () => {
  it('offers every zone of the region as an availability zone for instances and vSwitches', () => {
    const offers = zoneOffers(region, BUILT_IN_INSTANCE_TYPES)
    assert.deepEqual(
      offers.map((o) => [o.zoneId, o.localName, o.zoneType]),
      [
        ['cn-hangzhou-a', 'A', 'AvailabilityZone'],
        ['cn-hangzhou-b', 'B', 'AvailabilityZone'],
      ],
    )
    for (const offer of offers) assert.deepEqual(offer.resourceTypes, ['Instance', 'VSwitch', 'IoOptimized'])
  })

  it('lists the whole catalogue in every zone, sorted by id', () => {
    const ids = BUILT_IN_INSTANCE_TYPES.map((t) => t.instanceTypeId).sort()
    for (const offer of zoneOffers(region, BUILT_IN_INSTANCE_TYPES)) assert.deepEqual(offer.instanceTypes, ids)
  })
})
