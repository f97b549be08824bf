import type { Kysely } from 'kysely'

// Stand-alone on purpose: a migration must keep meaning the same thing when the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('access_keys')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('nonces')
    .addColumn('access_key_id', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('nonces_pk', ['access_key_id', 'nonce'])
    .execute()
  await db.schema.createIndex('nonces_expiry').on('nonces').column('expires_at').execute()

  await db.schema
    .createTable('changes')
    .addColumn('revision', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'text')
    .addColumn('region_id', 'text')
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('changes_account').on('changes').columns(['account_id', 'revision']).execute()

  await db.schema
    .createTable('idempotency')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('token', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_pk', ['account_id', 'action', 'token'])
    .execute()

  await db.schema
    .createTable('hosts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text', (c) => c.notNull())
    .addColumn('dataplane', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('vpcs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('cidr_block', 'text', (c) => c.notNull())
    .addColumn('user_cidrs', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('vrouter_id', 'text', (c) => c.notNull())
    .addColumn('route_table_id', 'text', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('vpcs_owner').on('vpcs').columns(['account_id', 'region_id', 'created_at', 'id']).execute()

  await db.schema
    .createTable('vswitches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('zone_id', 'text')
    .addColumn('cidr_block', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('alloc_hint', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('vswitches_vpc').on('vswitches').columns(['vpc_id']).execute()
  await db.schema
    .createIndex('vswitches_owner')
    .on('vswitches')
    .columns(['account_id', 'region_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('security_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('inner_access_policy', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('security_groups_vpc').on('security_groups').columns(['vpc_id']).execute()
  await db.schema
    .createIndex('security_groups_owner')
    .on('security_groups')
    .columns(['account_id', 'region_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('instances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text', (c) => c.notNull())
    .addColumn('host_id', 'text')
    .addColumn('instance_type', 'text', (c) => c.notNull())
    .addColumn('io_optimized', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('host_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('image_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('vswitch_id', 'text', (c) => c.notNull().references('vswitches.id'))
    .addColumn('deletion_protection', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .execute()
  await db.schema.createIndex('instances_vpc').on('instances').columns(['vpc_id']).execute()
  await db.schema.createIndex('instances_host').on('instances').columns(['host_id']).execute()
  await db.schema
    .createIndex('instances_owner')
    .on('instances')
    .columns(['account_id', 'region_id', 'created_at', 'id'])
    .execute()

  await db.schema
    .createTable('enis')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('region_id', 'text', (c) => c.notNull())
    .addColumn('vpc_id', 'text', (c) => c.notNull().references('vpcs.id'))
    .addColumn('vswitch_id', 'text', (c) => c.notNull().references('vswitches.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('instance_id', 'text', (c) => c.references('instances.id'))
    .addColumn('device_index', 'integer')
    .addColumn('mac', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('queue_number', 'integer')
    .addColumn('delete_on_release', 'integer', (c) => c.notNull())
    .addColumn('source_dest_check', 'integer', (c) => c.notNull())
    .addColumn('resource_group_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // Two ENIs can never hold one slot of an instance, whatever races the service loses.
    .addUniqueConstraint('enis_slot', ['instance_id', 'device_index'])
    .execute()
  await db.schema.createIndex('enis_owner').on('enis').columns(['account_id', 'region_id', 'created_at', 'id']).execute()
  // The per-region secondary-ENI quota counts by type on every create.
  await db.schema.createIndex('enis_quota').on('enis').columns(['account_id', 'region_id', 'type']).execute()
  await db.schema.createIndex('enis_instance').on('enis').columns(['instance_id']).execute()
  await db.schema.createIndex('enis_vswitch').on('enis').columns(['vswitch_id']).execute()
  await db.schema.createIndex('enis_vpc').on('enis').columns(['vpc_id']).execute()

  await db.schema
    .createTable('eni_security_groups')
    .addColumn('eni_id', 'text', (c) => c.notNull().references('enis.id'))
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('eni_security_groups_pk', ['eni_id', 'security_group_id'])
    .execute()
  await db.schema
    .createIndex('eni_security_groups_group')
    .on('eni_security_groups')
    .columns(['security_group_id', 'eni_id'])
    .execute()

  await db.schema
    .createTable('private_ips')
    .addColumn('vswitch_id', 'text', (c) => c.notNull().references('vswitches.id'))
    .addColumn('address', 'bigint', (c) => c.notNull())
    .addColumn('eni_id', 'text', (c) => c.notNull().references('enis.id'))
    .addColumn('is_primary', 'integer', (c) => c.notNull())
    // An address belongs to one ENI: the database, not the allocator, is what guarantees it.
    .addPrimaryKeyConstraint('private_ips_pk', ['vswitch_id', 'address'])
    .execute()
  // DescribeNetworkInterfaces filters by address across vSwitches (PrimaryIpAddress, PrivateIpAddress.N).
  await db.schema.createIndex('private_ips_address').on('private_ips').columns(['address']).execute()
  await db.schema.createIndex('private_ips_eni').on('private_ips').columns(['eni_id', 'address']).execute()

  await db.schema
    .createTable('tags')
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['resource_type', 'resource_id', 'key'])
    .execute()
  await db.schema.createIndex('tags_key_value').on('tags').columns(['resource_type', 'key', 'value']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'tags',
    'private_ips',
    'eni_security_groups',
    'enis',
    'instances',
    'security_groups',
    'vswitches',
    'vpcs',
    'hosts',
    'idempotency',
    'changes',
    'nonces',
    'access_keys',
    'accounts',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
