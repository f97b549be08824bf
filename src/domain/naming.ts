import { DomainError, type ErrorCode } from './errors.js'

/**
 * The naming rules of the product documents (spec §4). Names made of Unicode letters and digits plus
 * `: _ . -`; several kinds must start with a letter (a Chinese character is a letter); no name or
 * description may start with `http://` or `https://`, which the console would render as a link.
 */
interface TextRule {
  min: number
  max: number
  letterFirst: boolean
  charset: 'name' | 'any'
  code: ErrorCode
  what: string
}

const NAME_CHARS = /^[\p{L}\p{N}:_.\-]*$/u
const LETTER_FIRST = /^\p{L}/u
const URL_START = /^https?:\/\//i

function check(rule: TextRule, value: string): string {
  const length = [...value].length
  if (length < rule.min || length > rule.max) {
    throw new DomainError(rule.code, `The ${rule.what} must be ${rule.min} to ${rule.max} characters long.`)
  }
  if (length === 0) return value
  if (URL_START.test(value)) {
    throw new DomainError(rule.code, `The ${rule.what} cannot start with http:// or https://.`)
  }
  if (rule.letterFirst && !LETTER_FIRST.test(value)) {
    throw new DomainError(rule.code, `The ${rule.what} must start with a letter.`)
  }
  if (rule.charset === 'name' && !NAME_CHARS.test(value)) {
    throw new DomainError(
      rule.code,
      `The ${rule.what} may contain only letters, digits, colons (:), underscores (_), periods (.) and hyphens (-).`,
    )
  }
  return value
}

const rule = (r: Omit<TextRule, 'charset'> & { charset?: TextRule['charset'] }): TextRule => ({ charset: 'name', ...r })

export const eniNameRule = rule({ min: 2, max: 128, letterFirst: true, code: 'InvalidParams.NetworkInterfaceName', what: 'network interface name' })
export const eniDescriptionRule = rule({ min: 2, max: 256, letterFirst: false, charset: 'any', code: 'InvalidParameter', what: 'network interface description' })
export const securityGroupNameRule = rule({ min: 2, max: 128, letterFirst: true, code: 'InvalidSecurityGroupName.Malformed', what: 'security group name' })
export const descriptionRule = rule({ min: 2, max: 256, letterFirst: false, charset: 'any', code: 'InvalidDescription.Malformed', what: 'description' })
export const instanceNameRule = rule({ min: 2, max: 128, letterFirst: true, code: 'InvalidInstanceName.Malformed', what: 'instance name' })
export const vpcNameRule = rule({ min: 1, max: 128, letterFirst: false, code: 'InvalidVpcName.Malformed', what: 'VPC name' })
export const vpcDescriptionRule = rule({ min: 1, max: 256, letterFirst: false, charset: 'any', code: 'InvalidVpcDiscription.Malformed', what: 'VPC description' })
export const vSwitchNameRule = rule({ min: 1, max: 128, letterFirst: false, code: 'InvalidVSwitchName.Malformed', what: 'vSwitch name' })
export const vSwitchDescriptionRule = rule({ min: 1, max: 256, letterFirst: false, charset: 'any', code: 'InvalidVSwitchDiscription.Malformed', what: 'vSwitch description' })

/** Validates an optional text field: absent stays absent (the caller keeps its default). */
export function validateText(textRule: TextRule, value: string | undefined): string | undefined {
  return value === undefined ? undefined : check(textRule, value)
}

export function assertText(textRule: TextRule, value: string): string {
  return check(textRule, value)
}

export type { TextRule }

/** Linux host names (spec §4): 2–64 characters, dot-separated segments of letters, digits and hyphens. */
export function assertHostName(value: string): string {
  const ok =
    value.length >= 2 &&
    value.length <= 64 &&
    value.split('.').every((segment) => /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/.test(segment))
  if (!ok) {
    throw new DomainError(
      'InvalidHostName.Malformed',
      'The host name must be 2 to 64 characters of letters, digits, hyphens and periods, with no leading, trailing or consecutive periods or hyphens at segment edges.',
    )
  }
  return value
}
