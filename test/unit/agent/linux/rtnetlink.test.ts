import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MAIN_TABLE, parseIpLine, UnknownIpLine } from '../../../../src/agent/linux/rtnetlink.js'

describe('parseIpLine: the ip batch lines a plan writes', () => {
  it('reads each form into the request it stands for', () => {
    assert.deepEqual(parseIpLine('link set eth1 up'), { op: 'link set', dev: 'eth1', up: true })
    assert.deepEqual(parseIpLine('link set lo down'), { op: 'link set', dev: 'lo', up: false })
    assert.deepEqual(parseIpLine('link set tqv1 alias eni-1'), { op: 'link set', dev: 'tqv1', alias: 'eni-1' })
    assert.deepEqual(parseIpLine('link set tqv1 master tqb1'), { op: 'link set', dev: 'tqv1', master: 'tqb1' })
    assert.deepEqual(parseIpLine('link set dev tqx1 type bridge_slave learning off'), { op: 'bridge port', dev: 'tqx1', learning: false })
    assert.deepEqual(parseIpLine('link del tqv1'), { op: 'link del', dev: 'tqv1' })
    assert.deepEqual(parseIpLine('link add ul type bridge'), { op: 'link add', name: 'ul', kind: 'bridge' })
    assert.deepEqual(parseIpLine('link add tqr1 type ifb'), { op: 'link add', name: 'tqr1', kind: 'ifb' })
    assert.deepEqual(parseIpLine('link add tqv1 numtxqueues 4 numrxqueues 4 type veth peer name eth0 netns tq@h@i-1 address 00:16:3E:00:00:01 numtxqueues 4 numrxqueues 4'), {
      op: 'link add veth',
      name: 'tqv1',
      queues: { tx: 4, rx: 4 },
      peer: { name: 'eth0', namespace: 'tq@h@i-1', mac: '00:16:3e:00:00:01', queues: { tx: 4, rx: 4 } },
    })
    assert.deepEqual(parseIpLine('link add tqu1 type veth peer name tqp1 netns tq@public'), {
      op: 'link add veth',
      name: 'tqu1',
      queues: { tx: null, rx: null },
      peer: { name: 'tqp1', namespace: 'tq@public', mac: null, queues: { tx: null, rx: null } },
    })
    assert.deepEqual(parseIpLine('link add tqx1 type vxlan id 42 local 198.19.255.1 dev tqn1 dstport 4789 nolearning'), {
      op: 'link add vxlan',
      name: 'tqx1',
      id: 42,
      local: '198.19.255.1',
      dev: 'tqn1',
      port: 4789,
      learning: false,
    })
    assert.deepEqual(parseIpLine('address add 198.18.0.5/24 dev eth0'), { op: 'address', add: true, address: '198.18.0.5', prefixLength: 24, dev: 'eth0' })
    assert.deepEqual(parseIpLine('address del 203.0.113.254/32 dev lo'), { op: 'address', add: false, address: '203.0.113.254', prefixLength: 32, dev: 'lo' })
    assert.deepEqual(parseIpLine('route replace default via 198.18.0.253 dev eth0'), {
      op: 'route',
      replace: true,
      destination: '0.0.0.0',
      prefixLength: 0,
      via: '198.18.0.253',
      dev: 'eth0',
      source: null,
      table: MAIN_TABLE,
    })
    assert.deepEqual(parseIpLine('route replace 198.18.0.0/24 dev eth1 table 1001'), {
      op: 'route',
      replace: true,
      destination: '198.18.0.0',
      prefixLength: 24,
      via: null,
      dev: 'eth1',
      source: null,
      table: 1001,
    })
    assert.deepEqual(parseIpLine('route replace 203.0.113.5 dev tqp1 src 203.0.113.254'), {
      op: 'route',
      replace: true,
      destination: '203.0.113.5',
      prefixLength: 32,
      via: null,
      dev: 'tqp1',
      source: '203.0.113.254',
      table: MAIN_TABLE,
    })
    assert.deepEqual(parseIpLine('route del 198.19.100.0/24'), { op: 'route', replace: false, destination: '198.19.100.0', prefixLength: 24, via: null, dev: null, source: null, table: MAIN_TABLE })
    assert.deepEqual(parseIpLine('rule add priority 1001 from 198.18.0.3/32 lookup 1001'), { op: 'rule', add: true, priority: 1001, from: '198.18.0.3', prefixLength: 32, table: 1001 })
    assert.deepEqual(parseIpLine('neigh replace 198.18.0.3 lladdr 00:16:3e:00:00:03 dev tqg1 nud permanent'), {
      op: 'neigh',
      replace: true,
      address: '198.18.0.3',
      mac: '00:16:3e:00:00:03',
      dev: 'tqg1',
    })
    assert.deepEqual(parseIpLine('neigh del 198.18.0.3 dev tqg1'), { op: 'neigh', replace: false, address: '198.18.0.3', mac: null, dev: 'tqg1' })
  })

  it('refuses any other line, naming what is wrong', () => {
    const refused: [string, RegExp][] = [
      ['link set eth0 mtu 1400', /unknown link setting/],
      ['link set dev tqx1 type bridge_slave learning maybe', /learning is on or off/],
      ['link add tqd1 type dummy', /unknown link type/],
      ['link add tqv1 type veth', /peer name/],
      ['link add tqv1 mtu 1400 type veth peer name eth0', /unexpected "mtu"/],
      ['link add tqv1 type veth peer name eth0 netns a netns b', /"netns" twice/],
      ['address add 198.18.0.300/24 dev eth0', /IPv4 address/],
      ['address add 198.18.0.3/33 dev eth0', /length above 32/],
      ['address add 198.18.0.3/24', /no device/],
      ['route replace 198.18.0.0/24 via fe80::1', /IPv4 address/],
      ['route replace 198.18.0.0/24 dev eth0 table main', /table must be a number/],
      ['rule add priority 1001 from 198.18.0.3/32', /lookup must be a number/],
      ['neigh replace 198.18.0.3 lladdr 00:16:3e:00:00:03 dev tqg1', /permanent/],
      ['neigh replace 198.18.0.3 lladdr 00:16:3e:00:03 dev tqg1 nud permanent', /MAC/],
      ['netns add tq@h', /unknown command/],
      ['', /unknown command/],
    ]
    for (const [line, why] of refused) assert.throws(() => parseIpLine(line), (err: unknown) => err instanceof UnknownIpLine && why.test(err.message), line)
  })
})
