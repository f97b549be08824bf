import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError } from '../../domain/errors.js'
import { newRequestId } from '../../domain/ids.js'
import { latestRevision, readChanges } from '../../service/change-log.js'
import type { ServiceDeps } from '../../service/deps.js'
import { reach } from '../../service/policies.js'
import { consumeNonce } from '../../service/nonces.js'
import { authenticate, toIncoming } from '../authenticate.js'
import { replyWithError } from '../json-error.js'

export interface RestPluginOptions {
  deps: ServiceDeps
  /** Flips to true once start-up is done; /healthz answers 503 before. */
  isReady: () => boolean
}

const MAX_CHANGES = 1000

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

function nonNegativeInt(text: string, name: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new DomainError('InvalidParameter', `${name} must be a non-negative integer.`)
  return Number(text)
}

function requiredQuery(query: Record<string, string | undefined>, name: string): string {
  const value = query[name]
  if (value === undefined || value === '') throw new DomainError('MissingParameter', `The query parameter "${name}" is required.`)
  return value
}
