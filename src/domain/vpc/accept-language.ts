import { DomainError } from '../errors.js'

// The languages DescribeRegions and DescribeZones document (spec §5.24). OpenENI names regions and
// zones as its operator configured them, so the language only has to be one the cloud knows.
const LANGUAGES = ['zh-CN', 'zh-TW', 'en-US', 'ja', 'fr', 'de', 'ko']

export function assertAcceptLanguage(language: string | undefined): void {
  if (language !== undefined && !LANGUAGES.includes(language)) {
    throw new DomainError('InvalidAcceptLanguage.NotFound', `The language ${language} is not supported; use one of ${LANGUAGES.join(', ')}.`)
  }
}
