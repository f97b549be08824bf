import type { Migration, MigrationProvider } from 'kysely'
import * as initial from './2026-11-22-initial.js'
import * as agentHosts from './2026-11-23-agent-hosts.js'
import * as routeTables from './2026-11-23-route-tables.js'
import * as securityGroupRules from './2026-11-23-security-group-rules.js'
import * as elasticIps from './2026-11-23-elastic-ips.js'

/**
 * Migrations listed statically rather than read from the folder, so the same list runs from the
 * TypeScript sources and from the compiled `dist/`. Keys sort by their ISO-date prefix.
 */
const migrations: Record<string, Migration> = {
  '2026-11-22-initial': initial,
  '2026-11-23-agent-hosts': agentHosts,
  '2026-11-23-route-tables': routeTables,
  '2026-11-23-security-group-rules': securityGroupRules,
  '2026-11-23-elastic-ips': elasticIps,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
