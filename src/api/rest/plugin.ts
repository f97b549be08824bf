import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from '../../domain/errors.js'
import { newRequestId } from '../../domain/ids.js'
import { latestRevision, readChanges, type Change } from '../../service/change-log.js'
import type { ServiceDeps } from '../../service/deps.js'
import { reach } from '../../service/policies.js'
import { consumeNonce } from '../../service/nonces.js'
import { authenticate, toIncoming } from '../authenticate.js'
import { replyWithError } from '../json-error.js'
import { closingOf } from '../closing.js'

export interface RestPluginOptions {
  deps: ServiceDeps
  /** Flips to true once start-up is done; /healthz answers 503 before. */
  isReady: () => boolean
}

const MAX_CHANGES = 1000
/** A comment line this often keeps proxies and browsers from timing out an idle change stream. */
const HEARTBEAT_MS = 15_000
/** A stream re-reads the log this long after its last wake-up even without a commit: a safety net only. */
const IDLE_REREAD_MS = 60 * 60 * 1000

/**
 * Plain HTTP for operators, the console and the CLI. Everything but /healthz is signed like an
 * RPC call (ACS3-HMAC-SHA256 over method, path, query and headers) and scoped to the signer's account.
 */
export async function restPlugin(app: FastifyInstance, options: RestPluginOptions): Promise<void> {
  const { deps } = options

  app.get('/healthz', async (_request, reply) => {
    if (!options.isReady()) return reply.code(503).send({ status: 'starting' })
    await deps.store.db.selectFrom('accounts').select('id').limit(1).execute()
    return reply.code(200).send({ status: 'ok' })
  })

  /** The account's change log after revision `after` (default 0), oldest first, up to `limit`. */
  app.get('/rest/v1/changes', (request, reply) =>
    respond(request, reply, async (accountId) => {
      const query = request.query as Record<string, string | undefined>
      const after = nonNegativeInt(query.after ?? '0', 'after')
      const limit = Math.min(MAX_CHANGES, nonNegativeInt(query.limit ?? '100', 'limit'))
      const changes = await readChanges(deps.store.db, { afterRevision: after, limit, accountId })
      return { revision: await latestRevision(deps.store.db), changes }
    }),
  )

  /**
   * The same log as Server-Sent Events: each of the account's changes after `after` as
   * `event: change` with `id: <revision>` and the change as JSON data, then each new one as it
   * commits. Woken by commits, never by a timer; a comment line every 15 s while idle. A client
   * resumes by signing a new request with `after` set to the last id it saw (a signature's nonce
   * is single-use, so the standard `Last-Event-ID` replay cannot be honoured).
   */
  app.get('/rest/v1/changes/stream', async (request, reply) => {
    const requestId = newRequestId(deps.random)
    let accountId: string
    let after: number
    try {
      const caller = await authenticate(deps, toIncoming(request))
      after = nonNegativeInt((request.query as Record<string, string | undefined>).after ?? '0', 'after')
      await consumeNonce(deps.store, caller.nonce, deps.clock().getTime())
      accountId = caller.accountId
    } catch (err) {
      return replyWithError(request, reply, requestId, err)
    }
    reply.hijack()
    await streamChanges(reply, accountId, after)
  })

  // Held streams end when the server shuts down, so a graceful stop never waits on a browser.
  const shutdown = closingOf(app)

  async function streamChanges(reply: FastifyReply, accountId: string, after: number): Promise<void> {
    const raw = reply.raw
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      // The socket is never reused after a stream, and a kept-alive one would hold up a shutdown.
      connection: 'close',
      'x-accel-buffering': 'no',
    })
    raw.flushHeaders()
    const gone = new Promise<void>((resolve) => raw.once('close', resolve))
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), HEARTBEAT_MS)
    let cursor = after
    try {
      while (!shutdown.closing && !raw.destroyed) {
        // Armed before the read: a commit landing while the log is read still wakes the wait.
        const abandon = new AbortController()
        const commit = deps.store.nextCommit(IDLE_REREAD_MS, abandon.signal)
        try {
          const changes = await readChanges(deps.store.db, { afterRevision: cursor, limit: MAX_CHANGES, accountId })
          for (const change of changes) {
            if (raw.destroyed) return
            raw.write(changeEvent(change))
            cursor = change.revision
          }
          if (changes.length === MAX_CHANGES) continue
          await Promise.race([commit, shutdown.closed, gone])
        } finally {
          abandon.abort()
        }
        // Commits landing together are read together, as the agent's long-poll does.
        await Promise.race([nextTurn(), shutdown.closed])
      }
    } catch (err) {
      // The headers are gone: the only way left to say it failed is to end the stream; the
      // client reconnects from its last id.
      reply.log.error({ err }, 'change stream failed')
    } finally {
      clearInterval(heartbeat)
      raw.end()
    }
  }

  // Security group rules.
  /**
   * May `from` reach `to` on `protocol`/`port`? Each of them an ENI ID, an instance ID or a private
   * address; the answer gives the verdict and what decided it on each side.
   */
  app.get('/rest/v1/reach', (request, reply) =>
    respond(request, reply, async (accountId, requestId) => {
      const query = request.query as Record<string, string | undefined>
      const answer = await reach(deps, { accountId, requestId }, {
        from: requiredQuery(query, 'from'),
        to: requiredQuery(query, 'to'),
        protocol: requiredQuery(query, 'protocol'),
        port: query.port === '' ? undefined : query.port,
      })
      return {
        allowed: answer.allowed,
        from: { networkInterfaceId: answer.from.eniId, address: answer.from.address },
        to: { networkInterfaceId: answer.to.eniId, address: answer.to.address },
        ...answer.traffic,
        egress: answer.egress,
        ingress: answer.ingress,
      }
    }),
  )

  async function respond(request: FastifyRequest, reply: FastifyReply, work: (accountId: string, requestId: string) => Promise<unknown>) {
    const requestId = newRequestId(deps.random)
    try {
      const { accountId, nonce } = await authenticate(deps, toIncoming(request))
      await consumeNonce(deps.store, nonce, deps.clock().getTime())
      return reply.code(200).send({ RequestId: requestId, ...(await work(accountId, requestId) as object) })
    } catch (err) {
      return replyWithError(request, reply, requestId, err)
    }
  }
}

function changeEvent(change: Change): string {
  return `id: ${change.revision}\nevent: change\ndata: ${JSON.stringify(change)}\n\n`
}

function nonNegativeInt(text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new DomainError('InvalidParameter', `${name} must be a non-negative integer.`)
  return Number(text)
}

function requiredQuery(query: Record<string, string | undefined>, name: string): string {
  const value = query[name]
  if (value === undefined || value === '') throw new DomainError('MissingParameter', `The query parameter "${name}" is required.`)
  return value
}
