import { DomainError } from '../../domain/errors.js'
import { newMac } from '../../domain/ids.js'
import { isMacTaken } from '../../store/repositories/enis.js'
import type { Unit } from '../mutate.js'

// 2^24 MACs under one OUI: a clash is rare, and a handful of draws makes a repeated one negligible.
const MAX_DRAWS = 16

/**
 * A MAC no ENI has (spec §3.2). Checked by a query rather than by retrying the insert: a failed
 * statement aborts the whole PostgreSQL transaction. The unique column still refuses the rare
 * concurrent draw of the same MAC.
 */
export async function uniqueMac(u: Unit): Promise<string> {
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    const mac = newMac(u.random)
    if (!(await isMacTaken(u.tx, mac))) return mac
  }
  throw new DomainError('InternalError', 'No free MAC address could be drawn.')
}
