import { signAcs3 } from '../api/aliyun/signature.js'

/** The two APIs OpenENI speaks, by the version the official SDKs call them with. */
export const PRODUCT_VERSIONS = { ecs: '2014-05-26', vpc: '2016-04-28' } as const

export type Product = keyof typeof PRODUCT_VERSIONS

/** A parameter as an RPC call takes it: lists and objects are flattened as the SDKs do (`Name.1`, `Name.1.Key`). */
export type ApiValue = string | number | boolean | readonly ApiValue[] | { readonly [key: string]: ApiValue | undefined }

export type ApiParams = Readonly<Record<string, ApiValue | undefined>>

export interface ApiCredentials {
  /** `host:port` of an API server. */
  endpoint: string
  accessKeyId: string
  accessKeySecret: string
}

/** An error the API answered with: its `Code`, `Message`, HTTP status and `RequestId`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

/** The server could not be reached, or did not answer as an API server does. */
export class ApiUnreachable extends Error {
  constructor(
    readonly endpoint: string,
    reason: string,
  ) {
    super(`cannot reach the OpenENI API at http://${endpoint}: ${reason}`)
    this.name = 'ApiUnreachable'
  }
}

/**
 * Calls the ECS and VPC RPC actions as the official SDKs do (ACS3-HMAC-SHA256 signature, the
 * parameters in the query, `POST /`), for the CLI and the demo, which ship without the SDKs.
 */
export class ApiClient {
  constructor(readonly credentials: ApiCredentials) {}

  async call<T = Record<string, unknown>>(product: Product, action: string, params: ApiParams = {}): Promise<T> {
    const query: Record<string, string> = {}
    for (const [name, value] of Object.entries(params)) flatten(query, name, value)
    const signed = signAcs3({
      method: 'POST',
      host: this.credentials.endpoint,
      path: '/',
      query,
      action,
      version: PRODUCT_VERSIONS[product],
      accessKeyId: this.credentials.accessKeyId,
      secret: this.credentials.accessKeySecret,
    })
    let response: Response
    try {
      response = await fetch(`http://${this.credentials.endpoint}${signed.url}`, { method: 'POST', headers: signed.headers })
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause
      throw new ApiUnreachable(this.credentials.endpoint, cause?.code ?? cause?.message ?? String(err))
    }
    const text = await response.text()
    let body: Record<string, unknown>
    try {
      body = JSON.parse(text) as Record<string, unknown>
    } catch {
      throw new ApiUnreachable(this.credentials.endpoint, `HTTP ${response.status} with a body that is not JSON`)
    }
    if (!response.ok) {
      throw new ApiError(response.status, String(body.Code ?? 'Unknown'), String(body.Message ?? ''), String(body.RequestId ?? ''))
    }
    return body as T
  }
}

function flatten(into: Record<string, string>, name: string, value: ApiValue | undefined): void {
  if (value === undefined) return
  if (Array.isArray(value)) {
    value.forEach((item, i) => flatten(into, `${name}.${i + 1}`, item as ApiValue))
  } else if (typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) flatten(into, `${name}.${key}`, item)
  } else {
    into[name] = String(value)
  }
}
