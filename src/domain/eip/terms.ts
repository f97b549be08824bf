import { DomainError, type ErrorCode } from '../errors.js'
import type { InstanceChargeType, InternetChargeType, Subscription } from './eip.js'

/** Mbit/s an EIP gets when AllocateEipAddress names none (spec §6.7). */
export const DEFAULT_BANDWIDTH = 5

/**
 * The bandwidth an EIP may have, by how it is paid for (spec §4): pay-as-you-go by bandwidth
 * 1–500 Mbit/s, by traffic 1–200, a subscription 1–1000.
 */
export function bandwidthRange(instanceChargeType: InstanceChargeType, internetChargeType: InternetChargeType): { min: number; max: number } {
  if (instanceChargeType === 'PrePaid') return { min: 1, max: 1000 }
  return internetChargeType === 'PayByTraffic' ? { min: 1, max: 200 } : { min: 1, max: 500 }
}

/**
 * `Bandwidth` is a string in the API (spec §3.2): a whole number of Mbit/s within the range of the
 * charge types. Each action reports a bad one under its own code (AllocateEipAddress:
 * InvalidBandwidth.Malformed, ModifyEipAddressAttribute: Abs.InvalidBandwidth.Malformed), hence `code`.
 */
export function parseBandwidth(text: string, range: { min: number; max: number }, code: ErrorCode): number {
  const value = /^\d{1,6}$/.test(text) ? Number(text) : Number.NaN
  if (!(value >= range.min && value <= range.max)) {
    throw new DomainError(code, `The Bandwidth "${text}" must be a whole number of Mbit/s from ${range.min} to ${range.max} for this charge type.`)
  }
  return value
}

/** A subscription is paid by bandwidth only (spec §6.7). */
export function assertChargeTypes(instanceChargeType: InstanceChargeType, internetChargeType: InternetChargeType): void {
  if (instanceChargeType === 'PrePaid' && internetChargeType !== 'PayByBandwidth') {
    throw new DomainError('InvalidParameter', 'A PrePaid EIP is charged by bandwidth: InternetChargeType must be PayByBandwidth.')
  }
}

const PERIODS = { Month: 9, Year: 5 } as const

export interface SubscriptionRequest {
  pricingCycle?: 'Month' | 'Year' | undefined
  period?: number | undefined
  /** Name and description are set on subscription EIPs after the order, not with it (spec §6.7). */
  named: boolean
}

/**
 * A PrePaid EIP's term: `Period` months (1–9) or years (1–5), ending that long after `now`, on the
 * same day of the month or the month's last day when it has no such day. PostPaid EIPs have none.
 */
export function subscriptionOf(instanceChargeType: InstanceChargeType, request: SubscriptionRequest, now: Date): Subscription | null {
  if (instanceChargeType === 'PostPaid') return null
  if (request.named) {
    throw new DomainError('InvalidParameter', 'Name and Description cannot be given when a PrePaid EIP is ordered; set them afterwards.')
  }
  const pricingCycle = request.pricingCycle ?? 'Month'
  if (request.period === undefined) throw new DomainError('MissingParameter', 'A PrePaid EIP needs a Period.')
  const max = PERIODS[pricingCycle]
  if (!Number.isInteger(request.period) || request.period < 1 || request.period > max) {
    throw new DomainError('InvalidParameter', `The Period of a PrePaid EIP billed by ${pricingCycle} must be from 1 to ${max}.`)
  }
  const months = pricingCycle === 'Year' ? request.period * 12 : request.period
  return { pricingCycle, period: request.period, expiresAt: addMonths(now, months).toISOString() }
}

function addMonths(date: Date, months: number): Date {
  const year = date.getUTCFullYear()
  const month = date.getUTCMonth() + months
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate()
  const end = new Date(date)
  end.setUTCFullYear(year, month, Math.min(date.getUTCDate(), lastDay))
  return end
}
