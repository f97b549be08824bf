import { DomainError } from '../errors.js'

/** Another account's or region's ENI is reported exactly like one that never existed (spec §5.0). */
export function eniNotFound(id: string): DomainError {
  return new DomainError('InvalidEniId.NotFound', `The network interface ${id} does not exist.`)
}
