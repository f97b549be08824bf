import type { Eni } from './eni.js'

export type ReleaseOutcome = 'delete' | 'detach'

/**
 * What DeleteInstance does to each of its ENIs (spec §5.14): the primary dies with the instance,
 * a secondary too when its DeleteOnRelease says so; any other is detached and stays Available with
 * its addresses, MAC and groups.
 */
export function releaseOutcome(eni: Pick<Eni, 'type' | 'deleteOnRelease'>): ReleaseOutcome {
  return eni.type === 'Primary' || eni.deleteOnRelease ? 'delete' : 'detach'
}
