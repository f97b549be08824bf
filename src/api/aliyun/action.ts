import type { Caller, ServiceDeps } from '../../service/deps.js'
import type { Product } from './error-status.js'
import type { Params } from './params.js'

export interface ActionContext {
  readonly deps: ServiceDeps
  readonly caller: Caller
  readonly product: Product
  readonly action: string
}

/**
 * A handler only translates: read the parameters, call one service function, return a plain
 * object with the response's PascalCase fields. `RequestId` and the wire format are the renderer's.
 */
export type ActionHandler = (params: Params, ctx: ActionContext) => Promise<Record<string, unknown>>

export type ActionTable = Readonly<Record<string, ActionHandler>>
