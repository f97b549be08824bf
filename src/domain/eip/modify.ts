import { validateText } from '../naming.js'
import type { Eip } from './eip.js'
import { eipDescriptionRule, eipNameRule } from './naming.js'
import { assertEipStatus } from './status.js'
import { bandwidthRange, parseBandwidth } from './terms.js'

export interface EipAttributeRequest {
  bandwidth?: string | undefined
  name?: string | undefined
  description?: string | undefined
}

export interface EipAttributeChange {
  bandwidth?: number
  name?: string
  description?: string
}

/**
 * ModifyEipAddressAttribute (spec §6.11): not while an association is in flight; a bandwidth
 * within the range of the EIP's charge types; name and description by their rules. Returns only
 * what is given; an empty name or description clears it.
 */
export function planEipChange(
  eip: Pick<Eip, 'id' | 'status' | 'instanceChargeType' | 'internetChargeType'>,
  request: EipAttributeRequest,
): EipAttributeChange {
  assertEipStatus(eip, ['Available', 'InUse'], 'ModifyEipAddressAttribute')
  const change: EipAttributeChange = {}
  if (request.bandwidth !== undefined) {
    change.bandwidth = parseBandwidth(
      request.bandwidth,
      bandwidthRange(eip.instanceChargeType, eip.internetChargeType),
      'Abs.InvalidBandwidth.Malformed',
    )
  }
  const name = validateText(eipNameRule, request.name)
  if (name !== undefined) change.name = name
  const description = validateText(eipDescriptionRule, request.description)
  if (description !== undefined) change.description = description
  return change
}
