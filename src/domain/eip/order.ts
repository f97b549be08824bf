import type { Random } from '../random.js'

/**
 * The order a subscription EIP comes with (AllocateEipAddress' `OrderId`, a number): 15 decimal
 * digits, below 2^53 so JSON carries it exactly. Nothing is billed by it here; it only names the
 * purchase the way the reference's answer does.
 */
export function newOrderId(random: Random): number {
  let digits = '1'
  while (digits.length < 15) {
    for (const byte of random.bytes(16)) {
      // Rejection keeps the ten digits equally likely.
      if (byte < 250 && digits.length < 15) digits += String(byte % 10)
    }
  }
  return Number(digits)
}
