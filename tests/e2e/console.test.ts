import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { launchChromium, screenshotDir, startConsole } from '../support/browser'

process.env.CADRE_DEMO_WORKERS = '12'

let app: Awaited<ReturnType<typeof startConsole>>
let browser: Browser
let context: BrowserContext
let page: Page

/** evaluated in the page (a string: the test code is type-checked without the DOM library) */
const fitsWidth = 'document.documentElement.scrollWidth <= window.innerWidth'
const shot = (name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })

async function login(email: string) {
  await page.goto(app.url)
  await page.getByLabel(/email|courriel/i).fill(email)
  await page.getByLabel(/password|mot de passe/i).fill('cadre-demo-2026')
  await page.getByRole('button', { name: /sign in|se connecter/i }).click()
  await page.getByRole('heading', { name: /welcome|bienvenue/i }).waitFor()
}

beforeAll(async () => {
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  app = await startConsole()
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  mkdirSync(screenshotDir, { recursive: true })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('the console, as a registrar uses it', () => {
  it('signs in and shows the registry table', async () => {
    await login('registrar@ken.cadre.local')
    await shot('01-home')
    await page.getByRole('link', { name: 'Health workers' }).click()
    const table = page.getByRole('table', { name: 'Health workers' })
    await table.locator('tbody tr').first().waitFor()
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(5)
    await shot('02-workers')
  })

  it('registers a worker with browser-side validation, then finds, sorts and filters it', async () => {
    await page.getByRole('button', { name: 'Register a health worker' }).click()
    await page.getByLabel('Given name').fill('Zawadi')
    await page.getByRole('button', { name: 'Save' }).click()
    // the API's zod schema, run in the browser: errors next to the fields, nothing sent
    await expect.poll(() => page.locator('#w-familyName[aria-invalid="true"]').count()).toBe(1)
    await page.getByLabel('Family name').fill('Achterberg')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Date of birth').fill('1993-03-14')
    await page.getByLabel('Cadre').selectOption({ label: 'Registered Nurse' })
    await page.getByLabel('National ID').fill('E2E-100200')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { name: /Zawadi Achterberg/ }).waitFor()
    await shot('03-profile')

    await page.getByRole('link', { name: 'Health workers' }).click()
    await page.getByRole('searchbox').fill('achter')
    const table = page.getByRole('table', { name: 'Health workers' })
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1)
    await expect.poll(() => table.locator('tbody tr').first().innerText()).toContain('Achterberg')
    await page.getByRole('searchbox').fill('')
    await page.getByRole('button', { name: /^Full name/ }).click()
    await expect.poll(() => page.locator('th[aria-sort="ascending"]').count()).toBe(1)
    // poll the order itself: the sorted page arrives after the header changes
    const sortedByName = async () => {
      const names = await table.locator('tbody tr td:first-child').allInnerTexts()
      const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))
      return names.length > 5 && names.every((n, i) => n === sorted[i])
    }
    await expect.poll(sortedByName).toBe(true)
    await page.locator('#f-status').selectOption('exited')
    await expect
      .poll(async () => {
        const statuses = await table.locator('tbody tr td:last-child').allInnerTexts()
        return statuses.length > 0 && statuses.every((s) => s === 'exited')
      })
      .toBe(true)
    await page.locator('#f-status').selectOption('')
  })

  it('edits the worker and shows the change in the record’s history', async () => {
    await page.getByRole('searchbox').fill('E2E-100200')
    const rows = page.getByRole('table', { name: 'Health workers' }).locator('tbody tr')
    // the page still shows the previous filter's rows until the search answers: wait for the worker itself
    await expect.poll(async () => (await rows.allInnerTexts()).join('|')).toMatch(/^[^|]*Achterberg[^|]*$/)
    await rows.first().click()
    await page.getByRole('heading', { name: /Zawadi Achterberg/ }).waitFor()
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.getByLabel('Phone').fill('+254 700 111222')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('dd').filter({ hasText: '+254 700 111222' }).waitFor()
    // the history says what happened in words, with the field's value before and after
    const change = page.locator('ol.history li').filter({ hasText: 'Record corrected' }).first()
    await change.waitFor()
    expect(await change.locator('ins').innerText()).toContain('+254 700 111222')
    await shot('04-history')
  })

  it('warns of a probable duplicate, shows the candidate, and registers on confirmation', async () => {
    await page.goto(`${app.url}/workers/new`)
    await page.getByLabel('Given name').fill('Zawadi')
    await page.getByLabel('Family name').fill('Achterburg')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Date of birth').fill('1993-03-14')
    await page.getByLabel('Cadre').selectOption({ label: 'Registered Nurse' })
    await page.getByRole('button', { name: 'Save' }).click()
    const warning = page.locator('.duplicates')
    await warning.waitFor()
    expect(await warning.innerText()).toContain('Achterberg')
    expect(await warning.getByRole('link', { name: 'Open' }).count()).toBe(1)
    await shot('05-duplicate')
    await page.getByRole('button', { name: /register anyway/ }).click()
    await page.getByRole('heading', { name: /Zawadi Achterburg/ }).waitFor()
  })

  it('queues an edit made offline and lands it when the connection is back', async () => {
    const url = page.url()
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.locator('#w-phone').waitFor()
    await context.setOffline(true)
    await page.getByLabel('Phone').fill('+254 711 000999')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByText('No connection: saved on this device').waitFor()
    expect(await page.getByTestId('pending-count').innerText()).toBe('1')
    await shot('06-offline-pending')
    // a reload while offline keeps the queued write
    await context.setOffline(false)
    await page.reload()
    await expect.poll(() => page.getByTestId('pending-count').count(), { timeout: 15_000 }).toBe(0)
    await page.goto(url)
    await page.locator('dd').filter({ hasText: '+254 711 000999' }).waitFor()
  })

  it('shows both versions on a conflict and lets the user keep theirs', async () => {
    const id = page.url().split('/').pop()!
    await page.getByRole('button', { name: 'Edit' }).click()
    await page.locator('#w-otherNames').waitFor()
    // someone else changes the record meanwhile
    const other = await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: 'cadre-demo-2026' } })
    const current = await call('GET', `/api/v1/workers/${id}`, { token: other.json.accessToken })
    const changed = await call('PATCH', `/api/v1/workers/${id}`, { token: other.json.accessToken, body: { otherNames: 'Theirs' }, headers: { 'if-match': current.headers.get('etag')! } })
    expect(changed.status).toBe(200)
    await page.getByLabel('Other names').fill('Mine')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('button', { name: /Waiting to send/ }).click()
    const panel = page.getByRole('dialog')
    await panel.getByText('Changed by someone else').waitFor()
    expect(await panel.locator('table.conflict').innerText()).toMatch(/Mine[\s\S]*Theirs/)
    await shot('07-conflict')
    await panel.getByRole('button', { name: 'Keep mine' }).click()
    await expect.poll(() => page.getByTestId('pending-count').count(), { timeout: 15_000 }).toBe(0)
    const after = await call('GET', `/api/v1/workers/${id}`, { token: other.json.accessToken })
    expect(after.json.otherNames).toBe('Mine')
  })

  it('moves a district to another region, and says what moved', async () => {
    await page.getByRole('link', { name: 'Org units & facilities' }).click()
    const tree = page.getByRole('tree')
    // regions start open, districts closed: opening one shows its facilities
    const kibra = page.getByRole('treeitem').filter({ hasText: 'Kibra' }).first()
    await kibra.waitFor()
    const before = await tree.getByRole('treeitem').count()
    await kibra.getByRole('button', { name: 'Expand' }).click()
    await expect.poll(() => tree.getByRole('treeitem').count()).toBeGreaterThan(before)
    expect(await kibra.getAttribute('aria-expanded')).toBe('true')
    // the filter shows a match with its ancestors only
    await page.locator('#tree-filter').fill('kibra')
    await expect.poll(async () => (await tree.getByRole('treeitem').allInnerTexts()).length).toBeLessThan(before)
    expect((await tree.innerText()).includes('Kibra')).toBe(true)
    await page.locator('#tree-filter').fill('')
    await kibra.getByRole('button', { name: 'Kibra' }).click()
    await page.locator('#move-to').selectOption({ label: 'Kisumu' })
    // a move is a job: its progress, then what it moved
    await expect.poll(() => page.locator('.job[data-state="done"]').innerText(), { timeout: 20_000 }).toMatch(/Finished\.[\s\S]*Units and facilities moved: [1-9]\d*; health workers moved with them: \d+\./)
    await expect
      .poll(async () => {
        const text = await tree.innerText()
        return text.indexOf('Kisumu') >= 0 && text.indexOf('Kibra') > text.indexOf('Kisumu')
      })
      .toBe(true)
    // the reload after the move keeps the branches the user opened
    expect(await kibra.getAttribute('aria-expanded')).toBe('true')
    await shot('07b-org-units')
  })

  it('fits a tablet: nothing wider than the screen, the table scrolls within its card', async () => {
    await page.setViewportSize({ width: 768, height: 1024 })
    for (const link of ['Health workers', 'Org units & facilities']) {
      await page.getByRole('link', { name: link }).click()
      await page.locator('main table, main [role="tree"]').first().waitFor()
      expect(await page.evaluate(fitsWidth), link).toBe(true)
    }
    await page.getByRole('link', { name: 'Health workers' }).click()
    await page.getByRole('table', { name: 'Health workers' }).locator('tbody tr').first().click()
    await page.getByRole('button', { name: 'Edit' }).waitFor()
    expect(await page.evaluate(fitsWidth), 'profile').toBe(true)
    await shot('07c-tablet-profile')
    await page.setViewportSize({ width: 1280, height: 900 })
  })

  it('switches to French, and remembers it', async () => {
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('link', { name: 'Personnels de santé' }).waitFor()
    await page.reload()
    await page.getByRole('link', { name: 'Personnels de santé' }).click()
    await page.getByRole('table', { name: 'Personnels de santé' }).locator('tbody tr').first().waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('fr')
    await shot('08-french')
    // the API's codes in the reader's words: facility types and ownership in the tree
    await page.getByRole('link', { name: 'Unités et structures' }).click()
    await page.getByRole('tree').getByRole('button', { name: 'Déplier' }).first().click()
    await expect.poll(() => page.getByRole('tree').innerText()).toMatch(/(hôpital|centre de santé|dispensaire|clinique) · (public|privé)/)
    expect(await page.getByRole('tree').innerText()).not.toMatch(/health-centre|private-not-for-profit/)
    await page.getByLabel('Langue').selectOption('en')
  })
})

describe('the console, for a partner and a ministry admin', () => {
  it('a partner provisions a country and gets the invitation link', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    await login('partner@cadre.local')
    await page.getByRole('link', { name: 'Countries' }).click()
    // the country is chosen by its name, never typed as a code
    await page.getByLabel(/^Country/).selectOption({ label: 'Rwanda' })
    await page.locator('#f-name').fill('Rwanda Ministry of Health')
    await page.getByRole('button', { name: 'Create' }).click()
    await page.getByRole('cell', { name: 'Rwanda Ministry of Health' }).first().waitFor()
    // provisioning opens the invitation of the country's first admin
    const invite = page.getByRole('dialog')
    await invite.getByLabel(/Email/).fill('first.admin@rwa.example')
    await invite.getByRole('button', { name: 'Invite', exact: true }).click()
    const link = await page.getByLabel(/Invitation link/).inputValue()
    expect(link).toContain('/accept?token=T-RWA.')
    await shot('09-partner')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.goto(link)
    await page.getByText('first.admin@rwa.example').waitFor()
    await page.getByLabel('Full name').fill('Jeanne Uwase')
    await page.getByLabel('Password').fill('a long enough password')
    await page.getByRole('button', { name: 'Accept and sign in' }).click()
    await page.getByRole('heading', { name: /Jeanne Uwase/ }).waitFor()
    const menu = page.getByRole('navigation', { name: 'Main menu' })
    await menu.getByRole('link', { name: 'Users' }).click()
    await page.getByRole('cell', { name: 'first.admin@rwa.example' }).first().waitFor()
    await menu.getByRole('link', { name: 'Audit log' }).click()
    await page.getByRole('cell', { name: 'Invitation accepted' }).first().waitFor()
    await shot('10-audit')
  })
})
