import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ASSIGN_SECONDARY_IPS, assertSecondaryIpRequest, CREATE_SECONDARY_IPS } from '../../../../src/domain/eni/secondary-ip-request.js'

const ten = Array.from({ length: 10 }, (_, i) => `198.18.0.${i + 10}`)

describe('assertSecondaryIpRequest', () => {
  it('counts listed addresses or the given count', () => {
    assert.equal(assertSecondaryIpRequest({ addresses: ten, count: undefined }, CREATE_SECONDARY_IPS), 10)
    assert.equal(assertSecondaryIpRequest({ addresses: [], count: 49 }, CREATE_SECONDARY_IPS), 49)
  })

  it('lets CreateNetworkInterface ask for no secondary address', () => {
    assert.equal(assertSecondaryIpRequest({ addresses: [], count: undefined }, CREATE_SECONDARY_IPS), 0)
  })

  it('refuses both forms with InvalidParameter.Conflict', () => {
    assert.throws(() => assertSecondaryIpRequest({ addresses: ['198.18.0.9'], count: 1 }, CREATE_SECONDARY_IPS), {
      code: 'InvalidParameter.Conflict',
    })
  })

  it('requires one form on AssignPrivateIpAddresses', () => {
    assert.throws(() => assertSecondaryIpRequest({ addresses: [], count: undefined }, ASSIGN_SECONDARY_IPS), { code: 'MissingParameter' })
  })

  it('refuses more than 10 listed on create and 32 on assign', () => {
    assert.throws(() => assertSecondaryIpRequest({ addresses: [...ten, '198.18.0.99'], count: undefined }, CREATE_SECONDARY_IPS), {
      code: 'InvalidParameter',
    })
    const many = Array.from({ length: 33 }, (_, i) => `198.18.1.${i + 1}`)
    assert.equal(assertSecondaryIpRequest({ addresses: many.slice(0, 32), count: undefined }, ASSIGN_SECONDARY_IPS), 32)
    assert.throws(() => assertSecondaryIpRequest({ addresses: many, count: undefined }, ASSIGN_SECONDARY_IPS), { code: 'InvalidParameter' })
  })

  it('refuses a count outside 1–49', () => {
    for (const count of [0, 50, -1, 1.5]) {
      assert.throws(() => assertSecondaryIpRequest({ addresses: [], count }, CREATE_SECONDARY_IPS), { code: 'InvalidParameter' })
    }
  })
})
