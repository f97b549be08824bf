import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { newRequestId } from '../domain/ids.js'
import type { ServiceDeps } from '../service/deps.js'
import { agentPlugin } from './agent/plugin.js'
import { aliyunPlugin } from './aliyun/plugin.js'
import { consolePlugin } from './console/plugin.js'
import { restPlugin } from './rest/plugin.js'

export interface ServerOptions {
  /** pino options or false; secrets never reach the log because no body or auth header is logged. */
  logger: boolean | { level: string }
  hostId: string
}

/** The most a request may carry, in its body or (as the SDKs send RPC parameters) in its query string. */
const REQUEST_LIMIT = 1024 * 1024

export async function buildServer(deps: ServiceDeps, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    // The signature covers the Host header: never rewrite it, and never trust a proxy's.
    trustProxy: false,
    bodyLimit: REQUEST_LIMIT,
    // The SDKs send an RPC call's parameters in the query string: AuthorizeSecurityGroup with its
    // 100 Permissions and their descriptions runs far past Node's 16 KiB for a request's head.
    http: { maxHeaderSize: REQUEST_LIMIT },
    // One line per request would drown the log at API rates; errors are still logged with their request id.
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
  })
  let ready = false
  app.addHook('onSend', async (_request, reply) => {
    // While draining, tell every client to drop its keep-alive connection after this response.
    if (draining.has(app)) reply.header('connection', 'close')
  })
  // RPC lives at `/` only (spec §1.1); any other path answers in the dialect's error shape.
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      RequestId: newRequestId(deps.random),
      HostId: options.hostId,
      Code: 'InvalidAction.NotFound',
      Message: `Nothing is served at ${request.method} ${request.url.split('?')[0]}.`,
    }),
  )
  await app.register(restPlugin, { deps, isReady: () => ready })
  await app.register(aliyunPlugin, { deps, hostId: options.hostId })
  await app.register(agentPlugin, { deps })
  await app.register(consolePlugin, {})
  await app.ready()
  ready = true
  return app
}

const draining = new WeakSet<FastifyInstance>()

/**
 * SIGTERM: requests already on the wire finish. Node's `server.close()` drops idle keep-alive
 * connections at once, including ones whose next request sits unread in the socket buffer; so
 * first answer everything with `Connection: close` for a short grace period, then close, which
 * waits for the requests still in flight.
 */
export async function closeGracefully(app: FastifyInstance, graceMs = 300): Promise<void> {
  draining.add(app)
  await new Promise((resolve) => setTimeout(resolve, graceMs))
  await app.close()
}
