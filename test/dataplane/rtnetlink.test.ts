import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { CommandError, ip } from '../../src/agent/linux/command.js'
import { dumpNamespace, runIpBatch } from '../../src/agent/linux/rtnetlink.js'
import { dataplaneUnavailable } from '../support/dataplane.js'

/**
 * The agent's in-process rtnetlink against `ip -batch` itself: the same batches, every form a
 * plan writes, run by `ip` in one pair of namespaces and by `runIpBatch` in another; what the
 * kernel then shows must be the same (interfaces, addresses, routes of every table, rules,
 * neighbours, on both sides of each veth pair).
 */
describe('rtnetlink batches do what ip -batch does', { skip: dataplaneUnavailable() }, () => {
  const prefix = `tn${randomBytes(2).toString('hex')}`
  const sides = { ip: { host: `${prefix}@ip`, peer: `${prefix}@ip@peer` }, netlink: { host: `${prefix}@nl`, peer: `${prefix}@nl@peer` } }
  const all = [sides.ip.host, sides.ip.peer, sides.netlink.host, sides.netlink.peer]

  before(async () => {
    await ip(null, ['-batch', '-'], all.map((n) => `netns add ${n}`).join('\n') + '\n')
  })
  after(async () => {
    for (const n of all) await ip(null, ['netns', 'del', n]).catch(() => undefined)
  })

  /** Runs a batch both ways, in the host namespaces or the peers; `{peer}` in a line is the side's peer namespace. */
  const both = async (lines: string[], where: 'host' | 'peer' = 'host') => {
    const fill = (peer: string) => lines.map((l) => l.replaceAll('{peer}', peer))
    await ip(sides.ip[where], ['-batch', '-'], `${fill(sides.ip.peer).join('\n')}\n`)
    await runIpBatch(sides.netlink[where], fill(sides.netlink.peer))
  }

  /** What the kernel shows in a namespace, without what differs by nature (indexes, kernel-chosen MACs, counters). */
  const shown = async (namespace: string, chosenMacs: ReadonlySet<string>) => {
    const json = async (args: string[]) => JSON.parse((await ip(namespace, ['-j', ...args])) || '[]') as Record<string, unknown>[]
    const links = (await json(['-d', 'link', 'show'])).map((l) => {
      const info = l.linkinfo as { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string; info_slave_data?: { learning?: boolean } } | undefined
      return {
        name: l.ifname,
        mac: chosenMacs.has(String(l.ifname)) ? l.address : 'kernel',
        flags: (l.flags as string[]).filter((f) => f !== 'LOWER_UP' && f !== 'NO-CARRIER'),
        master: l.master,
        alias: l.ifalias,
        queues: [l.num_tx_queues, l.num_rx_queues],
        kind: info?.info_kind,
        vxlan: info?.info_kind === 'vxlan' ? [info.info_data?.id, info.info_data?.local, info.info_data?.port, info.info_data?.learning, info.info_data?.link] : undefined,
        port: info?.info_slave_kind,
        learning: info?.info_slave_data?.learning,
      }
    })
    const addresses = (await json(['addr', 'show'])).flatMap((l) =>
      ((l.addr_info ?? []) as { family: string; local: string; prefixlen: number; scope: string; broadcast?: string }[])
        .filter((a) => a.family === 'inet')
        .map((a) => `${String(l.ifname)} ${a.local}/${a.prefixlen} ${a.scope} ${a.broadcast ?? ''}`),
    )
    const routes = (await json(['-4', 'route', 'show', 'table', 'all'])).map((r) => JSON.stringify([r.table, r.type, r.dst, r.gateway, r.dev, r.protocol, r.scope, r.prefsrc]))
    const rules = (await json(['-4', 'rule', 'show'])).map((r) => JSON.stringify([r.priority, r.src, r.srclen, r.table, r.action]))
    const neighbours = (await json(['neigh', 'show', 'nud', 'permanent'])).map((n) => JSON.stringify([n.dst, n.lladdr, n.dev, n.state]))
    return { links, addresses: addresses.sort(), routes: routes.sort(), rules: rules.sort(), neighbours: neighbours.sort() }
  }

  const sameOnBothSides = async (chosenMacs: string[]) => {
    const macs = new Set(chosenMacs)
    assert.deepEqual(await shown(sides.netlink.host, macs), await shown(sides.ip.host, macs))
    assert.deepEqual(await shown(sides.netlink.peer, macs), await shown(sides.ip.peer, macs))
  }

  it('makes links, bridges, veth pairs into another namespace, VXLAN ports, addresses, routes, rules and neighbours alike', async () => {
    await both([
      'link set lo up',
      'link add br0 type bridge',
      'link set br0 up',
      'link add ifb0 type ifb',
      'link set ifb0 up',
      'link add v0 numtxqueues 2 numrxqueues 2 type veth peer name eth1 netns {peer} address 00:16:3e:00:00:01 numtxqueues 2 numrxqueues 2',
      'link set v0 alias eni-1',
      'link set v0 master br0',
      'link set v0 up',
      'link add leg type veth peer name gw netns {peer} address 00:16:3e:00:00:02',
      'link set leg master br0',
      'link add ul type bridge',
      'link set ul up',
      'link add u0 type veth peer name u1',
      'link set u1 master ul',
      'link set u1 up',
      'link set dev u1 type bridge_slave learning off',
      'address add 198.18.9.1/24 dev br0',
      'address add 198.18.10.1/24 dev u0',
      'address add 203.0.113.254/32 dev lo',
      'link set u0 up',
      'link add vx0 type vxlan id 42 local 198.18.10.1 dev u0 dstport 4789 nolearning',
      'link add vx1 type vxlan id 43 local 198.18.10.1 dstport 4789 nolearning',
      'link set vx0 master br0',
      'link set dev vx0 type bridge_slave learning off',
      'link set vx0 up',
      'route replace default via 198.18.10.254 dev u0',
      'route replace 198.18.50.0/24 via 198.18.9.2',
      'route replace 198.18.51.0/24 dev br0 table 1001',
      'route replace default via 198.18.9.254 dev br0 table 1001',
      'route replace 198.18.52.7/32 dev br0',
      'route replace 198.18.53.0/24 dev br0 src 198.18.9.1',
      'rule add priority 1001 from 198.18.9.1/32 lookup 1001',
      'rule add priority 1002 from 198.18.9.0/24 lookup 1001',
      'neigh replace 198.18.9.7 lladdr 00:16:3e:00:00:07 dev br0 nud permanent',
    ])
    await both(['link set eth1 alias eni-1', 'address add 198.18.9.5/24 dev eth1', 'address add 198.18.9.6/24 dev eth1', 'link set eth1 up', 'link set gw up'], 'peer')
    await sameOnBothSides(['eth1', 'gw'])
  })

  it('reads back what ip -j shows: interfaces, addresses, routes of every table, rules and permanent neighbours', async () => {
    for (const namespace of [sides.ip.host, sides.ip.peer]) {
      const dump = await dumpNamespace(namespace, true)
      const json = async (args: string[]) => JSON.parse((await ip(namespace, ['-j', ...args])) || '[]') as Record<string, unknown>[]
      const links = await json(['-d', 'link', 'show'])
      assert.deepEqual(
        dump.links.map((l) => [l.name, l.kind, l.mac, l.up, l.operUp, l.master, l.alias, l.txQueues, l.rxQueues, l.learning]),
        links.map((l) => {
          const info = l.linkinfo as { info_kind?: string; info_slave_data?: { learning?: boolean } } | undefined
          const flags = l.flags as string[]
          return [l.ifname, info?.info_kind ?? null, l.address, flags.includes('UP'), l.operstate === 'UP', l.master ?? null, l.ifalias ?? null, l.num_tx_queues, l.num_rx_queues, info?.info_slave_data?.learning ?? null]
        }),
      )
      const addresses = (await json(['-4', 'addr', 'show'])).flatMap((l) => ((l.addr_info ?? []) as { local: string; prefixlen: number }[]).map((a) => `${String(l.ifname)} ${a.local}/${a.prefixlen}`))
      assert.deepEqual([...dump.addresses].flatMap(([dev, list]) => list.map((a) => `${dev} ${a}`)).sort(), addresses.sort())
      const tableNumber = (table: unknown) => ({ main: 254, local: 255, default: 253 })[String(table)] ?? Number(table)
      const routes = (await json(['-4', 'route', 'show', 'table', 'all'])).map((r) => [tableNumber(r.table ?? 'main'), r.dst, r.gateway ?? null, r.dev ?? null, r.protocol === 'kernel'])
      assert.deepEqual(dump.routes.map((r) => [r.table, r.destination, r.gateway, r.dev, r.kernel]).sort(), routes.sort())
      const rules = (await json(['-4', 'rule', 'show'])).filter((r) => r.src !== undefined && r.src !== 'all').map((r) => [r.priority, `${String(r.src)}/${String(r.srclen ?? 32)}`, tableNumber(r.table)])
      assert.deepEqual(dump.rules.map((r) => [r.priority, r.from, r.table]).sort(), rules.sort())
      const neighbours = (await json(['-4', 'neigh', 'show', 'nud', 'permanent'])).map((n) => [n.dst, n.lladdr, n.dev])
      assert.deepEqual(dump.neighbours.map((n) => [n.address, n.mac, n.dev]).sort(), neighbours.sort())
    }
  })

  it('changes and removes them alike (replace over an existing route, deletions, down)', async () => {
    await both([
      'route replace 198.18.50.0/24 via 198.18.9.3',
      'neigh replace 198.18.9.7 lladdr 00:16:3e:00:00:08 dev br0 nud permanent',
      'route del 198.18.52.7/32 dev br0',
      'route del 198.18.51.0/24 table 1001',
      'rule del priority 1002 from 198.18.9.0/24 lookup 1001',
      'neigh del 198.18.9.7 dev br0',
      'address del 203.0.113.254/32 dev lo',
      'link del ifb0',
      'link del vx1',
      'link set v0 down',
      'link set leg alias host-a@vpc-1',
    ])
    await sameOnBothSides(['eth1', 'gw'])
  })

  it('stops at the first line the kernel refuses and names it, as ip -batch does', async () => {
    const lines = ['route replace 198.18.60.0/24 via 198.18.9.2', 'address add 198.18.9.1/24 dev br0', 'route replace 198.18.61.0/24 via 198.18.9.2']
    await assert.rejects(ip(sides.ip.host, ['-batch', '-'], `${lines.join('\n')}\n`), CommandError)
    const refused = await runIpBatch(sides.netlink.host, lines).then(
      () => undefined,
      (err: unknown) => err,
    )
    assert.ok(refused instanceof CommandError, String(refused))
    assert.match(refused.message, /line 2 \(address add 198\.18\.9\.1\/24 dev br0\): EEXIST/)
    // The line before it is in place, the one after is not: on both sides alike.
    await sameOnBothSides(['eth1', 'gw'])
    assert.ok((await ip(sides.netlink.host, ['route', 'show', '198.18.60.0/24'])).includes('via 198.18.9.2'))
    assert.equal((await ip(sides.netlink.host, ['route', 'show', '198.18.61.0/24'])).trim(), '')
  })

  it('refuses a device that is not there, and a line it does not speak before sending anything', async () => {
    await assert.rejects(runIpBatch(sides.netlink.host, ['link set nothere up']), /line 1 \(link set nothere up\)/)
    await assert.rejects(runIpBatch(sides.netlink.host, ['address add 198.18.70.1/24 dev br0', 'link set br0 mtu 1400']), /unknown link setting: link set br0 mtu 1400/)
    assert.ok(!(await ip(sides.netlink.host, ['-j', 'addr', 'show', 'dev', 'br0'])).includes('198.18.70.1'), 'nothing of the refused batch was sent')
    await assert.rejects(runIpBatch(`${prefix}@gone`, ['link set lo up']), /does not exist/)
  })
})
