import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { attach, detach, mustDescribeEni, Network, runInstance } from '../support/network.js'
import { startServer, ZONE_B, type TestServer } from '../support/server.js'
import { missingPrerequisite, openPage, screenshot, signIn } from './support.js'

const skip = missingPrerequisite()

describe('web console: sign-in, topology, network interfaces, instances', { skip }, () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let net: Network
  let vSwitchA: string
  let groupA: string
  let groupB: string
  let web1: string
  let web2: string
  let farAway: string
  let eniId: string

  before(async () => {
    server = await startServer({ dataplane: 'none' })
    net = await Network.create(server.account)
    vSwitchA = (await net.vSwitch()).id
    const vSwitchB = (await net.vSwitch({ zoneId: ZONE_B })).id
    groupA = await net.securityGroup()
    groupB = await net.securityGroup()
    web1 = await runInstance(server.account.ecs, { vSwitchId: vSwitchA, securityGroupId: groupA, instanceName: 'web-1' })
    web2 = await runInstance(server.account.ecs, { vSwitchId: vSwitchA, securityGroupId: groupA, instanceName: 'web-2' })
    farAway = await runInstance(server.account.ecs, { vSwitchId: vSwitchB, securityGroupId: groupA, instanceName: 'far-away' })
    ;({ browser, page } = await openPage(1440))
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('refuses a wrong secret in plain words with the code, then signs in', async () => {
    await signIn(page, server.endpoint, server.account.accessKeyId, 'not-the-secret')
    const refusal = page.getByRole('alert')
    await refusal.getByText('SignatureDoesNotMatch').waitFor()
    assert.match(await refusal.innerText(), /secret does not match/)
    await signIn(page, server.endpoint, server.account.accessKeyId, server.account.accessKeySecret)
    await page.locator(`[data-vpc="${net.vpcId}"]`).waitFor()
    await page.locator('[data-stream="live"]').waitFor()
    for (const instance of [web1, web2, farAway]) await page.locator(`svg [data-instance="${instance}"]`).waitFor()
    await screenshot(page, 'topology')
  })

  it('creates a network interface from the form and opens it', async () => {
    await page.getByRole('link', { name: 'Network interfaces' }).click()
    await page.getByRole('button', { name: 'Create network interface' }).click()
    const form = page.getByRole('form', { name: 'Create network interface' })
    await form.locator('select[name="vSwitchId"]').selectOption(vSwitchA)
    await form.locator(`input[value="${groupA}"]`).check()
    await form.locator('input[name="name"]').fill('failover')
    await form.locator('input[name="secondaryCount"]').fill('1')
    await form.getByRole('button', { name: 'Create' }).click()
    const detail = page.locator('[data-eni-page]')
    await detail.waitFor()
    eniId = (await detail.getAttribute('data-eni-page')) ?? ''
    assert.match(eniId, /^eni-/)
    assert.equal(await page.locator('[data-field="name"]').innerText(), 'failover')
    assert.equal(await page.locator('[data-ip]').count(), 2)
    await page.locator('[data-status="Available"]').first().waitFor()
  })

  it('offers only instances that can take the interface, saying why the others cannot, and attaches', async () => {
    const attachForm = page.getByRole('form', { name: 'Attach to an instance' })
    const far = attachForm.locator(`[data-instance="${farAway}"]`)
    assert.equal(await far.locator('input').isDisabled(), true)
    assert.match(await far.innerText(), /Cannot take it: it is in zone cn-hangzhou-b, the interface’s vSwitch in cn-hangzhou-a/)
    assert.equal(await attachForm.locator(`[data-instance="${web1}"] input`).isDisabled(), false)
    await screenshot(page, 'network-interface-attach')
    await attachForm.locator(`[data-instance="${web1}"] input`).check()
    await attachForm.getByRole('button', { name: 'Attach' }).click()
    await page.getByRole('button', { name: `Detach from ${web1}` }).waitFor()
    await page.locator('[data-eni-page] h1 [data-status="InUse"]').waitFor()
    assert.equal((await mustDescribeEni(server.account.ecs, eniId)).instanceId, web1)
  })

  it('shows the API’s refusal next to the button that caused it', async () => {
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('button', { name: 'Yes, delete' }).click()
    const refusal = page.locator('.inline-action').getByRole('alert')
    await refusal.getByText('InvalidOperation.InvalidEniState').waitFor()
    assert.match(await refusal.innerText(), /not in a state that allows this/)
    await page.getByRole('button', { name: 'Keep it' }).click()
  })

  it('modifies name, description, security groups and queue number', async () => {
    const form = page.getByRole('form', { name: 'Modify network interface' })
    await form.locator('input[name="modifyName"]').fill('failover-vip')
    await form.locator('input[name="modifyDescription"]').fill('moves between web-1 and web-2')
    await form.locator(`input[value="${groupB}"]`).check()
    await form.locator('input[name="modifyQueueNumber"]').fill('2')
    await form.getByRole('button', { name: 'Save changes' }).click()
    await page.locator('[data-field="name"]', { hasText: 'failover-vip' }).waitFor()
    assert.equal(await page.locator('[data-field="description"]').innerText(), 'moves between web-1 and web-2')
    assert.equal(await page.locator('[data-field="groups"]').innerText(), `${groupA}, ${groupB}`)
    assert.equal(await page.locator('[data-field="queueNumber"]').innerText(), '2')
    await screenshot(page, 'network-interface')
  })

  it('assigns and unassigns private IPs, and explains a refused address beside the form', async () => {
    const ips = page.locator('[aria-label="Private IP addresses"]')
    await ips.locator('input[name="assignCount"]').fill('2')
    await ips.getByRole('button', { name: 'Assign', exact: true }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-ip]').length === 4)
    const secondary = await page.locator('[data-ip]').nth(3).getAttribute('data-ip')
    await page.locator(`[data-ip="${secondary}"]`).getByRole('button', { name: 'Unassign' }).click()
    await page.waitForFunction(() => document.querySelectorAll('[data-ip]').length === 3)
    await ips.locator('input[name="assignAddress"]').fill('10.9.9.9')
    await ips.getByRole('button', { name: 'Assign', exact: true }).click()
    const refusal = ips.getByRole('alert')
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /InvalidPrivateIpAddress|InvalidVSwitchId\.IpInvalid/)
    assert.equal((await mustDescribeEni(server.account.ecs, eniId)).privateIpSets?.privateIpSet?.length, 3)
  })

  it('shows the instance’s interfaces by device index, primary first, with MAC, IPs and groups', async () => {
    await page.getByRole('link', { name: web1 }).first().click()
    const rows = page.locator('[data-testid="instance-enis"] tbody tr')
    await page.locator(`[data-testid="instance-enis"] [data-eni="${eniId}"]`).waitFor()
    assert.equal(await rows.count(), 2)
    const first = await rows.nth(0).innerText()
    const second = await rows.nth(1).innerText()
    assert.match(first, /^eth0\s+eni-\S+\s+Primary\s+InUse\s+([0-9a-f]{2}:){5}[0-9a-f]{2}/)
    assert.match(second, new RegExp(`^eth1\\s+${eniId}\\s+Secondary\\s+InUse`))
    assert.match(second, new RegExp(`${groupA}, ${groupB}`))
    await screenshot(page, 'instance')
  })

  it('moves the interface in the topology when it changes instance, without a reload', async () => {
    await page.getByRole('link', { name: 'Topology' }).click()
    const node = page.locator(`svg [data-eni="${eniId}"]`)
    await page.locator(`svg [data-eni="${eniId}"][data-attached-to="${web1}"]`).waitFor()
    const before = await node.boundingBox()
    // Moved by another client (the SDK): only the change stream can tell this page.
    await detach(server.account.ecs, eniId, web1)
    await attach(server.account.ecs, eniId, web2)
    await page.locator(`svg [data-eni="${eniId}"][data-attached-to="${web2}"][data-status="InUse"]`).waitFor()
    // The box glides to its new place (a CSS transition), then rests under web-2.
    await page.waitForTimeout(800)
    const afterMove = await node.boundingBox()
    const web2Box = await page.locator(`svg [data-instance="${web2}"]`).boundingBox()
    assert.ok(before && afterMove && web2Box)
    assert.notEqual(afterMove.x, before.x)
    assert.ok(afterMove.x >= web2Box.x && afterMove.x < web2Box.x + web2Box.width, 'the interface sits under web-2')
    await screenshot(page, 'topology-moved')
  })

  it('detaches and deletes from the console', async () => {
    await page.locator(`svg [data-eni="${eniId}"]`).click()
    await page.getByRole('button', { name: `Detach from ${web2}` }).click()
    await page.getByRole('form', { name: 'Attach to an instance' }).waitFor()
    await page.locator('[data-eni-page] h1 [data-status="Available"]').waitFor()
    await page.getByRole('button', { name: 'Delete' }).click()
    await page.getByRole('button', { name: 'Yes, delete' }).click()
    await page.locator('[data-testid="eni-list"]').waitFor()
    await page.locator(`[data-testid="eni-list"] [data-eni="${eniId}"]`).waitFor({ state: 'detached' })
    await screenshot(page, 'network-interfaces')
  })

  it('filters the list of network interfaces', async () => {
    const rows = page.locator('[data-testid="eni-list"] tbody tr')
    await rows.first().waitFor()
    assert.equal(await rows.count(), 3)
    await page.getByLabel('Filter').fill('far')
    assert.equal(await rows.count(), 0)
    await page.getByLabel('Filter').fill(farAway)
    assert.equal(await rows.count(), 1)
    await page.getByLabel('Filter').fill('')
  })

  it('stops and starts an instance from the list', async () => {
    await page.getByRole('link', { name: 'Instances' }).click()
    const row = page.locator(`[data-testid="instance-list"] [data-instance="${web1}"]`)
    await row.getByRole('button', { name: 'Stop' }).click()
    await row.locator('[data-status="Stopped"]').waitFor()
    await row.getByRole('button', { name: 'Start' }).click()
    await row.locator('[data-status="Running"]').waitFor()
    await screenshot(page, 'instances')
  })

  it('deletes an instance once stopped, saying why a running one is refused', async () => {
    const row = page.locator(`[data-testid="instance-list"] [data-instance="${farAway}"]`)
    await row.getByRole('button', { name: 'Delete' }).click()
    await row.getByRole('button', { name: `Yes, delete ${farAway}` }).click()
    const refusal = row.getByRole('alert')
    await refusal.getByText('IncorrectInstanceStatus').waitFor()
    assert.match(await refusal.innerText(), /must be Stopped/)
    await row.getByRole('button', { name: 'Stop' }).click()
    await row.locator('[data-status="Stopped"]').waitFor()
    await row.getByRole('button', { name: `Yes, delete ${farAway}` }).click()
    await row.waitFor({ state: 'detached' })
  })

  it('signs out and forgets the key pair', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('AccessKey ID').waitFor()
    assert.equal(await page.evaluate(() => sessionStorage.length), 0)
    await page.reload()
    await page.getByLabel('AccessKey ID').waitFor()
  })
})
