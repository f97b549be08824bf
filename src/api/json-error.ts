import type { FastifyReply, FastifyRequest } from 'fastify'
import { isDomainError } from '../domain/errors.js'
// Plain-JSON endpoints answer each code with the same HTTP status as the RPC dialect, deliberately.
import { statusOf } from './aliyun/error-status.js'

/**
 * The error answer of the plain-JSON endpoints (REST, agent): `RequestId`, `Code`, `Message`, as
 * the RPC dialect's. Anything that is not a domain error is logged and answered as InternalError.
 */
export function replyWithError(request: FastifyRequest, reply: FastifyReply, requestId: string, err: unknown) {
  const known = isDomainError(err)
  if (!known) request.log.error({ err, requestId }, 'request failed')
  const code = known ? err.code : 'InternalError'
  return reply.code(statusOf(code, undefined)).send({ RequestId: requestId, Code: code, Message: known ? err.message : 'internal error' })
}
