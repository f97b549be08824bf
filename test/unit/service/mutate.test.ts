import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultConfig, resolveCatalog } from '../../../src/domain/config.js'
import { DomainError } from '../../../src/domain/errors.js'
import { cryptoRandom } from '../../../src/cli/runtime.js'
import { readChanges } from '../../../src/service/change-log.js'
import type { ServiceDeps } from '../../../src/service/deps.js'
import { mutate } from '../../../src/service/mutate.js'
import { secretBox } from '../../../src/service/secret-box.js'
import { openStore } from '../../../src/store/store.js'
import { DIALECTS, stopPostgres } from '../../support/server.js'
import { createDatabase, startPostgres } from '../../support/postgres.js'

after(stopPostgres)

for (const dialect of DIALECTS) {
  describe(`mutate (${dialect})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openeni-mutate-'))
    let deps: ServiceDeps
    let stopCluster = async () => {}
    const caller = { accountId: '1000000000000001', requestId: 'R' }
    let counter = 0
    /** A trivial mutation: one account row and one change event. */
    const addAccount = (name: string) => async (u: Parameters<Parameters<typeof mutate>[3]>[0]) => {
      await u.tx.insertInto('accounts').values({ id: String(++counter), name, created_at: u.now.toISOString() }).execute()
      u.record({ resourceType: 'Account', resourceId: name, event: 'AccountCreated' })
      return { name }
    }
    const accounts = async () => (await deps.store.db.selectFrom('accounts').select('name').execute()).map((r) => r.name).sort()

    before(async () => {
      let url: string | undefined
      if (dialect === 'postgres') {
        const cluster = await startPostgres()
        stopCluster = cluster.stop
        url = await createDatabase(cluster.url, 'mutate')
      }
      const config = defaultConfig()
      deps = {
        store: await openStore(url === undefined ? { dataDir } : { dataDir, url }),
        config,
        catalog: resolveCatalog(config),
        clock: () => new Date(),
        random: cryptoRandom,
        secrets: secretBox(Buffer.alloc(32)),
        dataplane: 'none',
      }
    })
    after(async () => {
      await deps.store.close()
      await stopCluster()
      rmSync(dataDir, { recursive: true, force: true })
    })

    it('writes the work and its change event in one transaction', async () => {
      await mutate(deps, caller, { action: 'Add' }, addAccount('a'))
      assert.deepEqual(await accounts(), ['a'])
      const changes = await readChanges(deps.store.db, { afterRevision: 0, limit: 100 })
      assert.equal(changes.at(-1)?.resourceId, 'a')
    })

    it('rolls everything back when the work fails, events included', async () => {
      const before = (await readChanges(deps.store.db, { afterRevision: 0, limit: 100 })).length
      await assert.rejects(
        mutate(deps, caller, { action: 'Add' }, async (u) => {
          await addAccount('doomed')(u)
          throw new DomainError('InvalidParameter', 'refused after writing')
        }),
        /refused after writing/,
      )
      assert.ok(!(await accounts()).includes('doomed'))
      assert.equal((await readChanges(deps.store.db, { afterRevision: 0, limit: 100 })).length, before)
    })

    it('validates a DryRun fully, then answers DryRunOperation and keeps nothing', async () => {
      await assert.rejects(mutate(deps, caller, { action: 'Add', dryRun: true }, addAccount('dry')), { code: 'DryRunOperation' })
      assert.ok(!(await accounts()).includes('dry'))
    })

    it('answers a retry with the same ClientToken from the record, running the work once', async () => {
      const first = await mutate(deps, caller, { action: 'Add', clientToken: 'tok-1', fingerprint: { n: 1 } }, addAccount('once'))
      const again = await mutate(deps, caller, { action: 'Add', clientToken: 'tok-1', fingerprint: { n: 1 } }, addAccount('twice'))
      assert.deepEqual(again, first)
      assert.ok(!(await accounts()).includes('twice'))
    })

    it('refuses the same ClientToken with different parameters', async () => {
      await assert.rejects(
        mutate(deps, caller, { action: 'Add', clientToken: 'tok-1', fingerprint: { n: 2 } }, addAccount('other')),
        { code: 'IdempotentParameterMismatch' },
      )
    })

    it('scopes a ClientToken to its action and account', async () => {
      await mutate(deps, caller, { action: 'Other', clientToken: 'tok-1', fingerprint: { n: 1 } }, addAccount('other-action'))
      await mutate(deps, { ...caller, accountId: '2' }, { action: 'Add', clientToken: 'tok-1', fingerprint: { n: 1 } }, addAccount('other-account'))
      assert.ok((await accounts()).includes('other-action'))
      assert.ok((await accounts()).includes('other-account'))
    })

    it('runs the work once when two requests race with one ClientToken', async () => {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          mutate(deps, caller, { action: 'Race', clientToken: 'tok-race', fingerprint: {} }, addAccount(`race-${i}`)),
        ),
      )
      assert.equal(new Set(results.map((r) => r.name)).size, 1)
      assert.equal((await accounts()).filter((n) => n.startsWith('race-')).length, 1)
    })

    it('refuses a ClientToken longer than 64 characters', async () => {
      await assert.rejects(mutate(deps, caller, { action: 'Add', clientToken: 'x'.repeat(65) }, addAccount('long')), {
        code: 'InvalidParameter',
      })
    })

    it('numbers concurrent changes without gaps or repeats', async () => {
      const start = (await readChanges(deps.store.db, { afterRevision: 0, limit: 10_000 })).at(-1)?.revision ?? 0
      await Promise.all(Array.from({ length: 20 }, (_, i) => mutate(deps, caller, { action: 'Add' }, addAccount(`n-${i}`))))
      const revisions = (await readChanges(deps.store.db, { afterRevision: start, limit: 10_000 })).map((c) => c.revision)
      assert.deepEqual(
        revisions,
        Array.from({ length: 20 }, (_, i) => start + i + 1),
      )
    })
  })
}
