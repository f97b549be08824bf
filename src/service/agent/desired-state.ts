import { createHash } from 'node:crypto'
import { assembleDesiredState, type DesiredState } from '../../domain/host/desired-state.js'
import { findEnisOnHosts } from '../../store/repositories/enis.js'
import { findInstancesOnHost } from '../../store/repositories/instances.js'
import { latestRevision } from '../change-log.js'
import type { ServiceDeps } from '../deps.js'

export interface VersionedState {
  state: DesiredState
  /** A digest of the content (not of the revision): equal when nothing the host must do changed. */
  etag: string
}

/**
 * The full desired state of one host, read in one transaction and a fixed number of queries,
 * whatever the number of instances: instances, their ENIs, the vSwitches and VPCs involved, and
 * the ENIs on other hosts in those vSwitches. Undefined for a host that does not exist.
 */
export async function loadDesiredState(deps: Pick<ServiceDeps, 'store' | 'catalog'>, hostId: string): Promise<VersionedState | undefined> {
  const state = await deps.store.transaction(async (tx) => {
    const host = await tx.selectFrom('hosts').select(['id', 'zone_id', 'region_id']).where('id', '=', hostId).executeTakeFirst()
    if (host === undefined) return undefined
    const revision = await latestRevision(tx)
    const instances = await findInstancesOnHost(tx, hostId)
    const enis = await findEnisOnHosts(tx, { hostIds: [hostId] })
    const vSwitchIds = [...new Set(enis.map((e) => e.vSwitchId))]
    const vpcIds = [...new Set(enis.map((e) => e.vpcId))]
    const vSwitches =
      vSwitchIds.length === 0
        ? []
        : await tx.selectFrom('vswitches').select(['id', 'vpc_id', 'cidr_block', 'zone_id']).where('id', 'in', vSwitchIds).execute()
    const vpcs =
      vpcIds.length === 0
        ? []
        : await tx.selectFrom('vpcs').select(['id', 'account_id', 'cidr_block', 'route_table_id']).where('id', 'in', vpcIds).execute()
    const remote = (await findEnisOnHosts(tx, { vSwitchIds })).filter((e) => e.hostId !== hostId)
    const remoteHostIds = [...new Set(remote.map((e) => e.hostId))]
    const underlay = new Map(
      remoteHostIds.length === 0
        ? []
        : (await tx.selectFrom('hosts').select(['id', 'underlay_address']).where('id', 'in', remoteHostIds).execute()).map(
            (h) => [h.id, h.underlay_address] as const,
          ),
    )
    const catalog = new Map(deps.catalog.map((t) => [t.instanceTypeId, t]))
    return assembleDesiredState({
      host: { id: host.id, zoneId: host.zone_id, regionId: host.region_id },
      revision,
      instances,
      enis,
      vSwitches: vSwitches.map((v) => ({ id: v.id, vpcId: v.vpc_id, cidrBlock: v.cidr_block, zoneId: v.zone_id })),
      vpcs: vpcs.map((v) => ({ id: v.id, accountId: v.account_id, cidrBlock: v.cidr_block, routeTableId: v.route_table_id })),
      remoteEnis: remote.map((e) => ({ ...e, underlayAddress: underlay.get(e.hostId) ?? null })),
      instanceType: (id) => catalog.get(id),
    })
  })
  return state === undefined ? undefined : { state, etag: etagOf(state) }
}

function etagOf(state: DesiredState): string {
  const { revision: _revision, ...content } = state
  return `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 32)}"`
}
