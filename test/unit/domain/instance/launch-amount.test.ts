import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { amountToLaunch, assertLaunchAmount, instancesThatFit } from '../../../../src/domain/instance/launch-amount.js'

describe('assertLaunchAmount', () => {
  it('launches one instance by default, all or nothing', () => {
    assert.deepEqual(assertLaunchAmount(undefined, undefined), { amount: 1, minAmount: 1 })
    assert.deepEqual(assertLaunchAmount(5, undefined), { amount: 5, minAmount: 5 })
    assert.deepEqual(assertLaunchAmount(100, 1), { amount: 100, minAmount: 1 })
  })

  it('refuses amounts outside 1–100 and a MinAmount above Amount with InvalidParam.Amount', () => {
    for (const [amount, minAmount] of [
      [0, undefined],
      [101, undefined],
      [5, 0],
      [5, 6],
      [undefined, 2],
    ] as const) {
      assert.throws(() => assertLaunchAmount(amount, minAmount), { code: 'InvalidParam.Amount' }, `${amount}/${minAmount}`)
    }
  })
})

describe('instancesThatFit', () => {
  it('is bounded by the scarcest vSwitch', () => {
    const need = new Map([
      ['vsw-a', 2],
      ['vsw-b', 1],
    ])
    assert.equal(instancesThatFit(need, new Map([['vsw-a', 9], ['vsw-b', 100]])), 4)
    assert.equal(instancesThatFit(need, new Map([['vsw-a', 9], ['vsw-b', 3]])), 3)
    assert.equal(instancesThatFit(need, new Map([['vsw-a', 9]])), 0)
  })

  it('is unbounded when the instances take no new address', () => {
    assert.equal(instancesThatFit(new Map(), new Map()), Number.POSITIVE_INFINITY)
  })
})

describe('amountToLaunch', () => {
  it('launches all when they fit', () => {
    assert.equal(amountToLaunch({ amount: 3, minAmount: 1 }, 3), 3)
    assert.equal(amountToLaunch({ amount: 3, minAmount: 3 }, Number.POSITIVE_INFINITY), 3)
  })

  it('launches as many as fit down to MinAmount, then refuses with QuotaExceeded.PrivateIpAddress', () => {
    assert.equal(amountToLaunch({ amount: 5, minAmount: 2 }, 3), 3)
    assert.equal(amountToLaunch({ amount: 5, minAmount: 2 }, 2), 2)
    assert.throws(() => amountToLaunch({ amount: 5, minAmount: 2 }, 1), { code: 'QuotaExceeded.PrivateIpAddress' })
    assert.throws(() => amountToLaunch({ amount: 1, minAmount: 1 }, 0), { code: 'QuotaExceeded.PrivateIpAddress' })
  })

  it('never launches more than asked nor fewer than MinAmount (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), fc.nat(200), (a, b, fits) => {
        const request = { amount: Math.max(a, b), minAmount: Math.min(a, b) }
        try {
          const launched = amountToLaunch(request, fits)
          assert.ok(launched <= request.amount && launched >= request.minAmount && launched <= Math.max(fits, 0))
        } catch {
          assert.ok(fits < request.minAmount)
        }
      }),
    )
  })
})
