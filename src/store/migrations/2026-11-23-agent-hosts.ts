import type { Kysely } from 'kysely'

// Hosts that run `openeni agent` sign their calls with a secret of their own (sealed like access
// key secrets) and tell where other hosts reach them through the VXLAN underlay.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hosts').addColumn('secret_ciphertext', 'text').execute()
  await db.schema.alterTable('hosts').addColumn('underlay_address', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('hosts').dropColumn('underlay_address').execute()
  await db.schema.alterTable('hosts').dropColumn('secret_ciphertext').execute()
}
