import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { axe, consoleWorld, expectAccessible, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * Every page of the console, for every role: axe-core finds no serious or critical violation, nothing is
 * wider than a 390 px phone, and each page is photographed in English, French and Portuguese at desktop and
 * phone width (tests/screenshots/pages/).
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let browser: Browser
const ids: Record<string, string> = {}

beforeAll(async () => {
  world = await consoleWorld(12)
  browser = world.browser
  const token = (await call('POST', '/api/v1/auth/login', { body: { email: 'registrar@ken.cadre.local', password: PASSWORD } })).json.accessToken
  const workers = (await call('GET', '/api/v1/workers?limit=5', { token })).json.items
  ids.worker = workers[0].id
  const tree = (await call('GET', '/api/v1/org-units/tree', { token })).json.items
  ids.facility = tree.find((n: { kind: string }) => n.kind === 'facility').id
  ids.unit = tree.find((n: { kind: string; parentId?: string }) => n.kind === 'unit' && n.parentId).id
}, 300_000)

afterAll(async () => world?.stop())

type Visit = { name: string; path: string; ready: (page: Page) => Promise<unknown> }
const h1 = (page: Page) => page.locator('main h1').first().waitFor()
const table = (page: Page) => page.locator('main table tbody tr').first().waitFor()

const byRole: [string, Visit[]][] = [
  [
    'registrar@ken.cadre.local',
    [
      { name: 'home-registrar', path: '/', ready: (p) => p.locator('.tiles').waitFor() },
      { name: 'workers', path: '/workers', ready: table },
      { name: 'worker-new', path: '/workers/new', ready: (p) => p.locator('#w-givenName').waitFor() },
      { name: 'worker-profile', path: '/workers/{worker}', ready: (p) => p.locator('.where').waitFor() },
      { name: 'worker-edit', path: '/workers/{worker}/edit', ready: (p) => p.waitForFunction("document.querySelector('#w-givenName')?.value !== ''") },
      { name: 'worker-merge', path: '/workers/{worker}/merge', ready: h1 },
      { name: 'org-units', path: '/org-units', ready: (p) => p.getByRole('tree').waitFor() },
      { name: 'unit', path: '/org-units/{unit}', ready: table },
      { name: 'facility', path: '/org-units/{facility}', ready: (p) => p.getByRole('heading', { level: 2 }).first().waitFor() },
      { name: 'cadres', path: '/cadres', ready: table },
    ],
  ],
  [
    'admin@ken.cadre.local',
    [
      { name: 'home-ministry-admin', path: '/', ready: (p) => p.locator('.tiles').waitFor() },
      { name: 'users', path: '/users', ready: table },
      { name: 'audit', path: '/audit', ready: table },
      { name: 'settings', path: '/settings', ready: (p) => p.locator('#s-councils').waitFor() },
      { name: 'clients', path: '/clients', ready: h1 },
    ],
  ],
  ['manager@ken.cadre.local', [{ name: 'home-district-manager', path: '/', ready: (p) => p.locator('.tiles').waitFor() }, { name: 'workers-district', path: '/workers', ready: table }]],
  ['partner@cadre.local', [{ name: 'home-partner', path: '/', ready: (p) => p.locator('.tiles').waitFor() }, { name: 'countries-partner', path: '/countries', ready: table }]],
  [
    'admin@cadre.local',
    [
      { name: 'home-platform', path: '/', ready: (p) => p.locator('.tiles').waitFor() },
      { name: 'countries-platform', path: '/countries', ready: table },
      { name: 'partners', path: '/partners', ready: table },
      { name: 'donors', path: '/donors', ready: table },
    ],
  ],
  ['donor@cadre.local', [{ name: 'home-donor', path: '/', ready: h1 }]],
]

const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]!)

describe('every page, every role', () => {
  it('the check itself: a control without a name is a violation axe reports', async () => {
    const { context, page } = await newPage(browser)
    await page.goto(world.app.url)
    await page.locator('#f-email').waitFor()
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input id="nameless"><button></button>')`)
    const found = (await axe(page)).map((v) => v.id)
    expect(found).toEqual(expect.arrayContaining(['label', 'button-name']))
    await context.close()
  })

  it('the sign-in page', async () => {
    for (const lang of ['en', 'fr', 'pt']) {
      for (const width of [1280, 390]) {
        const { context, page } = await newPage(browser, { width })
        await page.goto(world.app.url)
        await page.evaluate(`localStorage.setItem('cadre.lang', '${lang}')`)
        await page.reload()
        await page.locator('#f-email').waitFor()
        if (lang === 'en' && width === 1280) await expectAccessible(page, 'sign-in')
        expect(await fitsWidth(page), `sign-in at ${width}`).toBe(true)
        await shot(page, `pages/sign-in.${lang}.${width}`)
        await context.close()
      }
    }
  })

  for (const [email, visits] of byRole) {
    it(`${email}: no serious violation, fits a phone, in three languages`, async () => {
      for (const width of [1280, 390]) {
        const { context, page } = await newPage(browser, { width })
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        await login(page, world.app.url, email)
        for (const lang of ['en', 'fr', 'pt']) {
          await page.evaluate(`localStorage.setItem('cadre.lang', '${lang}')`)
          for (const v of visits) {
            await page.goto(`${world.app.url}${fill(v.path)}`)
            await v.ready(page)
            expect(await page.locator('html').getAttribute('lang')).toBe(lang)
            if (lang === 'en') await expectAccessible(page, `${v.name} at ${width}`)
            expect(await fitsWidth(page), `${v.name} at ${width} px (${lang})`).toBe(true)
            await shot(page, `pages/${v.name}.${lang}.${width}`)
          }
        }
        expect(errors, 'uncaught errors in the page').toEqual([])
        await context.close()
      }
    }, 300_000)
  }

  it('dialogs are accessible too, and fit a phone', async () => {
    for (const width of [1280, 390]) {
      const { context, page } = await newPage(browser, { width })
      await login(page, world.app.url, 'registrar@ken.cadre.local')
      await page.goto(`${world.app.url}/workers/${ids.worker}`)
      await page.locator('.where').waitFor()
      for (const button of [/^\+ Add a licence/, /^\+ Deploy or transfer/, /^Record an exit/]) {
        await page.getByRole('button', { name: button }).first().click()
        await page.getByRole('dialog').waitFor()
        await expectAccessible(page, `dialog ${button} at ${width}`)
        expect(await fitsWidth(page)).toBe(true)
        await shot(page, `pages/dialog-${String(button).replace(/\W+/g, '-')}.en.${width}`)
        await page.keyboard.press('Escape')
        await page.getByRole('dialog').waitFor({ state: 'hidden' })
      }
      await context.close()
    }
  }, 120_000)

  it('is usable by keyboard: skip to the page, reach the list, open a record, open and close a dialog', async () => {
    const { context, page } = await newPage(browser)
    await login(page, world.app.url, 'registrar@ken.cadre.local')
    await page.goto(`${world.app.url}/workers`)
    await page.locator('main table tbody tr').first().waitFor()
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/Skip to the page/)
    await page.keyboard.press('Enter')
    // the next Tab lands in the page, on its first control: the register button or the search box
    await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.closest("main") !== null')).toBe(true)
    // Tab through the filters to the first worker link, then open it with Enter
    for (let i = 0; i < 30 && !(await page.evaluate('document.activeElement.closest("tbody") !== null')); i++) await page.keyboard.press('Tab')
    expect(await page.evaluate('document.activeElement.tagName')).toBe('A')
    // a visible focus ring on what has focus
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).not.toBe('none')
    await page.keyboard.press('Enter')
    await page.locator('.where').waitFor()
    await page.getByRole('button', { name: /^\+ Add a licence/ }).focus()
    await page.keyboard.press('Enter')
    await page.getByRole('dialog').waitFor()
    expect(await page.evaluate('document.activeElement.closest("dialog") !== null'), 'focus moves into the dialog').toBe(true)
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'hidden' })
    expect(await page.evaluate('document.activeElement.textContent')).toMatch(/Add a licence/)
    await context.close()
  })
})
