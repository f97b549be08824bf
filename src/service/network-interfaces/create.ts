import type { Caller, ServiceDeps } from '../deps.js'
import { mutate } from '../mutate.js'
import { provisionEni, type EniSpec } from './provision.js'
import { viewOf, type EniView } from './view.js'

export interface CreateInput extends EniSpec {
  regionId: string
  clientToken?: string
}

/**
 * CreateNetworkInterface (spec §5.1): synchronous, the ENI is Available when this returns. A retry
 * with the same ClientToken gets the same ENI back instead of a second one.
 */
export async function createNetworkInterface(deps: ServiceDeps, caller: Caller, input: CreateInput): Promise<EniView> {
  const { regionId, clientToken, ...spec } = input
  return mutate(deps, caller, { action: 'CreateNetworkInterface', clientToken, fingerprint: { regionId, ...spec } }, async (u) =>
    viewOf(await provisionEni(u, regionId, spec), undefined),
  )
}
