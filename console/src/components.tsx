import { useState, type InputHTMLAttributes, type ReactNode } from 'react'
import { explain } from './errors'
import { Link } from './router'

/** An API refusal in plain words, its code beside them; shown right next to what caused it. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null
  const shown = explain(error)
  return (
    <div className="error" role="alert">
      <span className="error-words">{shown.words}</span> <code className="error-code">{shown.code}</code>
      {shown.detail !== '' && <div className="error-detail">{shown.detail}</div>}
    </div>
  )
}

/** Statuses still in flight pulse until the change log says they settled. */
const IN_FLIGHT = new Set(['Attaching', 'Detaching', 'Associating', 'Unassociating', 'Starting', 'Stopping', 'Pending', 'Creating', 'Deleting'])

export function Status({ value }: { value: string }) {
  return (
    <span className={`status status-${value}${IN_FLIGHT.has(value) ? ' in-flight' : ''}`} data-status={value}>
      {value}
    </span>
  )
}

/**
 * Runs one API action from a button or form, keeping its error beside it until the next try.
 * `run` resolves when the call is done; the lists update from the change log, not from here.
 */
export function useAction(): { busy: boolean; error: unknown; run(action: () => Promise<unknown>): Promise<boolean>; clear(): void } {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(undefined)
  return {
    busy,
    error,
    clear: () => setError(undefined),
    async run(action) {
      setBusy(true)
      setError(undefined)
      try {
        await action()
        return true
      } catch (err) {
        setError(err)
        return false
      } finally {
        setBusy(false)
      }
    },
  }
}

export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      {children}
      {hint !== undefined && <span className="field-hint">{hint}</span>}
    </label>
  )
}

type TextFieldProps = { label: string; hint?: string; onChange(value: string): void } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>

/** A labelled input whose `onChange` gets the new value. */
export function TextField({ label, hint, onChange, ...input }: TextFieldProps) {
  return (
    <Field label={label} hint={hint}>
      <input {...input} onChange={(e) => onChange(e.target.value)} />
    </Field>
  )
}

/**
 * A destructive button that asks once more: `label` first, then `confirm` (with `question` beside
 * it, if any) and "Keep it". Its error shows wherever the caller puts the action's ErrorNote.
 */
export function ConfirmButton({ label, confirm, question, busy, onConfirm }: { label: string; confirm: string; question?: string; busy: boolean; onConfirm(): void }) {
  const [confirming, setConfirming] = useState(false)
  if (!confirming) {
    return (
      <button className="danger" onClick={() => setConfirming(true)}>
        {label}
      </button>
    )
  }
  return (
    <>
      {question !== undefined && <span>{question}</span>}
      <button className="danger" onClick={onConfirm} disabled={busy}>
        {confirm}
      </button>
      <button onClick={() => setConfirming(false)}>Keep it</button>
    </>
  )
}

/** The page of an ID that is gone (or never was), with a way back to the list. */
export function NotFound({ id, what, list, listLabel }: { id: string; what: string; list: string; listLabel: string }) {
  return (
    <section>
      <h1>{id}</h1>
      <p>
        This {what} does not exist (any more). <Link to={list}>{listLabel}</Link>
      </p>
    </section>
  )
}
