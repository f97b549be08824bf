import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Network } from '../support/network.js'
import type { TestServer } from '../support/server.js'

/** Debian's chromium (`apt-get install chromium`, done by scripts/test); never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium'
export const SCREENSHOTS = join('test-results', 'console')
const CONSOLE_BUILD = join('console', 'dist', 'index.html')

/**
 * Why the browser tests cannot run here, or undefined when they can. Under CI=true a missing
 * browser or build is a failure, so a green CI run always means the console was really driven.
 */
export function missingPrerequisite(): string | undefined {
  const missing = !existsSync(CHROMIUM)
    ? `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or run scripts/test`
    : !existsSync(CONSOLE_BUILD)
      ? `${CONSOLE_BUILD} is missing: run npm run build:console`
      : undefined
  if (missing !== undefined && process.env.CI === 'true') throw new Error(`browser tests cannot run under CI: ${missing}`)
  return missing
}

export interface OpenConsole {
  browser: Browser
  page: Page
}

/** A fresh browser with one page, `width` pixels wide, that waits at most 5 s for anything. */
export async function openPage(width = 1280): Promise<OpenConsole> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // --no-sandbox: the tests run as root, where Chromium refuses its sandbox.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  const page = await browser.newPage({ viewport: { width, height: 900 } })
  page.setDefaultTimeout(5000)
  return { browser, page }
}

/** A page signed in to `server`'s console with its account's key, once the change stream is live. */
export async function openSignedIn(server: TestServer): Promise<OpenConsole> {
  const opened = await openPage()
  await signIn(opened.page, server.endpoint, server.account.accessKeyId, server.account.accessKeySecret)
  await opened.page.locator('[data-stream="live"]').waitFor()
  return opened
}

/** A new VPC's vSwitch and security group, for a suite's instances and interfaces to go in. */
export async function placement(server: TestServer): Promise<{ vSwitchId: string; securityGroupId: string }> {
  const net = await Network.create(server.account)
  const vSwitchId = (await net.vSwitch()).id
  return { vSwitchId, securityGroupId: await net.securityGroup() }
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true })
}

export async function signIn(page: Page, endpoint: string, accessKeyId: string, accessKeySecret: string): Promise<void> {
  await page.goto(`http://${endpoint}/console/`)
  await page.getByLabel('AccessKey ID').fill(accessKeyId)
  await page.getByLabel('AccessKey secret').fill(accessKeySecret)
  await page.getByRole('button', { name: 'Sign in' }).click()
}
