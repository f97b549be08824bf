import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'

// Stand-alone on purpose: a migration must keep meaning the same thing when the app changes.

/** Rows per INSERT while backfilling, well under both databases' limits on bound parameters. */
const BATCH = 500

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('route_tables')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('vrouter_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('route_tables_vpc').on('route_tables').columns(['vpc_id']).execute()
  await db.schema
    .createIndex('route_tables_owner')
    .on('route_tables')
    .columns(['account_id', 'region_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('route_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('route_table_id', 'text', (c) => c.notNull().references('route_tables.id'))
    .addColumn('vpc_id', 'text', (c) => c.notNull())
    .addColumn('destination_cidr_block', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('next_hop_type', 'text', (c) => c.notNull())
    // A route names its next hop, never a host or an address: it follows an ENI that moves.
    .addColumn('instance_id', 'text', (c) => c.references('instances.id'))
    .addColumn('eni_id', 'text', (c) => c.references('enis.id'))
    .addColumn('vswitch_id', 'text', (c) => c.references('vswitches.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // One route per destination in a table, whatever races the service loses.
    .addUniqueConstraint('route_entries_destination', ['route_table_id', 'destination_cidr_block'])
    .execute()
  await db.schema
    .createIndex('route_entries_table')
    .on('route_entries')
    .columns(['route_table_id', 'created_at', 'id'])
    .execute()
  await db.schema.createIndex('route_entries_vpc').on('route_entries').columns(['vpc_id']).execute()
  // Deleting an instance, ENI or vSwitch looks up the routes through it.
  await db.schema.createIndex('route_entries_instance').on('route_entries').columns(['instance_id']).execute()
  await db.schema.createIndex('route_entries_eni').on('route_entries').columns(['eni_id']).execute()
  await db.schema.createIndex('route_entries_vswitch').on('route_entries').columns(['vswitch_id']).execute()

  await backfill(db)
}

/**
 * VPCs made before route tables existed get theirs now: the system table under the ID CreateVpc
 * already answered, its route to the cloud-service block, and a route per vSwitch block.
 */
async function backfill(db: Kysely<any>): Promise<void> {
  const vpcs = await db.selectFrom('vpcs').select(['id', 'account_id', 'region_id', 'vrouter_id', 'route_table_id', 'created_at']).execute()
  const vSwitches = await db
    .selectFrom('vswitches')
    .innerJoin('vpcs', 'vpcs.id', 'vswitches.vpc_id')
    .select([
      'vswitches.id as id',
      'vswitches.account_id as account_id',
      'vswitches.region_id as region_id',
      'vswitches.vpc_id as vpc_id',
      'vswitches.cidr_block as cidr_block',
      'vswitches.created_at as created_at',
      'vpcs.route_table_id as route_table_id',
    ])
    .execute()
  const tables = vpcs.map((v) => ({
    id: v.route_table_id,
    account_id: v.account_id,
    region_id: v.region_id,
    vpc_id: v.id,
    vrouter_id: v.vrouter_id,
    type: 'System',
    name: '',
    description: '',
    status: 'Available',
    created_at: v.created_at,
  }))
  const system = (row: { account_id: string; region_id: string; route_table_id: string; vpc_id: string; created_at: string }) => ({
    id: newRouteEntryId(),
    account_id: row.account_id,
    region_id: row.region_id,
    route_table_id: row.route_table_id,
    vpc_id: row.vpc_id,
    type: 'System',
    instance_id: null,
    eni_id: null,
    name: '',
    description: '',
    status: 'Available',
    created_at: row.created_at,
  })
  const routes = [
    ...vpcs.map((v) => ({
      ...system({ ...v, vpc_id: v.id }),
      destination_cidr_block: '100.64.0.0/10',
      next_hop_type: 'service',
      vswitch_id: null,
    })),
    ...vSwitches.map((v) => ({ ...system(v), destination_cidr_block: v.cidr_block, next_hop_type: 'local', vswitch_id: v.id })),
  ]
  for (let i = 0; i < tables.length; i += BATCH) await db.insertInto('route_tables').values(tables.slice(i, i + BATCH)).execute()
  for (let i = 0; i < routes.length; i += BATCH) await db.insertInto('route_entries').values(routes.slice(i, i + BATCH)).execute()
}

// A deliberate copy of the app's ID shape (`rte-` and 20 of [0-9a-z], rejection-sampled), since a
// migration imports no app code.
function newRouteEntryId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz'
  const limit = 256 - (256 % alphabet.length)
  let id = ''
  while (id.length < 20) {
    for (const byte of randomBytes(40)) {
      if (byte < limit && id.length < 20) id += alphabet[byte % alphabet.length]
    }
  }
  return `rte-${id}`
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('route_entries').execute()
  await db.schema.dropTable('route_tables').execute()
}
