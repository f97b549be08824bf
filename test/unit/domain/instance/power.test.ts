import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { InstanceStatus } from '../../../../src/domain/instance/instance.js'
import { powerTransition, type PowerAction } from '../../../../src/domain/instance/power.js'

const STATUSES: InstanceStatus[] = ['Pending', 'Starting', 'Running', 'Stopping', 'Stopped']

// Spec §7, instance operation vs. state.
const MATRIX: Record<PowerAction, { from: InstanceStatus; to: InstanceStatus }> = {
  StartInstance: { from: 'Stopped', to: 'Starting' },
  StopInstance: { from: 'Running', to: 'Stopping' },
  RebootInstance: { from: 'Running', to: 'Starting' },
}

describe('powerTransition', () => {
  for (const [action, { from, to }] of Object.entries(MATRIX) as [PowerAction, { from: InstanceStatus; to: InstanceStatus }][]) {
    it(`${action} moves a ${from} instance to ${to} and refuses every other status`, () => {
      for (const status of STATUSES) {
        const instance = { id: 'i-1', status }
        if (status === from) assert.equal(powerTransition(instance, action), to)
        else assert.throws(() => powerTransition(instance, action), { code: 'IncorrectInstanceStatus' }, status)
      }
    })
  }
})
