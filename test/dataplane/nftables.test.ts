import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { CommandError, ip } from '../../src/agent/linux/command.js'
import { nftApply, nftList } from '../../src/agent/linux/nftables.js'
import { dataplaneUnavailable } from '../support/dataplane.js'

interface Item {
  table?: { family: string; name: string }
  set?: { name: string; elem?: unknown[] }
  map?: { name: string; elem?: unknown[] }
  counter?: { name: string; packets: number }
}

/** libnftables in the agent's process: contexts per namespace, one call at a time, buffers per call. */
describe('nftables in process', { skip: dataplaneUnavailable() }, () => {
  const prefix = `tf${randomBytes(2).toString('hex')}`
  const namespaces = [`${prefix}@a`, `${prefix}@b`]
  const ruleset = (tag: string) => `table inet ${prefix} {
  set peers { typeof ip saddr . tcp dport; flags interval; elements = { 198.18.0.0/24 . 80-89, 198.18.1.0/24 . 443 } }
  map by_port { typeof iifname . ip saddr : verdict; elements = { "${tag}0" . 198.18.2.1 : accept } }
  counter seen_${tag} { }
  set digest { type ifname; elements = { "${tag}" } }
}
`

  before(async () => {
    await ip(null, ['-batch', '-'], namespaces.map((n) => `netns add ${n}\n`).join(''))
    for (const [i, n] of namespaces.entries()) await nftApply(n, ruleset(`t${i}`))
  })
  after(async () => {
    for (const n of namespaces) await ip(null, ['netns', 'del', n]).catch(() => undefined)
  })

  it('answers many calls at once, in two namespaces, each with its own namespace\'s answer', async () => {
    const calls = Array.from({ length: 200 }, async (_, k) => {
      const i = k % 2
      const namespace = namespaces[i]!
      switch (k % 5) {
        case 0:
          return assert.deepEqual((await nftList<Item>(namespace, `list set inet ${prefix} digest`)).flatMap((e) => e.set?.elem ?? []), [`t${i}`])
        case 1:
          return assert.equal((await nftList<Item>(namespace, `list set inet ${prefix} peers`)).flatMap((e) => e.set?.elem ?? []).length, 2)
        case 2:
          return assert.equal((await nftList<Item>(namespace, `list map inet ${prefix} by_port`)).flatMap((e) => e.map?.elem ?? []).length, 1)
        case 3:
          return assert.deepEqual((await nftList<Item>(namespace, `list counters table inet ${prefix}`)).flatMap((e) => (e.counter === undefined ? [] : [e.counter.name])), [`seen_t${i}`])
        default:
          return nftApply(namespace, `add element inet ${prefix} peers { 198.18.${10 + k}.0/24 . 22 }\ndelete element inet ${prefix} peers { 198.18.${10 + k}.0/24 . 22 }\n`)
      }
    })
    await Promise.all(calls)
  })

  it('refuses a bad ruleset whole with what nft says, and the next call answers afresh', async () => {
    const refused = await nftApply(namespaces[0]!, `add element inet ${prefix} peers { 198.18.50.0/24 . 22 }\nadd element inet ${prefix} nothere { 1.2.3.4 }\n`).then(
      () => undefined,
      (err: unknown) => err,
    )
    assert.ok(refused instanceof CommandError, String(refused))
    assert.match(refused.stderr, /No such file or directory/)
    // One transaction: the good line before the bad one is not in.
    const elements = JSON.stringify(await nftList<Item>(namespaces[0]!, `list set inet ${prefix} peers`))
    assert.ok(!elements.includes('198.18.50.0'), elements)
    // A call that lists nothing does not hand back what the last one listed.
    assert.deepEqual((await nftList<Item>(namespaces[0]!, 'list tables ip')).filter((e) => e.table !== undefined || e.set !== undefined), [])
  })

  it('follows a namespace made again under the same name, and says so when one is gone', async () => {
    const [first] = namespaces
    await ip(null, ['netns', 'del', first!])
    await assert.rejects(nftList(first!, 'list tables'), /does not exist/)
    await ip(null, ['netns', 'add', first!])
    assert.deepEqual(
      (await nftList<Item>(first!, 'list tables')).filter((e) => e.table !== undefined),
      [],
      'the new namespace has none of the old one\'s tables',
    )
    await nftApply(first!, ruleset('t0'))
    assert.equal((await nftList<Item>(first!, 'list tables')).filter((e) => e.table?.name === prefix).length, 1)
  })
})
