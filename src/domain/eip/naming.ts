import type { TextRule } from '../naming.js'

// Spec §4: an EIP's name and description may be empty (0–128 / 0–256); a name, when given, starts
// with a letter and uses the name characters. Applied with `validateText` from ../naming.js.
export const eipNameRule: TextRule = {
  min: 0,
  max: 128,
  letterFirst: true,
  charset: 'name',
  code: 'InvalidEipAddressName.Malformed',
  what: 'EIP name',
}

export const eipDescriptionRule: TextRule = {
  min: 0,
  max: 256,
  letterFirst: false,
  charset: 'any',
  code: 'InvalidDescription.Malformed',
  what: 'EIP description',
}
