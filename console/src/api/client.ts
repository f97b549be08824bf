import { signRequest, type BrowserSigningInput } from './sign'

/** The two APIs, by the version the official SDKs call them with. */
const VERSIONS = { ecs: '2014-05-26', vpc: '2016-04-28' } as const
export type Product = keyof typeof VERSIONS

export interface Credentials {
  accessKeyId: string
  accessKeySecret: string
}

/** A refusal from the API, with its `Code` kept for the person reading it. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly requestId: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

export type ApiValue = string | number | boolean | readonly ApiValue[] | undefined
export type ApiParams = Readonly<Record<string, ApiValue>>

/**
 * Signs and sends one call to the same origin, as the SDKs do: `POST /?params` with the action in
 * `x-acs-action`. A fresh signature (and nonce) per call, so retrying is calling again.
 */
export async function callApi<T>(credentials: Credentials, product: Product, action: string, params: ApiParams = {}): Promise<T> {
  const query: Record<string, string> = {}
  for (const [name, value] of Object.entries(params)) flatten(query, name, value)
  const body = await signedFetch(credentials, { method: 'POST', path: '/', query, action, version: VERSIONS[product] })
  return body as T
}

/** A signed read of the REST endpoints (`/rest/v1/...`). */
export async function callRest<T>(credentials: Credentials, path: string, query: Record<string, string>): Promise<T> {
  return (await signedFetch(credentials, { method: 'GET', path, query, action: 'Rest', version: 'rest-v1' })) as T
}

/** One signed request: where it goes, and the action and version its signature names. */
export type SignedCall = Pick<BrowserSigningInput, 'method' | 'path' | 'query' | 'action' | 'version'>

/** Signed request headers for `call`, ready for fetch (the browser adds `host` itself). */
export async function signedHeaders(credentials: Credentials, call: SignedCall): Promise<{ url: string; headers: Record<string, string> }> {
  const signed = await signRequest({
    ...call,
    host: location.host,
    accessKeyId: credentials.accessKeyId,
    secret: credentials.accessKeySecret,
  })
  const { host: _host, ...headers } = signed.headers
  return { url: signed.url, headers }
}

async function signedFetch(credentials: Credentials, call: SignedCall): Promise<unknown> {
  const { url, headers } = await signedHeaders(credentials, call)
  let response: Response
  try {
    response = await fetch(url, { method: call.method, headers })
  } catch {
    throw new ApiError('Console.Unreachable', 'The OpenENI server could not be reached.', '')
  }
  let body: Record<string, unknown>
  try {
    body = (await response.json()) as Record<string, unknown>
  } catch {
    throw new ApiError('Console.BadAnswer', `The server answered HTTP ${response.status} with something that is not JSON.`, '')
  }
  if (!response.ok) throw new ApiError(String(body.Code ?? 'Unknown'), String(body.Message ?? ''), String(body.RequestId ?? ''))
  return body
}

/** Lists and objects flattened as the SDKs do: `Name.1`, `Name.2`. */
function flatten(into: Record<string, string>, name: string, value: ApiValue): void {
  if (value === undefined || value === '') return
  if (Array.isArray(value)) value.forEach((item, i) => flatten(into, `${name}.${i + 1}`, item as ApiValue))
  else into[name] = String(value)
}
