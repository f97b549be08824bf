import { fetchEventSource } from '@microsoft/fetch-event-source'
import { signedHeaders, type Credentials } from './client'

/** One entry of the account's change log, as `GET /rest/v1/changes/stream` sends it. */
export interface Change {
  revision: number
  resourceType: string
  resourceId: string
  event: string
  payload: Record<string, unknown>
}

export type StreamState = 'connecting' | 'live' | 'reconnecting'

interface ChangeStreamOptions {
  after: number
  onChange(change: Change): void
  onState(state: StreamState): void
}

class RetryableStreamError extends Error {}

/**
 * Follows the account's change log from `after` until `signal` aborts. Every (re)connection is
 * signed anew, because a signature's nonce is single-use, and resumes after the last revision seen.
 */
export function followChanges(credentials: Credentials, options: ChangeStreamOptions, signal: AbortSignal): void {
  let after = options.after
  let failures = 0
  void fetchEventSource('/rest/v1/changes/stream', {
    signal,
    openWhenHidden: true,
    async fetch(_input, init) {
      const signed = await signedHeaders(credentials, {
        method: 'GET',
        path: '/rest/v1/changes/stream',
        query: { after: String(after) },
        action: 'StreamChanges',
        version: 'rest-v1',
      })
      return fetch(signed.url, { ...init, headers: { ...signed.headers, accept: 'text/event-stream' } })
    },
    async onopen(response) {
      if (!response.ok || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
        throw new RetryableStreamError(`change stream refused: HTTP ${response.status}`)
      }
      failures = 0
      options.onState('live')
    },
    onmessage(message) {
      if (message.event !== 'change') return
      const change = JSON.parse(message.data) as Change
      after = Math.max(after, change.revision)
      options.onChange(change)
    },
    onclose() {
      // The server ended the stream (it is shutting down): come back after the last revision seen.
      throw new RetryableStreamError('change stream closed')
    },
    onerror() {
      options.onState('reconnecting')
      failures += 1
      return Math.min(10_000, 500 * 2 ** Math.min(failures, 5))
    },
  })
}
