import type { Clock } from '../domain/clock.js'
import type { OpenEniConfig } from '../domain/config.js'
import type { InstanceType } from '../domain/instance-type/catalog.js'
import type { Random } from '../domain/random.js'
import type { Store } from '../store/store.js'
import type { NonceTicket } from './nonces.js'
import type { SecretBox } from './secret-box.js'

/**
 * How instances and ENIs reach their hosts. `none` means API-only: each zone gets a host that
 * realises nothing and acknowledges every change at once (its ID says so: `none-<zone>`).
 * `agents` means real hosts run `openeni agent` and confirm what they have done.
 */
export type DataplaneMode = 'none' | 'agents'

export interface ServiceDeps {
  readonly store: Store
  readonly config: OpenEniConfig
  readonly catalog: readonly InstanceType[]
  readonly clock: Clock
  readonly random: Random
  readonly secrets: SecretBox
  readonly dataplane: DataplaneMode
}

/** Who is asking, in which region: every operation is scoped to one account. */
export interface Caller {
  readonly accountId: string
  readonly requestId: string
  /** The request's signature nonce, which its mutation records in the same transaction. */
  readonly nonce?: NonceTicket
}
