import { DomainError } from '../errors.js'

/** Another account's or region's EIP is reported exactly like one that never existed. */
export function eipNotFound(id: string): DomainError {
  return new DomainError('InvalidAllocationId.NotFound', `The EIP ${id} does not exist.`)
}
