import type { Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consoleWorld, login, newPage, shot } from '../support/console-page'

/** The registry list as a registrar on a slow day uses it: every column filled, pages, search, filters. */
let world: Awaited<ReturnType<typeof consoleWorld>>
let page: Page
const requests: string[] = []

beforeAll(async () => {
  // more workers than one page, so there is a page 2
  world = await consoleWorld(40)
  ;({ page } = await newPage(world.browser))
  page.on('request', (r: Request) => {
    if (r.url().includes('/api/v1/workers?')) requests.push(r.url())
  })
  await login(page, world.app.url, 'registrar@ken.cadre.local')
}, 300_000)

afterAll(async () => world?.stop())

const table = () => page.getByRole('table', { name: 'Health workers' })
const rows = () => table().locator('tbody tr')
const column = async (n: number) => rows().locator(`td:nth-child(${n})`).allInnerTexts()
/** the rows of the page asked for, not the previous page's still shown while it loads */
const settled = () => expect.poll(() => table().getAttribute('aria-busy')).not.toBe('true')

describe('the worker list', () => {
  it('shows Cadre and Facility on every row from the first load', async () => {
    await page.getByRole('link', { name: 'Health workers' }).click()
    await rows().first().waitFor()
    // what a person waits for: the cells to say something; they must, without a reload
    await expect.poll(async () => (await column(3)).every((c) => c.trim().length > 0)).toBe(true)
    await expect.poll(async () => (await column(4)).every((c) => c.trim().length > 0)).toBe(true)
    expect(await rows().count()).toBe(25)
    await expect.poll(() => page.locator('.pager .range').innerText()).toBe('1–25 of many')
    await shot(page, 'list-01-first-load')
  })

  it('goes to page 2 and back, numbering the rows', async () => {
    const first = await column(1)
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => page.locator('.pager .range').innerText()).toMatch(/^26–\d+ of (many|\d+)$/)
    // the range moves with the rows, never ahead of them
    expect(await column(1)).not.toEqual(first)
    await page.getByRole('button', { name: 'Previous' }).click()
    await expect.poll(() => column(1)).toEqual(first)
  })

  it('a search typed on page 2 starts at its own first page, and is sent once', async () => {
    await page.getByRole('button', { name: 'Next' }).click()
    await expect.poll(() => page.locator('.pager .range').innerText()).toMatch(/^26–/)
    requests.length = 0
    const problems: number[] = []
    page.on('response', (r) => r.url().includes('/api/v1/workers?') && r.status() >= 400 && problems.push(r.status()))
    const family = (await column(1))[0]!.split(',')[0]!
    await page.getByRole('searchbox', { name: 'Search' }).pressSequentially(family.slice(0, 4).toLowerCase(), { delay: 40 })
    await expect.poll(() => column(1)).toEqual(expect.arrayContaining([expect.stringContaining(family)]))
    await expect.poll(() => page.locator('.pager .range').innerText()).toMatch(/^1–/)
    const searches = requests.filter((u) => new URL(u).searchParams.get('q'))
    expect(searches, 'one request per search, none with a cursor').toHaveLength(1)
    expect(new URL(searches[0]!).searchParams.get('cursor')).toBeNull()
    expect(problems).toEqual([])
  })

  it('tells an empty search apart from an empty registry', async () => {
    await page.getByRole('searchbox', { name: 'Search' }).fill('zzqx')
    await page.getByText('No worker matches this search or these filters.').waitFor()
    expect(await page.getByText('No health workers are registered yet.').count()).toBe(0)
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await rows().first().waitFor()
  })

  it('the licence-expiry filter shows the expiry date, in expiry order, and claims no name sort', async () => {
    await page.getByRole('button', { name: /^Full name/ }).click()
    await expect.poll(() => page.locator('th[aria-sort]').count()).toBe(1)
    await page.getByLabel('Licence expiring before').fill('2031-12-31')
    await page.getByLabel('Licence expiring before').dispatchEvent('change')
    await page.getByRole('columnheader', { name: 'Licence expires' }).waitFor()
    await page.getByText('Sorted by licence expiry date, soonest first.').waitFor()
    expect(await page.locator('th[aria-sort]').count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Full name/ }).count()).toBe(0)
    await settled()
    await expect.poll(async () => (await column(2)).length).toBeGreaterThan(1)
    const dates = (await column(2)).map((d) => Date.parse(d.replace(/expired/, '').trim()))
    expect(dates.every((d) => !Number.isNaN(d))).toBe(true)
    expect(dates).toEqual([...dates].sort((a, b) => a - b))
    await shot(page, 'list-02-licence-expiry')
    await page.getByRole('button', { name: 'Clear filters' }).click()
  })

  it('opens a worker from the list by keyboard', async () => {
    // the filtered rows of the last test are still shown until the cleared list arrives: read the name after
    await page.getByRole('columnheader', { name: 'Licence expires' }).waitFor({ state: 'detached' })
    await settled()
    await rows().first().waitFor()
    const link = rows().first().getByRole('link')
    const name = await link.innerText()
    await link.focus()
    await page.keyboard.press('Enter')
    const [family, given] = name.split(', ')
    await page.getByRole('heading', { level: 1, name: new RegExp(`${given} ${family}`) }).waitFor()
    // where they work, said on the profile
    await page.getByRole('heading', { name: 'Where this person works' }).waitFor()
    expect(await page.locator('.where .big').innerText()).not.toBe('')
  })
})
