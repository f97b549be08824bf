import { signAcs3 } from '../api/aliyun/signature.js'
import type { DesiredStateDelta } from '../domain/host/desired-delta.js'
import type { DesiredState } from '../domain/host/desired-state.js'
import type { HostReport } from '../service/agent/report.js'

export interface ControlPlaneOptions {
  /** `host:port` of an API server. */
  endpoint: string
  hostId: string
  hostSecret: string
}

export type WholeStateAnswer = { changed: true; state: DesiredState; etag: string } | { changed: false; etag: string }

export type DesiredStateAnswer = WholeStateAnswer | { changed: true; delta: DesiredStateDelta; etag: string }

/** An error the control plane answered with (`Code`, `Message`, HTTP status). */
export class ControlPlaneError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`)
  }
}

/**
 * The agent's side of the agent endpoint (README, "Agent endpoint"): every call signed with the
 * host's ID and secret, exactly as the server's `agentPlugin` expects.
 */
export class ControlPlaneClient {
  constructor(readonly options: ControlPlaneOptions) {}

  /**
   * The host's desired state. With the ETag of the state the agent already has, the server holds the
   * call until that state changes or `waitSeconds` pass, and then answers `changed: false`; with
   * `deltas`, a change comes as what changed since that state when the server still knows it.
   */
  async desiredState(known?: { etag: string; waitSeconds: number }): Promise<WholeStateAnswer>
  async desiredState(known: { etag: string; waitSeconds: number; deltas: boolean } | undefined): Promise<DesiredStateAnswer>
  async desiredState(known?: { etag: string; waitSeconds: number; deltas?: boolean }): Promise<DesiredStateAnswer> {
    const query: Record<string, string> = known === undefined ? {} : { wait: String(known.waitSeconds), ...(known.deltas === true ? { delta: '1' } : {}) }
    const response = await this.#send('GET', '/agent/v1/desired-state', query, undefined, known?.etag)
    const etag = response.headers.get('etag') ?? ''
    if (response.status === 304) return { changed: false, etag }
    const body = (await this.#json(response)) as (DesiredState | { delta: DesiredStateDelta }) & { RequestId?: string }
    const { RequestId: _requestId, ...rest } = body
    if ('delta' in rest) return { changed: true, delta: rest.delta, etag }
    return { changed: true, state: rest as DesiredState, etag }
  }

  async report(report: HostReport): Promise<void> {
    const response = await this.#send('POST', '/agent/v1/report', {}, Buffer.from(JSON.stringify(report)))
    await this.#json(response)
  }

  async #send(method: string, path: string, query: Record<string, string>, body?: Buffer, ifNoneMatch?: string): Promise<Response> {
    const headers: Record<string, string> = {}
    if (body !== undefined) headers['content-type'] = 'application/json'
    const signed = signAcs3({
      method,
      host: this.options.endpoint,
      path,
      query,
      action: path,
      version: 'agent-v1',
      accessKeyId: this.options.hostId,
      secret: this.options.hostSecret,
      headers,
      ...(body !== undefined ? { body } : {}),
    })
    const sent: Record<string, string> = { ...signed.headers }
    if (ifNoneMatch !== undefined) sent['if-none-match'] = ifNoneMatch
    return fetch(`http://${this.options.endpoint}${signed.url}`, { method, headers: sent, ...(body !== undefined ? { body: new Uint8Array(body) } : {}) })
  }

  async #json(response: Response): Promise<unknown> {
    const body = (await response.json()) as { Code?: string; Message?: string }
    if (!response.ok) throw new ControlPlaneError(response.status, body.Code ?? 'Unknown', body.Message ?? '')
    return body
  }
}
