import { DomainError } from '../../domain/errors.js'

/**
 * Percent-encoding as both Alibaba signature schemes define it (RFC 3986): only `A–Z a–z 0–9 - _ . ~`
 * stay raw. `encodeURIComponent` also leaves `! ' ( ) *` raw, so those are escaped by hand; the SDKs
 * (openapi-core, pop-core) do exactly this before signing, whatever they then put on the wire.
 */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

/**
 * Splits the raw query string (the text after `?`) into decoded pairs, in wire order, keeping repeated
 * keys. A `+` stays a plus: the SDKs encode a space as `%20` and sign the decoded value, so reading
 * `+` as a space would break the signature of any value containing a literal plus.
 */
export function parseRawQuery(raw: string): Array<[string, string]> {
  return splitPairs(raw, (s) => s)
}

/**
 * Decodes an `application/x-www-form-urlencoded` body. pop-core (`{ method: 'POST' }`) and openapi-core
 * write it with RFC 3986 escapes, so neither ever emits a raw `+`: a plus arrives as `%2B`, a space as
 * `%20`. A raw `+` can therefore only come from a generic form encoder (browsers, URLSearchParams,
 * Python's urlencode), and for those the media type says it is a space.
 */
export function parseFormBody(body: Buffer): Array<[string, string]> {
  return splitPairs(body.toString('utf8'), (s) => s.replace(/\+/g, ' '))
}

function splitPairs(raw: string, unplus: (s: string) => string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const segment of raw.split('&')) {
    if (segment === '') continue
    const eq = segment.indexOf('=')
    const key = eq === -1 ? segment : segment.slice(0, eq)
    const value = eq === -1 ? '' : segment.slice(eq + 1)
    pairs.push([decode(unplus(key)), decode(unplus(value))])
  }
  return pairs
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    // decodeURIComponent throws URIError on `%zz` or an escape that is not UTF-8; that is the
    // client's fault, not an internal error.
    throw new DomainError('InvalidParameter', `Malformed percent-encoding in request parameter "${s}".`)
  }
}
