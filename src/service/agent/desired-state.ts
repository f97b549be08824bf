import { createHash } from 'node:crypto'
import { assembleDesiredState, securityPolicyId, type DesiredState } from '../../domain/host/desired-state.js'
import { findEnisOnHosts } from '../../store/repositories/enis.js'
import { findInstancesOnHost } from '../../store/repositories/instances.js'
import { vpcRouteTables } from '../../store/repositories/route-entries.js'
import { eipBindingsFor } from '../eips/bindings.js'
import { compilePoliciesOf } from '../policies.js'
import { latestRevision } from '../change-log.js'
import type { ServiceDeps } from '../deps.js'

export interface VersionedState {
  state: DesiredState
  /** A digest of the content (not of the revision): equal when nothing the host must do changed. */
  etag: string
}

/**
 * The full desired state of one host, read in one transaction and a fixed number of queries,
 * whatever the number of instances: instances, their ENIs, every vSwitch and the routing of their
 * VPCs, the effective policies of their groups, the EIPs bound to them, and the ENIs of those VPCs
 * on other hosts. Undefined for a host that does not exist.
 */
export async function loadDesiredState(deps: Pick<ServiceDeps, 'store' | 'catalog'>, hostId: string): Promise<VersionedState | undefined> {
  const state = await deps.store.transaction(async (tx) => {
    const host = await tx.selectFrom('hosts').select(['id', 'zone_id', 'region_id']).where('id', '=', hostId).executeTakeFirst()
    if (host === undefined) return undefined
    const revision = await latestRevision(tx)
    const instances = await findInstancesOnHost(tx, hostId)
    const enis = await findEnisOnHosts(tx, { hostIds: [hostId] })
    const vpcIds = [...new Set(enis.map((e) => e.vpcId))]
    const [vSwitches, vpcs, routes, policies, eips, remote] = await Promise.all([
      vpcIds.length === 0
        ? []
        : tx.selectFrom('vswitches').select(['id', 'vpc_id', 'cidr_block', 'zone_id']).where('vpc_id', 'in', vpcIds).execute(),
      vpcIds.length === 0
        ? []
        : tx.selectFrom('vpcs').select(['id', 'account_id', 'cidr_block', 'route_table_id']).where('id', 'in', vpcIds).execute(),
      vpcRouteTables(tx, vpcIds),
      compilePoliciesOf(tx, new Map(enis.map((e) => [securityPolicyId(e.securityGroupIds), e.securityGroupIds]))),
      eipBindingsFor(tx, enis.map((e) => e.id)),
      // The VPCs' ENIs on other hosts only: this host's are loaded above.
      findEnisOnHosts(tx, { vpcIds, exceptHostId: hostId }),
    ])
    const otherHosts = new Set(remote.map((e) => e.hostId))
    for (const vpc of routes.values()) for (const r of vpc.customRoutes) if (r.nextHop.hostId !== null) otherHosts.add(r.nextHop.hostId)
    otherHosts.delete(hostId)
    const underlayAddresses = new Map(
      otherHosts.size === 0
        ? []
        : (await tx.selectFrom('hosts').select(['id', 'underlay_address']).where('id', 'in', [...otherHosts]).execute()).map(
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
      routes,
      policies,
      eips,
      remoteEnis: remote,
      underlayAddresses,
      instanceType: (id) => catalog.get(id),
    })
  })
  return state === undefined ? undefined : { state, etag: etagOf(state) }
}

function etagOf(state: DesiredState): string {
  const { revision: _revision, ...content } = state
  return `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 32)}"`
}
