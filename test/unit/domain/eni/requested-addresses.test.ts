import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { parseRequestedAddresses } from '../../../../src/domain/eni/requested-addresses.js'
import { parseCidr } from '../../../../src/domain/ipam/cidr.js'
import { parseIpv4 } from '../../../../src/domain/ipam/ipv4.js'
import { usableRange } from '../../../../src/domain/ipam/usable-range.js'

const range = usableRange(parseCidr('198.18.0.0/24'))

describe('parseRequestedAddresses', () => {
  it('parses the primary and the secondaries apart', () => {
    assert.deepEqual(parseRequestedAddresses(range, '198.18.0.5', ['198.18.0.6']), {
      primary: parseIpv4('198.18.0.5'),
      secondaries: [parseIpv4('198.18.0.6')],
    })
    assert.deepEqual(parseRequestedAddresses(range, undefined, []), { primary: undefined, secondaries: [] })
  })

  it('refuses an address named twice, also as primary and secondary', () => {
    assert.throws(() => parseRequestedAddresses(range, '198.18.0.5', ['198.18.0.5']), { code: 'InvalidIp.IpRepeated' })
    assert.throws(() => parseRequestedAddresses(range, undefined, ['198.18.0.6', '198.18.0.6']), { code: 'InvalidIp.IpRepeated' })
  })

  it('refuses addresses outside the vSwitch or reserved in it', () => {
    for (const address of ['198.18.1.5', '198.18.0.0', '198.18.0.253', '198.18.0.255']) {
      assert.throws(() => parseRequestedAddresses(range, address, []), { code: 'InvalidVSwitchId.IpInvalid' })
    }
  })

  it('refuses a malformed address', () => {
    assert.throws(() => parseRequestedAddresses(range, '198.18.0.05', []), { code: 'InvalidPrivateIpAddress.Malformed' })
  })
})
