import { ApiError, type ApiClient } from '../api-client.js'

/** A resource the demo made, in the words the console and the API use. */
export interface MadeResource {
  kind: 'VPC' | 'vSwitch' | 'SecurityGroup' | 'Instance' | 'NetworkInterface' | 'EIP'
  id: string
  /** What it is in the story ("business", "primary", "EIP1 → 198.18.2.5"). */
  role: string
}

/** How long one resource may take to go (an ENI still Attaching, an EIP still Associating). */
const REMOVE_TIMEOUT_MS = 30_000
const POLL_MS = 100

/**
 * Everything the demo made, removed in the reverse order of making: EIPs unbound and released,
 * ENIs detached and deleted, instances, the group, the vSwitches, the VPC. Each removal first
 * waits out a state in flight (the cloud refuses to delete an ENI that is Attaching), and a
 * resource that is already gone counts as removed.
 */
export class Cleanup {
  readonly made: MadeResource[] = []

  constructor(
    private readonly api: ApiClient,
    private readonly regionId: string,
  ) {}

  add(resource: MadeResource): void {
    this.made.push(resource)
  }

  /** Forgets a resource the story removed itself. */
  forget(id: string): void {
    const at = this.made.findIndex((r) => r.id === id)
    if (at >= 0) this.made.splice(at, 1)
  }

  /** Removes everything, the newest first; answers what could not be removed, with why. */
  async run(): Promise<{ removed: MadeResource[]; failed: { resource: MadeResource; error: string }[] }> {
    const removed: MadeResource[] = []
    const failed: { resource: MadeResource; error: string }[] = []
    for (const resource of [...this.made].reverse()) {
      try {
        await this.remove(resource)
        removed.push(resource)
        this.forget(resource.id)
      } catch (err) {
        failed.push({ resource, error: describeError(err) })
      }
    }
    return { removed, failed }
  }

  async remove(resource: MadeResource): Promise<void> {
    const deadline = Date.now() + REMOVE_TIMEOUT_MS
    for (;;) {
      try {
        if (await this.removeStep(resource)) return
      } catch (err) {
        if (err instanceof ApiError && /NotFound|NotExist/i.test(err.code)) return
        // A state in flight, or a dependent still going (the group while its ENIs are deleted): again.
        if (!(err instanceof ApiError) || Date.now() > deadline) throw err
      }
      if (Date.now() > deadline) throw new Error(`${resource.kind} ${resource.id} did not go within ${REMOVE_TIMEOUT_MS / 1000} s`)
      await new Promise((r) => setTimeout(r, POLL_MS))
    }
  }

  /** One move toward the resource's removal; true once it is gone. */
  private async removeStep({ kind, id }: MadeResource): Promise<boolean> {
    const RegionId = this.regionId
    switch (kind) {
      case 'EIP': {
        const eip = await describeEip(this.api, RegionId, id)
        if (eip === undefined) return true
        if (eip.Status === 'InUse') await this.api.call('vpc', 'UnassociateEipAddress', { RegionId, AllocationId: id })
        else if (eip.Status === 'Available') await this.api.call('vpc', 'ReleaseEipAddress', { RegionId, AllocationId: id })
        return false
      }
      case 'NetworkInterface': {
        const eni = await describeEni(this.api, RegionId, id)
        if (eni === undefined) return true
        if (eni.Status === 'InUse') await this.api.call('ecs', 'DetachNetworkInterface', { RegionId, NetworkInterfaceId: id, InstanceId: eni.InstanceId })
        else if (eni.Status === 'Available') await this.api.call('ecs', 'DeleteNetworkInterface', { RegionId, NetworkInterfaceId: id })
        return false
      }
      case 'Instance':
        await this.api.call('ecs', 'DeleteInstance', { InstanceId: id, Force: true })
        return true
      case 'SecurityGroup':
        await this.api.call('ecs', 'DeleteSecurityGroup', { RegionId, SecurityGroupId: id })
        return true
      case 'vSwitch':
        await this.api.call('vpc', 'DeleteVSwitch', { RegionId, VSwitchId: id })
        return true
      case 'VPC':
        await this.api.call('vpc', 'DeleteVpc', { RegionId, VpcId: id })
        return true
    }
  }
}

interface EipItem {
  AllocationId: string
  IpAddress: string
  Status: string
}

interface EniItem {
  NetworkInterfaceId: string
  Status: string
  InstanceId: string
  MacAddress: string
  PrivateIpAddress: string
  PrivateIpSets: { PrivateIpSet: { PrivateIpAddress: string; Primary: boolean }[] }
}

export async function describeEip(api: ApiClient, regionId: string, allocationId: string): Promise<EipItem | undefined> {
  const body = await api.call<{ EipAddresses: { EipAddress: EipItem[] } }>('vpc', 'DescribeEipAddresses', { RegionId: regionId, AllocationId: allocationId })
  return body.EipAddresses.EipAddress[0]
}

export async function describeEni(api: ApiClient, regionId: string, eniId: string): Promise<EniItem | undefined> {
  const body = await api.call<{ NetworkInterfaceSets: { NetworkInterfaceSet: EniItem[] } }>('ecs', 'DescribeNetworkInterfaces', {
    RegionId: regionId,
    NetworkInterfaceId: [eniId],
  })
  return body.NetworkInterfaceSets.NetworkInterfaceSet[0]
}

/** An error as the demo reports it: the API's code first, when the API gave one. */
export function describeError(err: unknown): string {
  if (err instanceof ApiError) return `${err.code}: ${err.message}`
  return err instanceof Error ? err.message : String(err)
}
