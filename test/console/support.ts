import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

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

export async function launch(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  // --no-sandbox: the tests run as root, where Chromium refuses its sandbox.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
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
