import type { ActionTable } from '../action.js'
import { actions as eips } from './eips.js'
import { actions as vpcs } from './vpcs.js'
import { actions as vswitches } from './vswitches.js'
// Route tables.
import { actions as routes } from './routes.js'

/** VPC 2016-04-28: one file per resource, each exporting its handlers by action name. */
export const vpcActions: ActionTable = {
  ...vpcs,
  ...vswitches,
  // Route tables.
  ...routes,
  // Elastic IP addresses.
  ...eips,
}
