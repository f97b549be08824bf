import type { ReactNode } from 'react'
import { Link } from './router'

/** Whether any of `fields` contains the filter text, ignoring case; an empty filter matches all. */
export function matchesText(text: string, fields: readonly string[]): boolean {
  const needle = text.trim().toLowerCase()
  return needle === '' || fields.some((s) => s.toLowerCase().includes(needle))
}

export function TextFilter({ placeholder, value, onChange }: { placeholder: string; value: string; onChange(value: string): void }) {
  return <input placeholder={placeholder} value={value} onChange={(e) => onChange(e.target.value)} aria-label="Filter" />
}

export function StatusFilter({ statuses, value, onChange }: { statuses: readonly string[]; value: string; onChange(value: string): void }) {
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} aria-label="Status">
      <option value="">Any status</option>
      {statuses.map((s) => (
        <option key={s}>{s}</option>
      ))}
    </select>
  )
}

/** A table head; an empty name is a column without a title (for row actions). */
export function Columns({ names }: { names: readonly string[] }) {
  return (
    <thead>
      <tr>
        {names.map((name, i) => (name === '' ? <th key={i} /> : <th key={i}>{name}</th>))}
      </tr>
    </thead>
  )
}

/** The first cell of a list row: the ID, linked to its page, with the name under it. */
export function IdCell({ to, id, name }: { to: string; id: string; name: ReactNode }) {
  return (
    <td>
      <Link to={to}>{id}</Link>
      <div className="muted small">{name}</div>
    </td>
  )
}

/** Said under an empty list: whether the filter hides everything or there is nothing yet. */
export function EmptyList({ what, shown, total }: { what: string; shown: number; total: number }) {
  if (shown > 0) return null
  return <p className="muted">No {what}{total > 0 ? ' match the filter' : ' yet'}.</p>
}
