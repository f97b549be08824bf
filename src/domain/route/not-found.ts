import { DomainError } from '../errors.js'

/**
 * A route table the caller cannot see: unknown, another account's or in another region than the
 * one asked about all read the same (spec §6.14). DescribeRouteEntryList names it with its own
 * code, the others with InvalidRouteTableId.NotFound.
 */
export function routeTableNotFound(id: string, code: 'InvalidRouteTableId.NotFound' | 'InvalidRouteTable.NotFound' = 'InvalidRouteTableId.NotFound'): DomainError {
  return new DomainError(code, `The route table ${id} does not exist.`)
}
