import type { Kysely } from 'kysely'

// Stand-alone on purpose: a migration must keep meaning the same thing when the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('eips')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('region_id', 'text', (c) => c.notNull())
    // A public address is one EIP at most, whoever races for it: the database decides.
    .addColumn('address', 'bigint', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('bandwidth', 'integer', (c) => c.notNull())
    .addColumn('internet_charge_type', 'text', (c) => c.notNull())
    .addColumn('instance_charge_type', 'text', (c) => c.notNull())
    .addColumn('pricing_cycle', 'text')
    .addColumn('period', 'integer')
    .addColumn('expires_at', 'text')
    .addColumn('isp', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text')
    .addColumn('resource_group_id', 'text', (c) => c.notNull())
    .addColumn('eni_id', 'text', (c) => c.references('enis.id'))
    .addColumn('private_address', 'bigint')
    .addColumn('bound_as', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('metered_until', 'text', (c) => c.notNull())
    // One EIP per private address of an ENI; unbound EIPs (nulls) do not collide.
    .addUniqueConstraint('eips_binding', ['eni_id', 'private_address'])
    .execute()
  await db.schema.createIndex('eips_owner').on('eips').columns(['account_id', 'region_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('eip_pools')
    .addColumn('region_id', 'text', (c) => c.primaryKey())
    .addColumn('alloc_hint', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('eip_events')
    .addColumn('allocation_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('bandwidth', 'integer', (c) => c.notNull())
    .addColumn('internet_charge_type', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eip_events_pk', ['allocation_id', 'seq'])
    .execute()
  await db.schema.createIndex('eip_events_account').on('eip_events').columns(['account_id', 'at']).execute()

  await db.schema
    .createTable('eip_counters')
    .addColumn('allocation_id', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('rx_bytes', 'bigint', (c) => c.notNull())
    .addColumn('tx_bytes', 'bigint', (c) => c.notNull())
    .addColumn('rx_packets', 'bigint', (c) => c.notNull())
    .addColumn('tx_packets', 'bigint', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('eip_counters_pk', ['allocation_id', 'host_id'])
    .execute()

  await db.schema
    .createTable('eip_traffic')
    .addColumn('allocation_id', 'text', (c) => c.notNull())
    .addColumn('minute', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('rx_bytes', 'bigint', (c) => c.notNull())
    .addColumn('tx_bytes', 'bigint', (c) => c.notNull())
    .addColumn('rx_packets', 'bigint', (c) => c.notNull())
    .addColumn('tx_packets', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('eip_traffic_pk', ['allocation_id', 'minute'])
    .execute()

  await db.schema
    .createTable('eip_usage')
    .addColumn('allocation_id', 'text', (c) => c.notNull())
    .addColumn('hour', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('internet_charge_type', 'text', (c) => c.notNull())
    .addColumn('bandwidth_hours', 'double precision', (c) => c.notNull())
    .addColumn('rx_bytes', 'bigint', (c) => c.notNull())
    .addColumn('tx_bytes', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('eip_usage_pk', ['allocation_id', 'hour'])
    .execute()
  await db.schema.createIndex('eip_usage_account').on('eip_usage').columns(['account_id', 'hour']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['eip_usage', 'eip_traffic', 'eip_counters', 'eip_events', 'eip_pools', 'eips']) {
    await db.schema.dropTable(table).execute()
  }
}
