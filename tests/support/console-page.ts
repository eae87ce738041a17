import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'
import { launchChromium, screenshotDir, startConsole } from './browser'

/** The demo country, seeded once per file, with the built console on a free port and one Chromium. */
export async function consoleWorld(workers = 12) {
  process.env.CADRE_DEMO_WORKERS = String(workers)
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  const app = await startConsole()
  const browser = await launchChromium()
  return { app, browser, stop: async () => (await browser.close(), await app.stop()) }
}

export const PASSWORD = 'cadre-demo-2026'

/** Signs in through the form, as a person does, and waits for Home. */
export async function login(page: Page, url: string, email: string) {
  await page.goto(url)
  await page.locator('#f-email').fill(email)
  await page.locator('#f-password').fill(PASSWORD)
  await page.locator('form button[type="submit"]').click()
  await page.locator('main h1').filter({ hasText: /,/ }).waitFor()
}

export async function newPage(browser: Browser, options: { width?: number; lang?: string } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: 900 }, locale: options.lang ?? 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return { context, page }
}

/** evaluated in the page (a string: the test code is type-checked without the DOM library) */
export const fitsWidth = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth') as Promise<boolean>

export const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })

// axe-core's own build, run in the page by the devtools protocol: the console's CSP forbids inline scripts
// (an addScriptTag would be refused), and evaluating through the protocol leaves the policy in force
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

type Violation = { id: string; impact: string; help: string; nodes: { target: string[]; html: string }[] }

/** axe-core on the page as it is now: the serious and critical violations (WCAG 2.1 A and AA, and best practices). */
export async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(axeSource)
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: Violation[] }
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Fails with the violations named, so a failure says what to fix. */
export async function expectAccessible(page: Page, where: string) {
  const found = await axe(page)
  const text = found.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 120)}`).join('\n    ')}`)
  expect(text, `${where}: serious or critical accessibility violations`).toEqual([])
}
