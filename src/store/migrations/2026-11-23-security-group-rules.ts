import type { Kysely } from 'kysely'

// Stand-alone on purpose: a migration must keep meaning the same thing when the app changes.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('security_group_rules')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('security_group_id', 'text', (c) => c.notNull().references('security_groups.id'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('ip_protocol', 'text', (c) => c.notNull())
    .addColumn('port_from', 'integer', (c) => c.notNull())
    .addColumn('port_to', 'integer', (c) => c.notNull())
    // Exactly one of the two peers is set: a CIDR block, or a group whose members are the peers.
    .addColumn('peer_cidr', 'text')
    // A referenced group cannot disappear under its rule, whatever race the service loses.
    .addColumn('peer_group_id', 'text', (c) => c.references('security_groups.id'))
    .addColumn('local_cidr', 'text')
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  // DescribeSecurityGroupAttribute pages a group's rules in (created_at, id) order.
  await db.schema
    .createIndex('security_group_rules_group')
    .on('security_group_rules')
    .columns(['security_group_id', 'created_at', 'id'])
    .execute()
  // DeleteSecurityGroup looks for rules of other groups that name it as their peer.
  await db.schema.createIndex('security_group_rules_peer').on('security_group_rules').columns(['peer_group_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('security_group_rules').execute()
}
