import type { FastifyRequest } from 'fastify'
import { DomainError } from '../domain/errors.js'
import { resolveAccessKey } from '../service/accounts.js'
import { resolveHostSecret } from '../service/agent/credentials.js'
import type { ServiceDeps } from '../service/deps.js'
import type { NonceTicket } from '../service/nonces.js'
import { parseFormBody, parseRawQuery } from './aliyun/percent-encode.js'
import { assertTimestampFresh, readCredentialClaim, type CredentialClaim, type IncomingRequest } from './aliyun/signature.js'

export interface Authenticated {
  accountId: string
  claim: CredentialClaim
  /** Not yet recorded: the request's mutation records it in its own transaction, or the caller does. */
  nonce: NonceTicket
}

/**
 * Who signed the request, checked in the order of spec §1.6: parse → credentials → timestamp →
 * signature; the nonce is handed back to be recorded with the request's work (`consumeNonce`). Both dialects call this: the REST endpoints are signed the same way as RPC
 * calls, so one key pair and one signer serve the SDKs, the CLI and the console.
 */
export async function authenticate(deps: ServiceDeps, incoming: IncomingRequest): Promise<Authenticated> {
  const claim = readCredentialClaim(incoming)
  const owner = await resolveAccessKey(deps, claim.accessKeyId)
  if (owner === undefined) {
    throw new DomainError('InvalidAccessKeyId.NotFound', `Specified access key is not found: ${claim.accessKeyId}.`)
  }
  if (!owner.active) throw new DomainError('InvalidAccessKeyId.Inactive', 'Specified access key is disabled.')
  return { accountId: owner.accountId, claim, nonce: verifyClaim(deps, claim, owner.secret, claim.accessKeyId) }
}

/**
 * A host's agent signs like an SDK, with its host ID in the AccessKeyId place and its host secret
 * (`openeni hosts add`). Its nonces are kept apart from access keys' by a prefix.
 */
export async function authenticateHost(
  deps: ServiceDeps,
  incoming: IncomingRequest,
): Promise<{ hostId: string; claim: CredentialClaim; nonce: NonceTicket }> {
  const claim = readCredentialClaim(incoming)
  const secret = await resolveHostSecret(deps, claim.accessKeyId)
  if (secret === undefined) {
    throw new DomainError('InvalidAccessKeyId.NotFound', `No host ${claim.accessKeyId} runs an agent here.`)
  }
  return { hostId: claim.accessKeyId, claim, nonce: verifyClaim(deps, claim, secret, `host:${claim.accessKeyId}`) }
}

/** Timestamp, then signature (spec §1.6); hands back the nonce ticket, not yet recorded. */
function verifyClaim(deps: ServiceDeps, claim: CredentialClaim, secret: string, nonceScope: string): NonceTicket {
  const now = deps.clock()
  const skewMs = deps.config.security.signatureSkewSeconds * 1000
  assertTimestampFresh(claim.timestamp, now, skewMs)
  if (!claim.verify(secret)) {
    throw new DomainError('SignatureDoesNotMatch', 'The request signature does not conform to Aliyun standards.')
  }
  // Kept twice the skew window: a timestamp can be up to one window in the future.
  return { accessKeyId: nonceScope, nonce: claim.nonce, expiresAt: now.getTime() + 2 * skewMs, consumed: false }
}

export function toIncoming(request: FastifyRequest): IncomingRequest {
  const url = request.raw.url ?? '/'
  const mark = url.indexOf('?')
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0)
  const isForm = /^application\/x-www-form-urlencoded/i.test(request.headers['content-type'] ?? '')
  return {
    method: request.method,
    path: mark < 0 ? url : url.slice(0, mark),
    query: mark < 0 ? [] : parseRawQuery(url.slice(mark + 1)),
    form: isForm ? parseFormBody(body) : [],
    headers: request.headers,
    body,
  }
}
