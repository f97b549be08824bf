import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { ControlPlaneClient } from '../../src/agent/client.js'
import { addHost } from '../../src/service/agent/credentials.js'
import { allocateEip } from '../support/eips.js'
import { attach, createEni, mustDescribeEni, runInstance } from '../support/network.js'
import { Ecs, REGION, startServer, ZONE_A, type TestServer } from '../support/server.js'
import { missingPrerequisite, openSignedIn, placement, screenshot } from './support.js'

const skip = missingPrerequisite()

/**
 * With a host whose agent this test plays, an attach or detach stays in flight until the host
 * reports: the console must show it so, then settle on the report without a reload.
 */
describe('web console: in-flight statuses settle live', { skip }, () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let host: ControlPlaneClient
  let instanceId: string
  let primaryId: string
  let eniId: string

  before(async () => {
    server = await startServer({ dataplane: 'agents' })
    const at = await placement(server)
    const added = await addHost(server.deps, 'host-a', ZONE_A)
    host = new ControlPlaneClient({ endpoint: server.endpoint, hostId: added.hostId, hostSecret: added.hostSecret })
    await host.report({ underlayAddress: '192.0.2.1', instances: [], enis: [] })
    instanceId = await runInstance(server.account.ecs, { ...at, instanceName: 'db-1' })
    const { body } = await server.account.ecs.describeNetworkInterfaces(new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, instanceId }))
    primaryId = body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.networkInterfaceId ?? ''
    await host.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primaryId, instanceId, up: true }] })
    eniId = await createEni(server.account.ecs, at)
    ;({ browser, page } = await openSignedIn(server))
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows Attaching until the host reports the interface up, then InUse', async () => {
    await page.getByRole('link', { name: 'Network interfaces' }).click()
    await page.getByRole('link', { name: eniId }).click()
    const form = page.getByRole('form', { name: 'Attach to an instance' })
    await form.locator(`[data-instance="${instanceId}"] input`).check()
    await form.getByRole('button', { name: 'Attach' }).click()
    const status = page.locator('[data-eni-page] h1 .status')
    await page.locator('[data-eni-page] h1 .status.in-flight[data-status="Attaching"]').waitFor()
    await screenshot(page, 'in-flight')
    await host.report({
      instances: [{ id: instanceId, running: true }],
      enis: [
        { id: primaryId, instanceId, up: true },
        { id: eniId, instanceId, up: true },
      ],
    })
    await page.locator('[data-eni-page] h1 .status[data-status="InUse"]').waitFor()
    assert.equal(await status.getAttribute('class'), 'status status-InUse')
  })

  it('shows Detaching until the host reports the interface gone, then Available', async () => {
    await page.getByRole('button', { name: `Detach from ${instanceId}` }).click()
    await page.locator('[data-eni-page] h1 .status.in-flight[data-status="Detaching"]').waitFor()
    await host.report({ instances: [{ id: instanceId, running: true }], enis: [{ id: primaryId, instanceId, up: true }] })
    await page.locator('[data-eni-page] h1 .status[data-status="Available"]').waitFor()
    assert.equal((await mustDescribeEni(server.account.ecs, eniId)).status, 'Available')
  })

  it('shows Associating while an elastic IP is being bound, then InUse', async () => {
    const { allocationId } = await allocateEip(server.account.vpc)
    await page.getByRole('link', { name: 'Elastic IPs' }).click()
    await page.getByRole('link', { name: allocationId }).click()
    const form = page.getByRole('form', { name: 'Bind the elastic IP' })
    await form.locator('select[name="target"]').selectOption(instanceId)
    await form.getByRole('button', { name: 'Bind' }).click()
    await page.locator('[data-eip-page] h1 .status.in-flight[data-status="Associating"]').waitFor()
    const primary = await mustDescribeEni(server.account.ecs, primaryId)
    const counters = { rxBytes: 0, txBytes: 0, rxPackets: 0, txPackets: 0 }
    await host.report({
      instances: [{ id: instanceId, running: true }],
      enis: [{ id: primaryId, instanceId, up: true }],
      eips: [{ id: allocationId, privateIpAddress: primary.privateIpAddress ?? '', ...counters }],
    })
    await page.locator('[data-eip-page] h1 .status[data-status="InUse"]').waitFor()
  })

  it('shows an attach made elsewhere in flight in the topology, and settles it there', async () => {
    await page.getByRole('link', { name: 'Topology' }).click()
    await attach(server.account.ecs, eniId, instanceId)
    await page.locator(`svg [data-eni="${eniId}"][data-attached-to="${instanceId}"][data-status="Attaching"]`).waitFor()
    await host.report({
      instances: [{ id: instanceId, running: true }],
      enis: [
        { id: primaryId, instanceId, up: true },
        { id: eniId, instanceId, up: true },
      ],
    })
    await page.locator(`svg [data-eni="${eniId}"][data-status="InUse"]`).waitFor()
  })
})
