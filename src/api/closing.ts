import type { FastifyInstance } from 'fastify'

/** Whether the server is shutting down, and a promise that resolves when it starts to. */
export interface Closing {
  readonly closing: boolean
  readonly closed: Promise<void>
}

/**
 * For a plugin that holds requests open (long-polls, event streams): they end at once when the
 * server shuts down, so a graceful stop never waits for a held client.
 */
export function closingOf(app: FastifyInstance): Closing {
  let wake!: () => void
  const state = { closing: false, closed: new Promise<void>((resolve) => (wake = resolve)) }
  app.addHook('preClose', async () => {
    state.closing = true
    wake()
  })
  return state
}
