import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { attach, createEni, mustDescribeEni, runInstance } from '../support/network.js'
import { startServer, type TestServer } from '../support/server.js'
import { missingPrerequisite, openSignedIn, placement, screenshot } from './support.js'

const skip = missingPrerequisite()

describe('web console: elastic IPs', { skip }, () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let web1: string
  let eniId: string
  let secondaryIp: string
  let allocationId: string
  let address: string

  before(async () => {
    server = await startServer({ dataplane: 'none' })
    const at = await placement(server)
    web1 = await runInstance(server.account.ecs, { ...at, instanceName: 'web-1' })
    eniId = await createEni(server.account.ecs, { ...at, secondaryPrivateIpAddressCount: 1 })
    await attach(server.account.ecs, eniId, web1)
    const eni = await mustDescribeEni(server.account.ecs, eniId)
    secondaryIp = eni.privateIpSets?.privateIpSet?.find((ip) => ip.primary !== true)?.privateIpAddress ?? ''
    ;({ browser, page } = await openSignedIn(server))
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('allocates an elastic IP and lists it', async () => {
    await page.getByRole('link', { name: 'Elastic IPs' }).click()
    const form = page.getByRole('form', { name: 'Allocate an elastic IP' })
    await form.locator('input[name="bandwidth"]').fill('5')
    await form.locator('input[name="eipName"]').fill('front')
    await form.getByRole('button', { name: 'Allocate' }).click()
    const row = page.locator('[data-testid="eip-list"] tbody tr').first()
    await row.waitFor()
    allocationId = (await row.getAttribute('data-eip')) ?? ''
    assert.match(allocationId, /^eip-/)
    assert.match(await row.innerText(), /front[\s\S]*203\.0\.113\.\d+[\s\S]*Available[\s\S]*5 Mbit\/s/)
    address = /203\.0\.113\.\d+/.exec(await row.innerText())?.[0] ?? ''
    await screenshot(page, 'elastic-ips')
  })

  it('binds it to an instance and shows it on the instance’s primary interface', async () => {
    await page.getByRole('link', { name: allocationId }).click()
    const form = page.getByRole('form', { name: 'Bind the elastic IP' })
    await form.locator('select[name="target"]').selectOption(web1)
    await form.getByRole('button', { name: 'Bind' }).click()
    await page.locator('[data-eip-page] h1 [data-status="InUse"]').waitFor()
    await page.getByRole('link', { name: web1 }).click()
    const primary = page.locator('[data-testid="instance-enis"] tbody tr').first()
    await primary.getByText(address).waitFor()
    assert.match(await primary.innerText(), /^eth0/)
  })

  it('refuses to release a bound elastic IP, in words beside the button', async () => {
    await page.goBack()
    await page.getByRole('button', { name: 'Release' }).click()
    await page.getByRole('button', { name: 'Yes, release' }).click()
    const refusal = page.locator('.inline-action').getByRole('alert')
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /IncorrectEipStatus|InvalidAssociation/)
    await page.getByRole('button', { name: 'Keep it' }).click()
  })

  it('unbinds it, then binds it to a secondary private IP of an interface', async () => {
    await page.getByRole('button', { name: `Unbind from ${web1}` }).click()
    await page.locator('[data-eip-page] h1 [data-status="Available"]').waitFor()
    const form = page.getByRole('form', { name: 'Bind the elastic IP' })
    await form.locator('select[name="targetKind"]').selectOption('NetworkInterface')
    await form.locator('select[name="target"]').selectOption(eniId)
    await form.locator('select[name="privateIp"]').selectOption(secondaryIp)
    await form.getByRole('button', { name: 'Bind' }).click()
    await page.locator('[data-eip-page] h1 [data-status="InUse"]').waitFor()
    assert.match(await page.locator('[data-eip-page] [data-field="bound"]').innerText(), new RegExp(`${eniId} → ${secondaryIp.replace(/\./g, '\\.')}`))
    await screenshot(page, 'elastic-ip')
    await page.getByRole('link', { name: eniId }).click()
    assert.match(await page.locator(`[data-ip="${secondaryIp}"]`).innerText(), new RegExp(address.replace(/\./g, '\\.')))
    await page.goBack()
  })

  it('changes the bandwidth cap, and explains a refused one', async () => {
    const form = page.getByRole('form', { name: 'Change the bandwidth cap' })
    await form.locator('input[name="recap"]').fill('20')
    await form.getByRole('button', { name: 'Change cap' }).click()
    await page.locator('[data-field="bandwidth"]', { hasText: '20 Mbit/s' }).waitFor()
    await form.locator('input[name="recap"]').fill('100000')
    await form.getByRole('button', { name: 'Change cap' }).click()
    await form.getByRole('alert').getByText('InvalidBandwidth.Malformed').waitFor()
  })

  it('unbinds and releases it', async () => {
    await page.getByRole('button', { name: `Unbind from ${eniId}` }).click()
    await page.locator('[data-eip-page] h1 [data-status="Available"]').waitFor()
    await page.getByRole('button', { name: 'Release' }).click()
    await page.getByRole('button', { name: 'Yes, release' }).click()
    await page.locator('[data-testid="eip-list"]').waitFor()
    await page.locator(`[data-eip="${allocationId}"]`).waitFor({ state: 'detached' })
  })
})
