import { DomainError } from '../errors.js'

/** The creation-time bounds of DescribeInstances' `Filter.N`, as ISO timestamps with milliseconds. */
export interface CreationWindow {
  createdFrom?: string
  createdTo?: string
}

const MINUTE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})Z$/
const KEYS = ['CreationStartTime', 'CreationEndTime'] as const

/**
 * `Filter.N.Key/Value` (spec §5.12): CreationStartTime and CreationEndTime, each a minute
 * (`YYYY-MM-DDThh:mmZ`, the precision instance times are shown in), both ends included: an
 * instance shown as created at 10:05 matches CreationEndTime=10:05.
 */
export function creationWindow(filters: readonly { key: string; value: string }[]): CreationWindow {
  const window: CreationWindow = {}
  for (const { key, value } of filters) {
    if (!(KEYS as readonly string[]).includes(key)) {
      throw new DomainError('InvalidFilterKey.NotFound', `The filter key ${JSON.stringify(key)} does not exist; use ${KEYS.join(' or ')}.`)
    }
    const start = parseMinute(key, value)
    if (key === 'CreationStartTime') window.createdFrom = start.toISOString()
    else window.createdTo = new Date(start.getTime() + 59_999).toISOString()
  }
  return window
}

function parseMinute(key: string, value: string): Date {
  const match = MINUTE.exec(value)
  const date = match === null ? undefined : new Date(`${value.slice(0, -1)}:00.000Z`)
  // A date that rolled over (2026-02-30) is not the one written.
  if (date === undefined || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 16) !== value.slice(0, 16)) {
    throw new DomainError('InvalidFilterValue', `The ${key} filter value ${JSON.stringify(value)} is not a time in the form YYYY-MM-DDThh:mmZ.`)
  }
  return date
}
