import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { consecutiveAddresses } from '../../../../src/domain/instance/launch-addresses.js'

describe('consecutiveAddresses', () => {
  it('counts up from the given address, across octets', () => {
    assert.deepEqual(consecutiveAddresses('198.18.0.254', 3, '198.18.0.0/16'), ['198.18.0.254', '198.18.0.255', '198.18.1.0'])
    assert.deepEqual(consecutiveAddresses('198.18.1.10', 1, '198.18.1.0/24'), ['198.18.1.10'])
  })

  it('refuses addresses outside the vSwitch or reserved in it with InvalidPrivateIpAddress', () => {
    assert.throws(() => consecutiveAddresses('198.18.2.10', 1, '198.18.1.0/24'), { code: 'InvalidPrivateIpAddress' })
    assert.throws(() => consecutiveAddresses('198.18.1.0', 1, '198.18.1.0/24'), { code: 'InvalidPrivateIpAddress' })
    assert.throws(() => consecutiveAddresses('198.18.1.251', 3, '198.18.1.0/24'), { code: 'InvalidPrivateIpAddress' })
  })

  it('refuses a malformed address with InvalidPrivateIpAddress.Malformed', () => {
    assert.throws(() => consecutiveAddresses('198.18.1', 1, '198.18.1.0/24'), { code: 'InvalidPrivateIpAddress.Malformed' })
  })
})
