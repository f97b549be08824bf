import { DomainError } from '../../domain/errors.js'

/**
 * Reads the flattened parameters of an RPC request (spec §1.3): scalars by name, repeat lists as
 * `Name.1…Name.N` (gaps allowed, sorted numerically), object lists as `Name.N.Field`, nested as
 * `Name.N.Field.M`. Only the shape is checked here; what a value means is the domain's business.
 */
export class Params {
  readonly #values: Map<string, string>

  constructor(entries: Iterable<readonly [string, string]>) {
    this.#values = new Map()
    for (const [key, value] of entries) {
      // No text the API stores or matches can hold NUL, and PostgreSQL refuses it outright.
      if (value.includes('\u0000')) {
        throw new DomainError('InvalidParameter', `The parameter "${key}" contains a NUL character.`)
      }
      this.#values.set(key, value)
    }
  }

  has(name: string): boolean {
    return this.#values.has(name)
  }

  /** The raw value; an empty string counts as given (`Description=` clears a description). */
  string(name: string): string | undefined {
    return this.#values.get(name)
  }

  /** A required value: absent or empty is MissingParameter, naming it. */
  required(name: string): string {
    const value = this.#values.get(name)
    if (value === undefined || value === '') {
      throw new DomainError('MissingParameter', `The input parameter "${name}" that is mandatory for processing this request is not supplied.`)
    }
    return value
  }

  /** An optional value where empty means absent, as the SDK sends unset strings. */
  optional(name: string): string | undefined {
    const value = this.#values.get(name)
    return value === undefined || value === '' ? undefined : value
  }

  int(name: string, range?: { min?: number; max?: number }): number | undefined {
    const raw = this.optional(name)
    if (raw === undefined) return undefined
    if (!/^-?\d{1,15}$/.test(raw)) throw invalid(name, raw, 'an integer')
    const value = Number(raw)
    if ((range?.min !== undefined && value < range.min) || (range?.max !== undefined && value > range.max)) {
      throw new DomainError(
        'InvalidParameter',
        `The parameter "${name}" must be between ${range?.min ?? '-∞'} and ${range?.max ?? '∞'}; ${raw} is not.`,
      )
    }
    return value
  }

  bool(name: string): boolean | undefined {
    const raw = this.optional(name)
    if (raw === undefined) return undefined
    const lower = raw.toLowerCase()
    if (lower === 'true') return true
    if (lower === 'false') return false
    throw invalid(name, raw, 'true or false')
  }

  /** One of `values`, matched case-insensitively and returned in the canonical spelling. */
  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.optional(name)
    if (raw === undefined) return undefined
    const match = values.find((v) => v.toLowerCase() === raw.toLowerCase())
    if (match === undefined) throw invalid(name, raw, `one of ${values.join(', ')}`)
    return match
  }

  /** `Name.1`, `Name.2`, …: the values of a repeat list in index order. */
  list(name: string): string[] {
    return this.#indexed(name)
      .filter(([, rest]) => rest === '')
      .map(([, , value]) => value)
  }

  /** `Name.N.Field…` grouped by N, each group a Params of its fields (`Field`, `Field.M`). */
  groups(name: string): Params[] {
    const byIndex = new Map<number, Array<[string, string]>>()
    for (const [index, rest, value] of this.#indexed(name)) {
      if (!rest.startsWith('.')) continue
      const group = byIndex.get(index) ?? []
      group.push([rest.slice(1), value])
      byIndex.set(index, group)
    }
    return [...byIndex.entries()].sort(([a], [b]) => a - b).map(([, entries]) => new Params(entries))
  }

  /** `Tag.N.Key` / `Tag.N.Value` pairs; a Value without a Key is refused. */
  tags(name = 'Tag'): Array<{ key: string; value: string }> {
    return this.groups(name).flatMap((g) => {
      const key = g.string('Key')
      if (key !== undefined) return [{ key, value: g.string('Value') ?? '' }]
      if (g.has('Value')) {
        throw new DomainError('InvalidTagKey.Malformed', `A ${name}.N.Value was given without its ${name}.N.Key.`)
      }
      return []
    })
  }

  /** A parameter holding a JSON array of strings (DescribeInstances `InstanceIds`, …). */
  jsonList(name: string, max: number): string[] | undefined {
    const raw = this.optional(name)
    if (raw === undefined) return undefined
    let value: unknown
    try {
      value = JSON.parse(raw)
    } catch {
      throw invalid(name, raw, 'a JSON array of strings')
    }
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
      throw invalid(name, raw, 'a JSON array of strings')
    }
    if (value.length > max) {
      throw new DomainError('InvalidParameter', `The parameter "${name}" may hold at most ${max} items.`)
    }
    return value
  }

  /** A comma-separated list (DescribeVpcs `VpcId`, …). */
  commaList(name: string): string[] | undefined {
    const raw = this.optional(name)
    if (raw === undefined) return undefined
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
  }

  #indexed(name: string): Array<[number, string, string]> {
    const prefix = `${name}.`
    const out: Array<[number, string, string]> = []
    for (const [key, value] of this.#values) {
      if (!key.startsWith(prefix)) continue
      const match = /^(\d{1,6})(.*)$/.exec(key.slice(prefix.length))
      if (match === null) continue
      out.push([Number(match[1]), match[2] ?? '', value])
    }
    return out.sort(([a], [b]) => a - b)
  }
}

function invalid(name: string, raw: string, expected: string): DomainError {
  return new DomainError('InvalidParameter', `The parameter "${name}" must be ${expected}; ${JSON.stringify(raw)} is not.`)
}
