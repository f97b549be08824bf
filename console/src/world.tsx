import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import { followChanges, type Change, type StreamState } from './api/changes'
import { callApi, callRest, type ApiParams, type Product } from './api/client'
import type { Session } from './api/session'

// The fields of the API's answers the console reads; names as the API spells them.
export interface Vpc {
  VpcId: string
  VpcName: string
  CidrBlock: string
  Status: string
}
export interface VSwitch {
  VSwitchId: string
  VSwitchName: string
  VpcId: string
  ZoneId: string
  CidrBlock: string
}
export interface Instance {
  InstanceId: string
  InstanceName: string
  Status: string
  InstanceType: string
  ZoneId: string
  VpcAttributes: { VpcId: string; VSwitchId: string }
}
export interface PrivateIp {
  PrivateIpAddress: string
  Primary: boolean
  AssociatedPublicIp?: { PublicIpAddress: string; AllocationId: string }
}
export interface Eni {
  NetworkInterfaceId: string
  NetworkInterfaceName: string
  Description: string
  Status: string
  Type: 'Primary' | 'Secondary'
  InstanceId: string
  VpcId: string
  VSwitchId: string
  ZoneId: string
  MacAddress: string
  PrivateIpAddress: string
  QueueNumber?: number
  SecurityGroupIds: { SecurityGroupId: string[] }
  PrivateIpSets: { PrivateIpSet: PrivateIp[] }
  Attachment?: { InstanceId: string; DeviceIndex: number }
}
export interface SecurityGroup {
  SecurityGroupId: string
  SecurityGroupName: string
  VpcId: string
}
export interface Eip {
  AllocationId: string
  IpAddress: string
  Name: string
  Bandwidth: string
  Status: string
  InstanceId: string
  InstanceType: string
  PrivateIpAddress: string
}
export interface InstanceType {
  InstanceTypeId: string
  EniQuantity: number
  EniPrivateIpAddressQuantity: number
  MaximumQueueNumberPerEni?: number
}

export interface WorldData {
  vpcs: Vpc[]
  vSwitches: VSwitch[]
  instances: Instance[]
  enis: Eni[]
  securityGroups: SecurityGroup[]
  eips: Eip[]
  instanceTypes: Record<string, InstanceType>
}

type Kind = keyof WorldData

interface Lister {
  product: Product
  action: string
  params?: ApiParams
  /** The items of one page of the answer. */
  items(answer: Record<string, unknown>): unknown[]
  /** Several pages (PageNumber/PageSize), or one answer with everything. */
  paged: boolean
}

const inner = (outer: string, item: string) => (answer: Record<string, unknown>) =>
  ((answer[outer] as Record<string, unknown> | undefined)?.[item] as unknown[] | undefined) ?? []

const LISTERS: Record<Kind, Lister> = {
  vpcs: { product: 'vpc', action: 'DescribeVpcs', items: inner('Vpcs', 'Vpc'), paged: true },
  vSwitches: { product: 'vpc', action: 'DescribeVSwitches', items: inner('VSwitches', 'VSwitch'), paged: true },
  instances: { product: 'ecs', action: 'DescribeInstances', items: inner('Instances', 'Instance'), paged: true },
  enis: { product: 'ecs', action: 'DescribeNetworkInterfaces', items: inner('NetworkInterfaceSets', 'NetworkInterfaceSet'), paged: true },
  securityGroups: { product: 'ecs', action: 'DescribeSecurityGroups', items: inner('SecurityGroups', 'SecurityGroup'), paged: true },
  eips: { product: 'vpc', action: 'DescribeEipAddresses', items: inner('EipAddresses', 'EipAddress'), paged: true },
  instanceTypes: { product: 'ecs', action: 'DescribeInstanceTypes', items: inner('InstanceTypes', 'InstanceType'), paged: false },
}

/** Which lists a change to a resource type can alter (an ENI's move changes its instance's view too). */
const AFFECTED: Record<string, Kind[]> = {
  Vpc: ['vpcs'],
  VSwitch: ['vSwitches'],
  Instance: ['instances', 'enis'],
  NetworkInterface: ['enis', 'instances'],
  SecurityGroup: ['securityGroups'],
  EipAddress: ['eips', 'enis', 'instances'],
}

const PAGE_SIZE = 50

export interface World extends WorldData {
  session: Session
  loaded: boolean
  /** The last revision seen per resource ID, for pages that read more of one resource than the lists hold. */
  revisions: Record<string, number>
  stream: StreamState
  /** Calls the API as the signed-in account, in its region. */
  call<T = Record<string, unknown>>(product: Product, action: string, params?: ApiParams): Promise<T>
}

const WorldContext = createContext<World | undefined>(undefined)

export function useWorld(): World {
  const world = useContext(WorldContext)
  if (world === undefined) throw new Error('useWorld outside <WorldProvider>')
  return world
}

const EMPTY: WorldData = { vpcs: [], vSwitches: [], instances: [], enis: [], securityGroups: [], eips: [], instanceTypes: {} }

/**
 * Everything of the account in its region, loaded once and then kept current from the change log:
 * each change re-reads the lists it can alter. No timer re-reads anything.
 */
export function WorldProvider({ session, children }: { session: Session; children: ReactNode }) {
  const [data, setData] = useState<WorldData>(EMPTY)
  const [loaded, setLoaded] = useState(false)
  const [stream, setStream] = useState<StreamState>('connecting')
  const [revisions, setRevisions] = useState<Record<string, number>>({})
  const generation = useRef<Record<string, number>>({})

  const call = useCallback(
    <T,>(product: Product, action: string, params: ApiParams = {}) =>
      callApi<T>(session, product, action, { RegionId: session.regionId, ...params }),
    [session],
  )

  const reload = useCallback(
    async (kinds: Iterable<Kind>) => {
      await Promise.all(
        [...kinds].map(async (kind) => {
          // Answers can come back out of order; only the newest read of a list is kept.
          const mine = (generation.current[kind] = (generation.current[kind] ?? 0) + 1)
          const items = await listAll(call, LISTERS[kind])
          if (generation.current[kind] !== mine) return
          const value = kind === 'instanceTypes' ? Object.fromEntries((items as InstanceType[]).map((t) => [t.InstanceTypeId, t])) : items
          setData((old) => ({ ...old, [kind]: value }))
        }),
      )
    },
    [call],
  )

  useEffect(() => {
    const abort = new AbortController()
    let pending = new Set<Kind>()
    let scheduled = false
    const onChange = (resourceType: string) => {
      for (const kind of AFFECTED[resourceType] ?? []) pending.add(kind)
      if (scheduled) return
      scheduled = true
      // Changes arriving together (one operation often writes several) cost one read per list.
      queueMicrotask(() => {
        scheduled = false
        const kinds = pending
        pending = new Set()
        if (!abort.signal.aborted) void reload(kinds)
      })
    }
    void (async () => {
      // The revision first, then the lists: whatever commits in between arrives on the stream too.
      const { revision } = await callRest<{ revision: number }>(session, '/rest/v1/changes', { after: '0', limit: '0' })
      await reload(Object.keys(LISTERS) as Kind[])
      if (abort.signal.aborted) return
      setLoaded(true)
      const onEach = (change: Change) => {
        setRevisions((old) => ({ ...old, [change.resourceId]: change.revision }))
        onChange(change.resourceType)
      }
      followChanges(session, { after: revision, onChange: onEach, onState: setStream }, abort.signal)
    })()
    return () => abort.abort()
  }, [session, reload])

  return <WorldContext.Provider value={{ ...data, session, loaded, stream, revisions, call }}>{children}</WorldContext.Provider>
}

async function listAll(call: World['call'], lister: Lister): Promise<unknown[]> {
  if (!lister.paged) return lister.items(await call(lister.product, lister.action, lister.params))
  const all: unknown[] = []
  for (let page = 1; ; page++) {
    const answer = await call(lister.product, lister.action, { ...lister.params, PageNumber: page, PageSize: PAGE_SIZE })
    const items = lister.items(answer)
    all.push(...items)
    if (items.length < PAGE_SIZE || all.length >= Number(answer.TotalCount ?? 0)) return all
  }
}
