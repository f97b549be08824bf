import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { primaryAddressOf } from '../../../../src/domain/eni/eni.js'
import { eniNotFound } from '../../../../src/domain/eni/not-found.js'
import { eni } from './fixtures.js'

describe('primaryAddressOf', () => {
  it('is the address marked primary, wherever it is listed', () => {
    const ips = [
      { address: '198.18.0.3', primary: false },
      { address: '198.18.0.9', primary: true },
    ]
    assert.equal(primaryAddressOf(eni({ privateIps: ips })), '198.18.0.9')
  })

  it('fails loudly on an ENI without one, which the store never holds', () => {
    assert.throws(() => primaryAddressOf(eni({ privateIps: [] })))
  })
})

describe('eniNotFound', () => {
  it('is InvalidEniId.NotFound naming the ENI', () => {
    assert.equal(eniNotFound('eni-x').code, 'InvalidEniId.NotFound')
    assert.match(eniNotFound('eni-x').message, /eni-x/)
  })
})
