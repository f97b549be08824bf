import type { Command } from 'commander'
import { registerEipCommands } from './eip.js'
import { registerEniCommands } from './eni.js'
import { registerInstanceCommands } from './instance.js'
import { registerProfileCommands } from './profile.js'
import { registerSgCommands } from './sg.js'
import { registerNetworkCommands } from './vpc.js'

/** The API client commands: one noun per resource, each verb an API action (or a few, for list and --wait). */
export function registerResourceCommands(program: Command): void {
  registerProfileCommands(program)
  registerNetworkCommands(program)
  registerSgCommands(program)
  registerInstanceCommands(program)
  registerEniCommands(program)
  registerEipCommands(program)
}
