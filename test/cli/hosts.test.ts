import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ControlPlaneClient } from '../../src/agent/client.js'
import { listeningOn, runCli, spawnCli, waitHealthy } from '../support/cli.js'

describe('openeni hosts add', () => {
  const data = mkdtempSync(join(tmpdir(), 'openeni-hosts-cli-'))
  after(() => rmSync(data, { recursive: true, force: true }))

  it('registers a host and prints its secret once, as JSON for scripts', async () => {
    const { code, stdout, stderr } = await runCli(['hosts', 'add', 'host-1', '--zone', 'cn-hangzhou-a', '--data', data, '--output', 'json'])
    assert.equal(code, 0, stderr)
    const printed = JSON.parse(stdout) as { HostId: string; ZoneId: string; HostSecret: string }
    assert.equal(printed.HostId, 'host-1')
    assert.equal(printed.ZoneId, 'cn-hangzhou-a')
    assert.match(printed.HostSecret, /^[A-Za-z0-9]{30}$/)

    // The secret it printed is the one a running server accepts from that host's agent.
    const server = spawnCli(['server', '--listen', '127.0.0.1:0', '--data', data, '--dataplane', 'agents'])
    try {
      const endpoint = await listeningOn(server)
      await waitHealthy(endpoint)
      const client = new ControlPlaneClient({ endpoint, hostId: 'host-1', hostSecret: printed.HostSecret })
      const answer = await client.desiredState()
      assert.equal(answer.changed && answer.state.hostId, 'host-1')
    } finally {
      server.kill('SIGTERM')
      await new Promise((resolve) => server.once('close', resolve))
    }
  })

  it('says what is wrong with an unknown zone or a bad ID, and exits 1', async () => {
    const zone = await runCli(['hosts', 'add', 'host-2', '--zone', 'mars-1', '--data', data])
    assert.equal(zone.code, 1)
    assert.match(zone.stderr, /InvalidZoneId\.NotFound: The zone mars-1 is not in the config/)
    const id = await runCli(['hosts', 'add', 'bad/id', '--zone', 'cn-hangzhou-a', '--data', data])
    assert.equal(id.code, 1)
    assert.match(id.stderr, /InvalidParameter: The host ID/)
  })
})
