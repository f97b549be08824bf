import Table from 'cli-table3'

/** `table` for people, `json` for programs, `text` for one value a line (IDs) to capture in a shell. */
export const OUTPUT_FORMATS = ['table', 'json', 'text'] as const
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

/** An item of a Describe answer, as parsed JSON. */
export type Item = Record<string, unknown>

/** A field of an item by a dotted path (`VpcAttributes.VSwitchId`); undefined when any step is missing. */
export function pick(item: unknown, path: string): unknown {
  let value: unknown = item
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined
    value = (value as Record<string, unknown>)[key]
  }
  return value
}

/** A field as a cell: lists joined by commas, nothing as empty. */
export function cell(item: unknown, path: string): string {
  return show(pick(item, path))
}

export function show(value: unknown): string {
  if (value === undefined || value === null) return ''
  if (Array.isArray(value)) return value.map(show).join(',')
  if (typeof value === 'object') return JSON.stringify(value)
  return String(value)
}

/** The items of a wrapped list (`NetworkInterfaceSets.NetworkInterfaceSet`), empty when absent. */
export function itemsAt(body: unknown, path: string): Item[] {
  const value = pick(body, path)
  return Array.isArray(value) ? (value as Item[]) : []
}

export interface Column {
  header: string
  value(item: Item): string
}

/** A column showing one field of each item. */
export function column(header: string, path: string = header): Column {
  return { header, value: (item) => cell(item, path) }
}

/**
 * What a command answers, in each format: `json` is the machine form (kept stable), `text` the
 * values a script captures one per line, `human` what a person reads by default.
 */
export interface Outcome {
  json: unknown
  text: string[]
  human: string
}

/** No borders and no colours: columns a person reads and `awk` still splits. */
function plainTable(head: string[]): Table.Table {
  return new Table({
    head,
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '',
      bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
    },
    style: { head: process.stdout.isTTY === true ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  })
}

function rendered(table: Table.Table): string {
  // cli-table3 pads the last column too; trailing blanks only get in a script's way.
  return `${table.toString().split('\n').map((line) => line.trimEnd()).join('\n')}\n`
}

/** One row per item, headed by the columns' names. */
export function renderTable(items: readonly Item[], columns: readonly Column[]): string {
  const table = plainTable(columns.map((c) => c.header))
  for (const item of items) table.push(columns.map((c) => c.value(item)))
  return rendered(table)
}

/** One row per field of a single item: `Field  value`. */
export function renderFields(item: Item, columns: readonly Column[]): string {
  const table = plainTable([])
  for (const c of columns) table.push([c.header, c.value(item)])
  return rendered(table)
}

/** A list: the items themselves in JSON, their IDs in text, a table for people. */
export function listOutcome(items: Item[], idField: string, columns: readonly Column[]): Outcome {
  return { json: items, text: items.map((item) => cell(item, idField)), human: renderTable(items, columns) }
}

/** One resource: the Describe item in JSON, `Field<TAB>value` lines in text, a field table for people. */
export function itemOutcome(item: Item, columns: readonly Column[]): Outcome {
  // A Describe…Attribute answer is the item itself, with the request's ID in it.
  const { RequestId: _requestId, ...json } = item
  return { json, text: columns.map((c) => `${c.header}\t${c.value(item)}`), human: renderFields(item, columns) }
}

/** An action: the API's answer (without RequestId) in JSON, the given values in text, a sentence for people. */
export function actionOutcome(body: Item, sentence: string, text: string[] = []): Outcome {
  const { RequestId: _requestId, ...rest } = body
  return { json: rest, text, human: `${sentence}\n` }
}

export function printOutcome(outcome: Outcome, format: OutputFormat, write: (text: string) => void): void {
  if (format === 'json') write(`${JSON.stringify(outcome.json, null, 2)}\n`)
  else if (format === 'text') write(outcome.text.map((line) => `${line}\n`).join(''))
  else write(outcome.human)
}
