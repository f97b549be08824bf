import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { newOrderId } from '../../../../src/domain/eip/order.js'

describe('newOrderId', () => {
  it('is a 15-digit number JSON carries exactly', () => {
    let n = 0
    const random = { bytes: (count: number) => Uint8Array.from({ length: count }, () => (n++ * 37) % 256) }
    for (let i = 0; i < 20; i++) {
      const id = newOrderId(random)
      assert.match(String(id), /^1\d{14}$/)
      assert.ok(Number.isSafeInteger(id))
    }
  })
})
