import { DomainError } from './errors.js'

export interface Tag {
  key: string
  value: string
}

/** Tags of one request (spec §4): 1–20, keys 1–128 characters and unique, values ≤ 128; reserved prefixes refused. */
export function assertTags(tags: readonly Tag[], limit = 20): Tag[] {
  if (tags.length > limit) {
    throw new DomainError('QuotaExceed.Tags', `At most ${limit} tags may be set on one resource.`)
  }
  const seen = new Set<string>()
  for (const { key, value } of tags) {
    // Lengths count characters (code points), as the naming rules do, not UTF-16 units.
    const keyLength = [...key].length
    if (keyLength === 0 || keyLength > 128 || /^(aliyun|acs:)/i.test(key) || /^https?:\/\//i.test(key)) {
      throw new DomainError(
        'InvalidTagKey.Malformed',
        `The tag key ${JSON.stringify(key)} is invalid: 1 to 128 characters, not starting with aliyun, acs:, http:// or https://.`,
      )
    }
    if ([...value].length > 128 || /^https?:\/\//i.test(value)) {
      throw new DomainError(
        'InvalidTagValue.Malformed',
        `The value of tag ${JSON.stringify(key)} is invalid: at most 128 characters, not starting with http:// or https://.`,
      )
    }
    if (seen.has(key)) throw new DomainError('Duplicate.TagKey', `The tag key ${JSON.stringify(key)} is given twice.`)
    seen.add(key)
  }
  return [...tags]
}

/** One tag of a Describe filter: without a value it matches any value of its key. */
export interface TagFilter {
  key: string
  value?: string
}

/** A resource matches a tag filter when it carries every filter tag. */
export function matchesTags(resourceTags: readonly Tag[], filter: readonly TagFilter[]): boolean {
  return filter.every((f) => resourceTags.some((t) => t.key === f.key && (f.value === undefined || t.value === f.value)))
}
