import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { DomainError, isDomainError } from '../../domain/errors.js'
import { newRequestId } from '../../domain/ids.js'
import type { ServiceDeps } from '../../service/deps.js'
import { consumeNonce, isNonceReuse, type NonceTicket } from '../../service/nonces.js'
import { authenticate, toIncoming } from '../authenticate.js'
import type { ActionTable } from './action.js'
import { ecsActions } from './ecs/index.js'
import { statusOf, type Product } from './error-status.js'
import { Params } from './params.js'
import { contentType, renderError, renderSuccess, type Format } from './render.js'
import { vpcActions } from './vpc/index.js'

/** Products by API version: ECS 2014-05-26 also defines legacy actions named like VPC ones (spec §1.1). */
const PRODUCTS: Record<string, { product: Product; actions: ActionTable }> = {
  '2014-05-26': { product: 'ecs', actions: ecsActions },
  '2016-04-28': { product: 'vpc', actions: vpcActions },
}

export interface AliyunPluginOptions {
  deps: ServiceDeps
  hostId: string
}

/**
 * The Alibaba Cloud RPC dialect: `POST|GET /` with the action in `x-acs-action` (V3) or `Action`
 * (V1): authenticate, then action/version, then parameters. Its content parsers and error handler
 * stay inside this plugin.
 */
export async function aliyunPlugin(app: FastifyInstance, options: AliyunPluginOptions): Promise<void> {
  const { deps } = options
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const requestId = newRequestId(deps.random)
    let format: Format = 'json'
    let product: Product | undefined
    let ticket: NonceTicket | undefined
    try {
      const { accountId, claim, nonce } = await authenticate(deps, toIncoming(request))
      ticket = nonce
      format = claim.format
      const entry = PRODUCTS[claim.version]
      const handler = entry?.actions[claim.action]
      if (entry === undefined || handler === undefined) {
        throw new DomainError('InvalidAction.NotFound', `The action ${claim.action} of version ${claim.version} is not supported.`)
      }
      product = entry.product
      const body = await handler(new Params(claim.params), {
        deps,
        caller: { accountId, requestId, nonce },
        product,
        action: claim.action,
      })
      await consumeNonce(deps.store, nonce, deps.clock().getTime())
      return reply
        .code(200)
        .header('content-type', contentType(format))
        .send(renderSuccess(claim.action, requestId, body, format))
    } catch (caught) {
      const err = await spendNonce(ticket, caught)
      const known = isDomainError(err)
      if (!known) request.log.error({ err, requestId }, 'request failed')
      const code = known ? err.code : 'InternalError'
      const message = known ? err.message : 'The request processing has failed due to some unknown error.'
      return reply
        .code(statusOf(code, product))
        .header('content-type', contentType(format))
        .send(renderError({ RequestId: requestId, HostId: options.hostId, Code: code, Message: message, Recommend: '' }, format))
    }
  }

  /** A failed request spends its nonce too; when that nonce was already used, that is the answer. */
  const spendNonce = async (ticket: NonceTicket | undefined, err: unknown): Promise<unknown> => {
    if (ticket === undefined || ticket.consumed || isNonceReuse(err)) return err
    try {
      await consumeNonce(deps.store, ticket, deps.clock().getTime())
      return err
    } catch (reuse) {
      return reuse
    }
  }

  app.post('/', handle)
  app.get('/', handle)
}
