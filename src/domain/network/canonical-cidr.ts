import { DomainError, isDomainError, type ErrorCode } from '../errors.js'
import { parseCidr, type Cidr } from '../ipam/cidr.js'

/**
 * A stored network block must be written exactly as the cloud would echo it back: `10.0.0.1/8`
 * is refused rather than silently read as `10.0.0.0/8`, because the client would then see a
 * CidrBlock in Describe* that differs from the one it sent. Each action reports this under its own
 * code (CreateVpc: InvalidParameter, CreateVSwitch: InvalidCidrBlock.Malformed, UserCidr:
 * InvalidUserCidr.Malformed), hence `code`.
 */
export function parseCanonicalCidr(text: string, code: ErrorCode): Cidr {
  let cidr: Cidr
  try {
    cidr = parseCidr(text)
  } catch (err) {
    if (isDomainError(err)) throw new DomainError(code, err.message)
    throw err
  }
  if (cidr.text !== text) {
    throw new DomainError(code, `The CIDR block "${text}" has host bits set; did you mean ${cidr.text}?`)
  }
  return cidr
}
