import type { ActionTable } from '../action.js'
import { actions as instanceTypes } from './instance-types.js'
import { actions as instances } from './instances.js'
import { actions as networkInterfaces } from './network-interfaces.js'
import { actions as regions } from './regions.js'
import { actions as securityGroups } from './security-groups.js'
// Security group rules.
import { actions as securityGroupRules } from './security-group-rules.js'

/** ECS 2014-05-26: one file per resource, each exporting its handlers by action name. */
export const ecsActions: ActionTable = {
  ...regions,
  ...instanceTypes,
  ...securityGroups,
  ...instances,
  ...networkInterfaces,
  // Security group rules.
  ...securityGroupRules,
}
