import { setImmediate as nextTurn } from 'node:timers/promises'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DomainError } from '../../domain/errors.js'
import { newRequestId } from '../../domain/ids.js'
import { DesiredStates } from '../../service/agent/desired-state.js'
import { receiveReport } from '../../service/agent/report.js'
import type { ServiceDeps } from '../../service/deps.js'
import { consumeNonce } from '../../service/nonces.js'
import { authenticateHost, toIncoming } from '../authenticate.js'
import { closingOf } from '../closing.js'
import { replyWithError } from '../json-error.js'

export interface AgentPluginOptions {
  deps: ServiceDeps
}

/** The longest a desired-state request may be held open waiting for a change (seconds). */
export const MAX_WAIT_SECONDS = 60

const address = z.ipv4()
const resourceId = z.string().min(1).max(64)
const counter = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)
const reportSchema = z.strictObject({
  underlayAddress: address.optional(),
  instances: z.array(z.strictObject({ id: resourceId, running: z.boolean() })).max(10_000),
  enis: z.array(z.strictObject({ id: resourceId, instanceId: resourceId, up: z.boolean() })).max(100_000),
  eips: z
    .array(
      z.strictObject({
        id: resourceId,
        privateIpAddress: address,
        rxBytes: counter,
        txBytes: counter,
        rxPackets: counter,
        txPackets: counter,
      }),
    )
    .max(100_000)
    .optional(),
})

/**
 * The endpoints of `openeni agent` (README, "Agent endpoint"). Each call is signed like an SDK call,
 * with the host's ID and secret, and speaks only for that host:
 *
 * - `GET /agent/v1/desired-state[?wait=S][&delta=1]` with `If-None-Match: <etag>`: the host's full
 *   desired state and its ETag; when the state still has that ETag, held open up to S seconds until
 *   a commit changes it, else `304 Not Modified`. With `delta=1`, an agent whose state is a recent
 *   one gets `{ delta }`: only what changed since (`DesiredStateDelta`).
 * - `POST /agent/v1/report`: what the host's kernel shows (JSON), which settles what was in flight.
 */
export async function agentPlugin(app: FastifyInstance, options: AgentPluginOptions): Promise<void> {
  const { deps } = options
  const states = new DesiredStates(deps)
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  // Held requests answer at once when the server shuts down, so a graceful stop never waits a minute.
  const shutdown = closingOf(app)

  app.get('/agent/v1/desired-state', (request, reply) =>
    respond(request, reply, async (hostId) => {
      const query = request.query as Record<string, unknown>
      const wait = waitSeconds(query.wait)
      const deltas = acceptsDeltas(query.delta)
      const known = request.headers['if-none-match']
      const deadline = Date.now() + wait * 1000
      for (;;) {
        // Armed before the read: a commit landing while the state is read still wakes the wait.
        const abandon = new AbortController()
        const commit = deps.store.nextCommit(Math.max(0, deadline - Date.now()), abandon.signal)
        try {
          const current = await states.current(hostId)
          if (current === undefined) throw new DomainError('InvalidAccessKeyId.NotFound', `The host ${hostId} is gone.`)
          if (current.etag !== known) {
            reply.header('etag', current.etag)
            const delta = deltas && known !== undefined ? states.deltaFrom(hostId, known) : undefined
            return { status: 200, body: delta === undefined ? current.state : { delta } }
          }
          if (deadline - Date.now() <= 0 || shutdown.closing || reply.raw.destroyed) {
            reply.header('etag', current.etag)
            return { status: 304 }
          }
          await Promise.race([commit, shutdown.closed])
        } finally {
          abandon.abort()
        }
        // The commits that land together (a group commit is one) are gathered by waiting for the
        // event loop's next turn, and those that land while the state is read by that read, so a
        // busy control plane costs each held host at most one read at a time, and a change reaches
        // the agent with no wait of ours.
        await Promise.race([nextTurn(), shutdown.closed])
      }
    }),
  )

  app.post('/agent/v1/report', (request, reply) =>
    respond(request, reply, async (hostId) => {
      const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
      let json: unknown
      try {
        json = JSON.parse(body.toString('utf8'))
      } catch {
        throw new DomainError('InvalidParameter', 'The report must be a JSON object.')
      }
      const parsed = reportSchema.safeParse(json)
      if (!parsed.success) {
        throw new DomainError('InvalidParameter', `The report is malformed: ${z.prettifyError(parsed.error)}`)
      }
      await receiveReport(deps, hostId, parsed.data)
      return { status: 200, body: {} }
    }),
  )

  async function respond(
    request: FastifyRequest,
    reply: FastifyReply,
    work: (hostId: string) => Promise<{ status: number; body?: object }>,
  ) {
    const requestId = newRequestId(deps.random)
    try {
      const { hostId, nonce } = await authenticateHost(deps, toIncoming(request))
      await consumeNonce(deps.store, nonce, deps.clock().getTime())
      const { status, body } = await work(hostId)
      return status === 304 ? reply.code(304).send() : reply.code(status).send({ RequestId: requestId, ...body })
    } catch (err) {
      return replyWithError(request, reply, requestId, err)
    }
  }
}

function acceptsDeltas(raw: unknown): boolean {
  if (raw === undefined || raw === '0') return false
  if (raw === '1') return true
  throw new DomainError('InvalidParameter', 'delta must be 0 or 1.')
}

function waitSeconds(raw: unknown): number {
  if (raw === undefined) return 0
  if (typeof raw !== 'string' || !/^\d{1,3}$/.test(raw) || Number(raw) > MAX_WAIT_SECONDS) {
    throw new DomainError('InvalidParameter', `wait must be a whole number of seconds from 0 to ${MAX_WAIT_SECONDS}.`)
  }
  return Number(raw)
}
