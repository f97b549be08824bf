import type { Tag, TagFilter } from '../../domain/tags.js'
import type { Params } from './params.js'

// ECS and VPC spell tag fields differently (spec §3.2): ECS `TagKey` / `TagValue`, VPC `Key` /
// `Value`. Both read `Tag.N.Key` / `Tag.N.Value` the same way.

/** `Tag.N.Key` with an optional `Tag.N.Value`: a filter tag without a value matches any value. */
export function tagFilter(params: Params): TagFilter[] {
  return params.groups('Tag').flatMap((g) => {
    const key = g.optional('Key')
    if (key === undefined) return []
    const value = g.string('Value')
    return value === undefined ? [{ key }] : [{ key, value }]
  })
}

export function renderEcsTags(tags: readonly Tag[]) {
  return { Tag: tags.map((t) => ({ TagKey: t.key, TagValue: t.value })) }
}

export function renderVpcTags(tags: readonly Tag[]) {
  return { Tag: tags.map((t) => ({ Key: t.key, Value: t.value })) }
}
