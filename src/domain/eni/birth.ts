import type { Eni, EniType } from './eni.js'

/** Where a new ENI is born: standalone, or on an instance that RunInstances is launching. */
export interface BirthPlace {
  instanceId: string
  deviceIndex: number
  type: EniType
}

export type BirthState = Pick<Eni, 'type' | 'status' | 'instanceId' | 'deviceIndex' | 'deleteOnRelease'>

/**
 * The state a new ENI starts in (spec §3.5, §5.1, §5.11, §7). A standalone ENI is a Secondary one,
 * Available, and stays when an instance it later joins is released unless asked otherwise (spec
 * §8's decision). A primary ENI is InUse at device index 0 and always dies with its instance. A
 * secondary created at launch is Attaching until the host confirms, and by default goes with the
 * instance (RunInstances' default).
 */
export function birthState(place: BirthPlace | undefined, deleteOnRelease: boolean | undefined): BirthState {
  if (place === undefined) {
    return { type: 'Secondary', status: 'Available', instanceId: null, deviceIndex: null, deleteOnRelease: deleteOnRelease ?? false }
  }
  if (place.type === 'Primary') {
    return { type: 'Primary', status: 'InUse', instanceId: place.instanceId, deviceIndex: 0, deleteOnRelease: true }
  }
  return { type: 'Secondary', status: 'Attaching', instanceId: place.instanceId, deviceIndex: place.deviceIndex, deleteOnRelease: deleteOnRelease ?? true }
}
