import { DomainError } from '../errors.js'

/** CidrBlock names the vSwitch's block; CidrMask asks for any free block of that size (spec §6.4). */
export type VSwitchBlock = { cidrBlock: string } | { cidrMask: number }

/** Exactly one of the two ways to give the block. */
export function chooseVSwitchBlock(cidrBlock: string | undefined, cidrMask: number | undefined): VSwitchBlock {
  if (cidrBlock !== undefined && cidrMask !== undefined) {
    throw new DomainError('InvalidParameter.Conflict', 'CidrBlock and CidrMask cannot both be given.')
  }
  if (cidrBlock !== undefined) return { cidrBlock }
  if (cidrMask !== undefined) return { cidrMask }
  throw new DomainError('MissingParameter', 'The input parameter "CidrBlock" that is mandatory for processing this request is not supplied.')
}
