import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Migrator, type Kysely } from 'kysely'
import type { StoreDialect } from '../../../src/store/dialect/dialect.js'
import { postgresDialect } from '../../../src/store/dialect/postgres.js'
import { sqliteDialect } from '../../../src/store/dialect/sqlite.js'
import { migrationProvider } from '../../../src/store/migrations/index.js'
import { vpcRouteTables } from '../../../src/store/repositories/route-entries.js'
import type { Database } from '../../../src/store/schema.js'
import { createDatabase, startPostgres, type PostgresCluster } from '../../support/postgres.js'
import { DIALECTS } from '../../support/server.js'

const CREATED = '2026-11-01T10:00:00.000Z'

let cluster: Promise<PostgresCluster> | undefined
after(async () => {
  if (cluster !== undefined) await (await cluster).stop()
})

async function dialectFor(name: 'sqlite' | 'postgres', dir: string): Promise<StoreDialect> {
  if (name === 'sqlite') return sqliteDialect(join(dir, 'openeni.sqlite'))
  cluster ??= startPostgres()
  return postgresDialect(await createDatabase((await cluster).url, 'route_tables_migration'))
}

/** A VPC with two vSwitches, written as the first schema had them. */
async function seed(db: Kysely<Database>): Promise<void> {
  await db.insertInto('accounts').values({ id: '1000000000000001', name: 'old', created_at: CREATED }).execute()
  await db
    .insertInto('vpcs')
    .values({
      id: 'vpc-old',
      account_id: '1000000000000001',
      region_id: 'cn-hangzhou',
      cidr_block: '198.18.0.0/16',
      user_cidrs: '[]',
      name: '',
      description: '',
      status: 'Available',
      vrouter_id: 'vrt-old',
      route_table_id: 'vtb-old',
      is_default: 0,
      created_at: CREATED,
    })
    .execute()
  for (const [id, cidr] of [
    ['vsw-one', '198.18.0.0/24'],
    ['vsw-two', '198.18.1.0/24'],
  ] as const) {
    await db
      .insertInto('vswitches')
      .values({
        id,
        account_id: '1000000000000001',
        region_id: 'cn-hangzhou',
        vpc_id: 'vpc-old',
        zone_id: 'cn-hangzhou-a',
        cidr_block: cidr,
        name: '',
        description: '',
        status: 'Available',
        alloc_hint: 0,
        created_at: CREATED,
      })
      .execute()
  }
}

for (const name of DIALECTS) {
  describe(`migration 2026-11-23-route-tables (${name})`, () => {
    it('gives VPCs made before it their system route table and system routes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'openeni-migration-'))
      const db = (await dialectFor(name, dir)).createKysely()
      try {
        const migrator = new Migrator({ db, provider: migrationProvider, migrationTableName: 'schema_migrations' })
        assert.equal((await migrator.migrateTo('2026-11-22-initial')).error, undefined)
        await seed(db)
        assert.equal((await migrator.migrateToLatest()).error, undefined)

        const tables = await db.selectFrom('route_tables').selectAll().execute()
        assert.deepEqual(tables, [
          {
            id: 'vtb-old',
            account_id: '1000000000000001',
            region_id: 'cn-hangzhou',
            vpc_id: 'vpc-old',
            vrouter_id: 'vrt-old',
            type: 'System',
            name: '',
            description: '',
            status: 'Available',
            created_at: CREATED,
          },
        ])
        const routes = await db.selectFrom('route_entries').selectAll().orderBy('destination_cidr_block').execute()
        assert.deepEqual(
          routes.map((r) => [r.destination_cidr_block, r.type, r.next_hop_type, r.vswitch_id, r.route_table_id, r.status, r.created_at]),
          [
            ['100.64.0.0/10', 'System', 'service', null, 'vtb-old', 'Available', CREATED],
            ['198.18.0.0/24', 'System', 'local', 'vsw-one', 'vtb-old', 'Available', CREATED],
            ['198.18.1.0/24', 'System', 'local', 'vsw-two', 'vtb-old', 'Available', CREATED],
          ],
        )
        assert.ok(routes.every((r) => /^rte-[0-9a-z]{20}$/.test(r.id)))
        assert.equal(new Set(routes.map((r) => r.id)).size, routes.length)
        // Made at one instant, the routes list in ID order among themselves.
        assert.deepEqual((await vpcRouteTables(db, ['vpc-old'])).get('vpc-old')?.systemRoutes.map((r) => r.destinationCidrBlock).sort(), [
          '100.64.0.0/10',
          '198.18.0.0/24',
          '198.18.1.0/24',
        ])

        // And back: the tables go, the VPCs stay.
        assert.equal((await migrator.migrateTo('2026-11-22-initial')).error, undefined)
        assert.equal((await db.selectFrom('vpcs').select('id').execute()).length, 1)
      } finally {
        await db.destroy()
        rmSync(dir, { recursive: true, force: true })
      }
    })
  })
}
