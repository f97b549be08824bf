import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assertHostId } from '../../../../src/domain/host/host-id.js'

describe('host IDs', () => {
  it('accept machine-like names', () => {
    for (const id of ['h1', 'host-a', 'rack3.node_07', 'A'.repeat(63)]) assert.equal(assertHostId(id), id)
  })

  it('refuse empty, long, odd characters, a leading symbol, and the none- prefix', () => {
    for (const id of ['', 'A'.repeat(64), 'host a', 'host/a', '-host', '.host', 'none-cn-hangzhou-a']) {
      assert.throws(() => assertHostId(id), { code: 'InvalidParameter' }, id)
    }
  })
})
