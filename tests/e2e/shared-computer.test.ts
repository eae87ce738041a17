import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asTenantSystem, withActor } from '../../functions/core/actor'
import { provisionUser } from '../../functions/core/user/provision'
import { call } from '../support/http'
import { launchChromium, startConsole } from '../support/browser'

/**
 * One computer, several people and countries: a write is sent only under the user and the country that made
 * it, and signing out (or someone else signing in) leaves nothing of the previous person on the device.
 */
process.env.CADRE_DEMO_WORKERS = '4'

const PASSWORD = 'cadre-demo-2026'
const ROVING = `roving.${process.pid}@test.example`
const KENYA = 'Kenya — Ministry of Health'
const SENEGAL = 'Sénégal — Ministère de la Santé'
const scopeOf: Record<string, string> = { [KENYA]: 'tenant:KEN', [SENEGAL]: 'tenant:SEN' }

let app: Awaited<ReturnType<typeof startConsole>>
let browser: Browser
let context: BrowserContext
let page: Page
const admins: Record<string, string> = {}

beforeAll(async () => {
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  // a registrar who works for two countries, as a regional adviser might
  const system = { kind: 'system', requestId: 'test', reason: 'test-fixture' } as const
  for (const [id, name] of [['KEN', KENYA], ['SEN', SENEGAL]] as const) {
    await asTenantSystem(id, 'test', () => withActor(system, () => provisionUser({ email: ROVING, name: 'Roving Registrar', password: PASSWORD }, { kind: 'tenant', id }, name, 'registrar')))
    const login = await call('POST', '/api/v1/auth/login', { body: { email: `admin@${id.toLowerCase()}.cadre.local`, password: PASSWORD } })
    admins[id] = login.json.accessToken
  }
  app = await startConsole()
  browser = await launchChromium()
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  // the reader chose English: a switch to Senegal would otherwise open in French, its first language
  await context.addInitScript(`localStorage.getItem('cadre.lang') || localStorage.setItem('cadre.lang', 'en')`)
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** The cadres of that name in a country, read by its ministry admin through the API. */
const cadresNamed = async (country: string, name: string) => {
  const list = await call('GET', '/api/v1/cadres?limit=200', { token: admins[country] })
  return (list.json.items as { name: string }[]).filter((c) => c.name === name).length
}

/** A bad connection for new cadres only: the write is queued on the device, everything else still works. */
const CADRES = '**/api/v1/cadres'
const cutCadreWrites = () => page.route(CADRES, (r) => (r.request().method() === 'POST' ? r.abort('internetdisconnected') : r.continue()))
/** The connection is back: the browser says so ('online'), and the outbox's own timer gets a turn. */
async function connectionBack() {
  await page.unroute(CADRES)
  await context.setOffline(true)
  await context.setOffline(false)
  await page.waitForTimeout(6_000)
}

const storedKeys = async () => ((await page.evaluate('Object.keys(localStorage)')) as string[]).filter((k) => k !== 'cadre.lang').sort()

async function signIn(email: string) {
  await page.goto(app.url)
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('heading', { name: /Welcome/ }).waitFor()
}

const signedInAs = () => page.locator('main p').filter({ hasText: 'Signed in as' })

/** The header's role switch, on whatever page the user is. */
async function switchTo(scopeName: string) {
  await page.getByLabel('Working as').selectOption(scopeOf[scopeName]!)
  await signedInAs().filter({ hasText: scopeName }).waitFor()
}

async function queueCadre(name: string) {
  await cutCadreWrites()
  await page.getByRole('link', { name: 'Cadres' }).click()
  await page.getByRole('button', { name: '+ Add' }).click()
  await page.locator('#cadre-new-name').fill(name)
  await page.locator('#cadre-new-iscoCode').selectOption('2221')
  await page.getByRole('button', { name: 'Add', exact: true }).click()
  await page.getByText('No connection: saved on this device').waitFor()
  expect(await page.getByTestId('pending-count').innerText()).toBe('1')
}

describe('the console on a shared computer', () => {
  it('a write queued in one country is never sent in another, and leaves on the switch back', async () => {
    await signIn(ROVING)
    if ((await signedInAs().innerText()).includes(SENEGAL)) await switchTo(KENYA)
    const name = `Roving nurse ${Date.now()}`
    await queueCadre(name)

    await switchTo(SENEGAL)
    await connectionBack()
    // nothing landed anywhere: not in Senegal under Senegal's token, and not yet in Kenya
    expect(await cadresNamed('SEN', name)).toBe(0)
    expect(await cadresNamed('KEN', name)).toBe(0)
    // Senegal's outbox does not show Kenya's write; the user is told it waits for Kenya
    expect(await page.getByTestId('pending-count').count()).toBe(0)
    expect(await page.getByTestId('held').innerText()).toBe(`1 change for ${KENYA} will be sent when you switch back`)
    expect(await page.locator('main li').filter({ hasText: KENYA }).innerText()).toMatch(/Waiting to send: 1/)

    await switchTo(KENYA)
    await expect.poll(() => cadresNamed('KEN', name), { timeout: 15_000 }).toBe(1)
    await expect.poll(() => page.getByTestId('pending-count').count()).toBe(0)
    expect(await page.getByTestId('held').count()).toBe(0)
    expect(await cadresNamed('SEN', name)).toBe(0)
  })

  it('signing out warns of the changes not yet sent, and leaves nothing of the user on the device', async () => {
    const name = `Unsent nurse ${Date.now()}`
    await queueCadre(name)
    // a half-typed registration: a draft with a person's name in it
    await page.goto(`${app.url}/workers/new`)
    await page.getByLabel('Given name').fill('Drafted')
    expect(await storedKeys()).toEqual(expect.arrayContaining(['cadre.outbox', 'cadre.session', expect.stringMatching(/^cadre\.draft\./)]))

    await page.getByRole('button', { name: 'Sign out' }).click()
    const warning = page.getByRole('alertdialog')
    expect(await warning.getByText('1 change not yet sent will be lost.').count()).toBe(1)
    await warning.getByRole('button', { name: 'Stay signed in' }).click()
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(1)
    expect(await storedKeys()).toContain('cadre.outbox')

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Sign out anyway' }).click()
    await page.getByRole('button', { name: 'Sign in' }).waitFor()
    expect(await storedKeys()).toEqual([])
    await connectionBack()
    expect(await cadresNamed('KEN', name)).toBe(0)
  })

  it('someone else signing in after a session ended takes over nothing: no write sent, no draft shown', async () => {
    await signIn(ROVING)
    if ((await signedInAs().innerText()).includes(SENEGAL)) await switchTo(KENYA)
    const name = `Left-behind nurse ${Date.now()}`
    await queueCadre(name)
    await page.goto(`${app.url}/workers/new`)
    await page.getByLabel('Given name').fill('Forgotten')
    // the session ends without a sign-out (expired, or the browser closed)
    await page.evaluate(`localStorage.removeItem('cadre.session')`)
    await page.goto(app.url)

    await signIn('registrar@ken.cadre.local')
    expect(await storedKeys()).toEqual(['cadre.session'])
    expect(await page.getByTestId('pending-count').count()).toBe(0)
    await page.goto(`${app.url}/workers/new`)
    expect(await page.getByLabel('Given name').inputValue()).toBe('')
    await connectionBack()
    expect(await cadresNamed('KEN', name)).toBe(0)
  })
})
