import { DomainError } from '../errors.js'

/**
 * A host's ID is chosen by its operator (`openeni hosts add ID`), usually the machine's name: 1 to
 * 63 letters, digits, periods, underscores or hyphens, starting with a letter or digit. `none-` is
 * taken by the hosts of the `none` data plane, which realise nothing.
 */
export function assertHostId(id: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(id)) {
    throw new DomainError('InvalidParameter', `The host ID ${JSON.stringify(id)} must be 1 to 63 letters, digits, periods, underscores or hyphens, starting with a letter or digit.`)
  }
  if (id.startsWith('none-')) {
    throw new DomainError('InvalidParameter', `Host IDs starting with "none-" belong to the none data plane.`)
  }
  return id
}
