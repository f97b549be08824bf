import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { Ecs, REGION, startServer, ZONE_A, type TestServer } from '../support/server.js'
import { missingPrerequisite, openSignedIn, screenshot } from './support.js'

const skip = missingPrerequisite()

describe('web console: VPCs, vSwitches and security groups', { skip }, () => {
  let server: TestServer
  let browser: Browser
  let page: Page
  let vpcId: string
  let groupId: string
  let peerId: string

  before(async () => {
    server = await startServer({ dataplane: 'none' })
    ;({ browser, page } = await openSignedIn(server))
  })
  after(async () => {
    await browser?.close()
    await server?.close()
  })

  it('creates a VPC and a vSwitch in it, showing why a CIDR outside the VPC is refused', async () => {
    await page.getByRole('link', { name: 'VPCs' }).click()
    const form = page.getByRole('form', { name: 'Create a VPC' })
    await form.locator('input[name="vpcCidr"]').fill('198.18.0.0/16')
    await form.locator('input[name="vpcName"]').fill('prod')
    await form.getByRole('button', { name: 'Create VPC' }).click()
    const detail = page.locator('[data-vpc-page]')
    await detail.waitFor()
    vpcId = (await detail.getAttribute('data-vpc-page')) ?? ''
    const vSwitchForm = page.getByRole('form', { name: 'Create a vSwitch' })
    await vSwitchForm.locator(`select[name="zoneId"] option[value="${ZONE_A}"]`).waitFor({ state: 'attached' })
    await vSwitchForm.locator('select[name="zoneId"]').selectOption(ZONE_A)
    await vSwitchForm.locator('input[name="vSwitchCidr"]').fill('10.0.0.0/24')
    await vSwitchForm.getByRole('button', { name: 'Create vSwitch' }).click()
    const refusal = vSwitchForm.getByRole('alert')
    await refusal.getByText('InvalidParameter').waitFor()
    assert.match(await refusal.innerText(), /10\.0\.0\.0\/24 is not inside the VPC CIDR block 198\.18\.0\.0\/16/)
    await vSwitchForm.locator('input[name="vSwitchCidr"]').fill('198.18.1.0/24')
    await vSwitchForm.locator('input[name="vSwitchName"]').fill('front')
    await vSwitchForm.getByRole('button', { name: 'Create vSwitch' }).click()
    const row = page.locator('[data-testid="vswitch-list"] tbody tr')
    await row.first().waitFor()
    assert.match(await row.first().innerText(), /front[\s\S]*198\.18\.1\.0\/24[\s\S]*cn-hangzhou-a/)
    await screenshot(page, 'vpc')
  })

  it('refuses to delete a VPC that still has a vSwitch, in words beside the button', async () => {
    await page.getByRole('button', { name: 'Delete VPC' }).click()
    await page.getByRole('button', { name: 'Yes, delete the VPC' }).click()
    const refusal = page.locator('.page-head').getByRole('alert')
    await refusal.waitFor()
    assert.match(await refusal.innerText(), /DependencyViolation/)
    await page.getByRole('button', { name: 'Keep it' }).click()
  })

  it('creates a security group and edits its rules', async () => {
    await page.getByRole('link', { name: 'Security groups' }).click()
    const form = page.getByRole('form', { name: 'Create a security group' })
    await form.locator('select[name="groupVpc"]').selectOption(vpcId)
    await form.locator('input[name="groupName"]').fill('web')
    await form.getByRole('button', { name: 'Create security group' }).click()
    const detail = page.locator('[data-group-page]')
    await detail.waitFor()
    groupId = (await detail.getAttribute('data-group-page')) ?? ''
    const rules = page.locator('[data-testid="rule-list"] tbody tr')
    const before = await rules.count()

    const add = page.getByRole('form', { name: 'Add a rule' })
    await add.locator('input[name="ports"]').fill('443/443')
    await add.locator('input[name="peerCidr"]').fill('203.0.113.0/24')
    await add.locator('input[name="ruleDescription"]').fill('https')
    await add.getByRole('button', { name: 'Add rule' }).click()
    await page.locator('[data-testid="rule-list"] tr', { hasText: 'https' }).waitFor()
    assert.match(await page.locator('[data-testid="rule-list"] tr', { hasText: 'https' }).innerText(), /inbound\s+Accept\s+1\s+TCP\s+443\/443\s+203\.0\.113\.0\/24/)

    await add.locator('input[name="ports"]').fill('70000/70001')
    await add.locator('input[name="ruleDescription"]').fill('bad')
    await add.getByRole('button', { name: 'Add rule' }).click()
    await add.getByRole('alert').getByText('InvalidParam.PortRange').waitFor()

    await add.locator('select[name="direction"]').selectOption('egress')
    await add.locator('select[name="policy"]').selectOption('Drop')
    await add.locator('input[name="ports"]').fill('25/25')
    await add.locator('select[name="peerKind"]').selectOption('group')
    // Another client makes the peer group; the form offers it as soon as the change log tells.
    const { body } = await server.account.ecs.createSecurityGroup(new Ecs.CreateSecurityGroupRequest({ regionId: REGION, vpcId, securityGroupName: 'mail' }))
    peerId = body?.securityGroupId ?? ''
    await add.locator(`select[name="peerGroup"] option[value="${peerId}"]`).waitFor({ state: 'attached' })
    await add.locator('select[name="peerGroup"]').selectOption(peerId)
    await add.locator('input[name="ruleDescription"]').fill('no smtp')
    await add.getByRole('button', { name: 'Add rule' }).click()
    const egress = page.locator('[data-testid="rule-list"] tr', { hasText: 'no smtp' })
    await egress.waitFor()
    assert.match(await egress.innerText(), new RegExp(`outbound\\s+Drop\\s+1\\s+TCP\\s+25/25\\s+${peerId}`))
    assert.equal(await rules.count(), before + 2)
    await screenshot(page, 'security-group')

    await page.locator('[data-testid="rule-list"] tr', { hasText: 'https' }).getByRole('button', { name: 'Remove' }).click()
    await page.locator('[data-testid="rule-list"] tr', { hasText: 'https' }).waitFor({ state: 'detached' })
    assert.equal(await rules.count(), before + 1)
  })

  it('deletes the groups, the vSwitch and the VPC', async () => {
    for (const id of [groupId, peerId]) {
      await page.goto(`http://${server.endpoint}/console/security-groups/${id}`)
      await page.getByRole('button', { name: 'Delete group' }).click()
      await page.getByRole('button', { name: 'Yes, delete the group' }).click()
      await page.locator(`[data-testid="group-list"]`).waitFor()
      await page.locator(`[data-group="${id}"]`).waitFor({ state: 'detached' })
    }
    await page.getByRole('link', { name: 'VPCs' }).click()
    await page.getByRole('link', { name: vpcId }).click()
    await page.locator('[data-testid="vswitch-list"] tbody tr').getByRole('button', { name: 'Delete' }).click()
    await page.locator('[data-testid="vswitch-list"] tbody tr').waitFor({ state: 'detached' })
    await page.getByRole('button', { name: 'Delete VPC' }).click()
    await page.getByRole('button', { name: 'Yes, delete the VPC' }).click()
    await page.locator('[data-testid="vpc-list"]').waitFor()
    await page.locator(`[data-vpc="${vpcId}"]`).waitFor({ state: 'detached' })
  })
})
