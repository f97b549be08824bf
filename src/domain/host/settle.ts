import type { EniStatus } from '../eni/eni.js'
import type { InstanceStatus } from '../instance/instance.js'

/** What a host reports having in its kernel for one instance: its namespace, and whether it runs. */
export interface ObservedInstance {
  running: boolean
}

/** What a host reports for one ENI: its interface exists in that instance's namespace, up or down. */
export interface ObservedEni {
  instanceId: string
  up: boolean
}

/**
 * The power state a host must give an instance: running from launch until a stop is asked,
 * stopped from then until a start (the transitional statuses are the API's, not the kernel's).
 */
export function desiredPower(status: InstanceStatus): 'running' | 'stopped' {
  return status === 'Stopping' || status === 'Stopped' ? 'stopped' : 'running'
}

/**
 * An instance in flight settles when its host shows what was asked (principle 4): Pending or
 * Starting becomes Running once its namespace exists and runs; Stopping becomes Stopped once it no
 * longer runs (or its namespace is gone). Anything else, or a host that has not caught up yet,
 * leaves the status as it is.
 */
export function settledInstanceStatus(status: InstanceStatus, observed: ObservedInstance | undefined): InstanceStatus {
  switch (status) {
    case 'Pending':
    case 'Starting':
      return observed?.running === true ? 'Running' : status
    case 'Stopping':
      return observed === undefined || !observed.running ? 'Stopped' : status
    default:
      return status
  }
}

/**
 * An ENI in flight settles on its instance's host: Attaching becomes InUse once its interface is up
 * in that instance's namespace; Detaching becomes Available once the interface is gone from it.
 */
export function settledEniStatus(
  status: EniStatus,
  instanceId: string | null,
  observed: ObservedEni | undefined,
): EniStatus {
  const onInstance = observed !== undefined && observed.instanceId === instanceId
  if (status === 'Attaching') return onInstance && observed.up ? 'InUse' : status
  if (status === 'Detaching') return onInstance ? status : 'Available'
  return status
}
