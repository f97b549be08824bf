import { findRegion } from '../../domain/region.js'
import type { ActionContext } from './action.js'
import type { Params } from './params.js'

/** The request's RegionId, which must be given and served. */
export function requiredRegion(params: Params, ctx: ActionContext): string {
  return findRegion(ctx.deps.config, params.required('RegionId')).id
}

/** RegionId where an action may leave it out (spec §1.1); when given it must be a served region. */
export function optionalRegion(params: Params, ctx: ActionContext): string | undefined {
  const regionId = params.optional('RegionId')
  return regionId === undefined ? undefined : findRegion(ctx.deps.config, regionId).id
}
