import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshotDir, startConsole } from '../support/browser'

process.env.CADRE_DEMO_WORKERS = '4'

let app: Awaited<ReturnType<typeof startConsole>>
let browser: Browser
let page: Page

const tokenWith = (id: string, secret: string) =>
  fetch(`${app.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  })

beforeAll(async () => {
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  app = await startConsole()
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
  page.setDefaultTimeout(15_000)
  await page.goto(app.url)
  await page.getByLabel(/email/i).fill('admin@ken.cadre.local')
  await page.getByLabel(/password/i).fill('cadre-demo-2026')
  await page.getByRole('button', { name: /sign in/i }).click()
  await page.getByRole('heading', { name: /welcome/i }).waitFor()
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('a ministry admin connects a system', () => {
  it('creates credentials with plain-word access, sees the secret once, and the system gets a token with it', async () => {
    await page.getByRole('link', { name: 'Connected systems' }).click()
    await page.getByRole('button', { name: 'Connect a system' }).click()
    const dialog = page.getByRole('dialog', { name: 'Connect a system' })
    await dialog.getByRole('button', { name: 'Create credentials' }).click()
    // nothing ticked: said in words, nothing created
    await dialog.getByLabel('System name').fill('National payroll')
    await dialog.getByRole('button', { name: 'Create credentials' }).click()
    await dialog.getByRole('alert').filter({ hasText: 'Tick at least one kind of record' }).waitFor()
    await dialog.getByLabel('Health workers: Read').check()
    await dialog.getByLabel('Postings (who works where): Read').check()
    await dialog.getByRole('button', { name: 'Create credentials' }).click()
    const shown = page.getByRole('dialog', { name: /Credentials for “National payroll”/ })
    const id = await shown.getByLabel('Client ID').inputValue()
    const secret = await shown.getByLabel('Client secret').inputValue()
    expect(secret).toMatch(/^cs_/)
    await page.screenshot({ path: join(screenshotDir, 'clients-secret-phone.png'), fullPage: true })
    await shown.getByRole('button', { name: 'I have copied it' }).click()
    await page.getByRole('cell', { name: 'Health workers: read · Postings (who works where): read' }).waitFor()
    expect(await page.content()).not.toContain(secret)
    const token = await tokenWith(id, secret)
    expect(token.status).toBe(200)
    expect(((await token.json()) as { scope: string }).scope).toBe('system/Practitioner.read system/PractitionerRole.read')
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true)

    // disconnect, after a confirmation that names it
    await page.getByRole('row', { name: /National payroll/ }).getByRole('button', { name: 'Disconnect' }).click()
    await page.getByRole('dialog', { name: 'Disconnect' }).getByText('Disconnect “National payroll”?').waitFor()
    await page.getByRole('button', { name: 'Yes, go ahead' }).click()
    await page.getByRole('row', { name: /National payroll/ }).getByRole('cell', { name: 'revoked' }).waitFor()
    expect((await tokenWith(id, secret)).status).toBe(401)
  })

  it('reads in French', async () => {
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('heading', { name: 'Systèmes connectés' }).waitFor()
    await page.screenshot({ path: join(screenshotDir, 'clients-fr-phone.png'), fullPage: true })
    await page.getByRole('cell', { name: 'déconnecté' }).first().waitFor()
    await page.screenshot({ path: join(screenshotDir, 'clients-fr-phone.png'), fullPage: true })
    await page.getByLabel('Langue').selectOption('en')
  })
})
