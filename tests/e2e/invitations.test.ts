import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { launchChromium, screenshotDir, startConsole } from '../support/browser'

process.env.CADRE_DEMO_WORKERS = '4'
const DEMO_PASSWORD = 'cadre-demo-2026'

let app: Awaited<ReturnType<typeof startConsole>>
let browser: Browser
let page: Page
let kenAdmin: string

const inviteToKenya = async (email: string, role = 'viewer') => {
  const r = await call('POST', '/api/v1/users', { token: kenAdmin, body: { email, role } })
  if (r.status !== 201) throw new Error(r.text)
  return `${app.url}${r.json.link}` as string
}

beforeAll(async () => {
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  app = await startConsole()
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage()
  page.setDefaultTimeout(15_000)
  kenAdmin = (await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: DEMO_PASSWORD } })).json.accessToken
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

describe('an invitation for someone who already has an account', () => {
  it('is taken by signing in with that account’s password, and a wrong one says so plainly', async () => {
    const link = await inviteToKenya('viewer@sen.cadre.local')
    await page.goto(link)
    await page.getByText('viewer@sen.cadre.local').waitFor()
    await page.getByRole('button', { name: 'I already have a Cadre account' }).click()
    expect(await page.getByLabel('Full name').count()).toBe(0)
    await page.getByLabel('Password').fill('not-the-password')
    await page.getByRole('button', { name: 'Sign in and accept' }).click()
    await page.getByRole('alert').filter({ hasText: 'Wrong password for this email' }).waitFor()
    await page.getByLabel('Password').fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: 'Sign in and accept' }).click()
    await page.getByRole('heading', { name: /welcome/i }).waitFor()
    await page.screenshot({ path: join(screenshotDir, 'invitation-existing-phone.png'), fullPage: true })
    const session = JSON.parse((await page.evaluate('localStorage.getItem("cadre.session")')) as string)
    expect(session.membership).toMatchObject({ role: 'viewer', scope: { kind: 'tenant', id: 'KEN' } })
    expect(session.memberships).toHaveLength(2)
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true)
  })

  it('is added to the signed-in account in one click, in French too', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel(/email/i).fill('viewer@mwi.cadre.local')
    await page.getByLabel(/password/i).fill(DEMO_PASSWORD)
    await page.getByRole('button', { name: /sign in/i }).click()
    await page.getByRole('heading', { name: /welcome/i }).waitFor()
    await page.getByLabel('Language').selectOption('fr')
    await page.goto(await inviteToKenya('viewer@mwi.cadre.local', 'registrar'))
    await page.getByRole('button', { name: 'Ajouter ce rôle à mon compte' }).click()
    await page.getByRole('heading', { name: /bienvenue/i }).waitFor()
    const session = JSON.parse((await page.evaluate('localStorage.getItem("cadre.session")')) as string)
    expect(session.membership).toMatchObject({ role: 'registrar', scope: { id: 'KEN' } })
    await page.getByLabel('Langue').selectOption('en')
  })

  it('a person new to Cadre who types a password for an email that has an account is told what to do', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.goto(await inviteToKenya('registrar@mwi.cadre.local'))
    await page.getByLabel('Full name').fill('Someone')
    await page.getByLabel('Password').fill('a guess that is long enough')
    await page.getByRole('button', { name: 'Accept and sign in' }).click()
    await page.getByRole('alert').filter({ hasText: 'If you already have a Cadre account' }).waitFor()
  })
})
