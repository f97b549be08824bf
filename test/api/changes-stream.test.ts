import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { signAcs3 } from '../../src/api/aliyun/signature.js'
import { Network } from '../support/network.js'
import { DIALECTS, startServer, stopPostgres, type TestAccount, type TestServer } from '../support/server.js'

after(stopPostgres)

interface StreamedChange {
  id: string
  revision: number
  accountId: string
  resourceType: string
  resourceId: string
  event: string
}

/** An open `GET /rest/v1/changes/stream`: its parsed `change` events as they arrive. */
interface ChangeStream {
  status: number
  contentType: string | null
  /** Waits until `count` events have arrived in all (or fails after `timeoutMs`). */
  take(count: number, timeoutMs?: number): Promise<StreamedChange[]>
  /** Resolves when the server ends the stream. */
  ended: Promise<void>
  abort(): void
}

function signedStream(server: TestServer, account: TestAccount, query: Record<string, string>) {
  return signAcs3({
    method: 'GET',
    host: server.endpoint,
    path: '/rest/v1/changes/stream',
    query,
    action: 'StreamChanges',
    version: 'rest-v1',
    accessKeyId: account.accessKeyId,
    secret: account.accessKeySecret,
  })
}

async function openStream(server: TestServer, account: TestAccount, afterRevision: number): Promise<ChangeStream> {
  const signed = signedStream(server, account, { after: String(afterRevision) })
  const abort = new AbortController()
  const response = await fetch(`http://${server.endpoint}${signed.url}`, { headers: signed.headers, signal: abort.signal })
  const events: StreamedChange[] = []
  let notify = () => {}
  const reader = response.body?.getReader()
  assert.ok(reader)
  const ended = (async () => {
    const decoder = new TextDecoder()
    let buffer = ''
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        buffer += decoder.decode(value, { stream: true })
        let end: number
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end)
          buffer = buffer.slice(end + 2)
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          )
          if (fields.event !== 'change') continue
          events.push({ id: fields.id ?? '', ...(JSON.parse(fields.data ?? '{}') as Omit<StreamedChange, 'id'>) })
          notify()
        }
      }
    } catch (err) {
      if (!abort.signal.aborted) throw err
    }
  })()
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    async take(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (events.length < count) {
        const left = deadline - Date.now()
        if (left <= 0) assert.fail(`expected ${count} change events, got ${events.length}`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          notify = () => {
            clearTimeout(timer)
            resolve()
          }
        })
      }
      return events.slice(0, count)
    },
    ended,
    abort: () => abort.abort(),
  }
}

for (const dialect of DIALECTS) {
  describe(`change stream (${dialect})`, () => {
    let server: TestServer
    let other: TestAccount
    before(async () => {
      server = await startServer({ dialect })
      other = await server.addAccount('someone-else')
    })
    after(() => server.close())

    it('sends the account’s changes in revision order as they commit, and only that account’s', async () => {
      const mine = await openStream(server, server.account, 0)
      const theirs = await openStream(server, other, 0)
      assert.equal(mine.status, 200)
      assert.match(mine.contentType ?? '', /^text\/event-stream/)
      const backlog = (await mine.take(1)).length
      const net = await Network.create(server.account)
      const { id: vSwitchId } = await net.vSwitch()
      await Network.create(other, '198.19')
      // A VPC comes with its route table and system route: four changes in all.
      const events = await mine.take(backlog + 4)
      const fresh = events.slice(backlog).filter((e) => e.resourceType === 'Vpc' || e.resourceType === 'VSwitch')
      assert.deepEqual(
        fresh.map((e) => e.resourceId),
        [net.vpcId, vSwitchId],
      )
      const revisions = events.map((e) => e.revision)
      assert.deepEqual(revisions, [...revisions].sort((a, b) => a - b))
      assert.deepEqual(
        events.map((e) => e.id),
        revisions.map(String),
      )
      assert.ok(events.every((e) => e.accountId === server.account.accountId))
      const seen = await theirs.take(2)
      assert.ok(seen.every((e) => e.accountId === other.accountId))
      assert.ok(!seen.some((e) => e.resourceId === net.vpcId))
      mine.abort()
      theirs.abort()
    })

    it('resumes after the revision given, without repeating earlier ones', async () => {
      const everything = await openStream(server, server.account, 0)
      const all = await everything.take(3)
      everything.abort()
      const cut = all[1]?.revision ?? 0
      const resumed = await openStream(server, server.account, cut)
      const [next] = await resumed.take(1)
      assert.equal(next?.revision, all[2]?.revision)
      resumed.abort()
    })

    it('refuses a bad after with the API error, and an unsigned request', async () => {
      const signed = signedStream(server, server.account, { after: '-1' })
      const bad = await fetch(`http://${server.endpoint}${signed.url}`, { headers: signed.headers })
      assert.equal(bad.status, 400)
      assert.equal(((await bad.json()) as { Code: string }).Code, 'InvalidParameter')
      const unsigned = await fetch(`http://${server.endpoint}/rest/v1/changes/stream?after=0`)
      assert.equal(((await unsigned.json()) as { Code: string }).Code, 'MissingParameter')
    })

    it('ends open streams when the server closes, and keeps serving when a client goes', async () => {
      // A server of its own, that no SDK has kept a connection to, so its close waits on nothing else.
      const own = await startServer({ dialect })
      const leaving = await openStream(own, own.account, 0)
      await leaving.take(1)
      leaving.abort()
      await leaving.ended
      const staying = await openStream(own, own.account, 0)
      await staying.take(1)
      const started = Date.now()
      const closing = own.close()
      await staying.ended
      assert.ok(Date.now() - started < 1000, 'the open stream held up the shutdown')
      await closing
    })
  })
}
