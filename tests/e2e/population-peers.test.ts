import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, expectAccessible, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * A ministry admin enters the population of regions and districts (typed as people type numbers, shown in
 * the reader's locale, checked in words, filled from a CSV, never overwriting someone else's figure), and a
 * ministry reads what other countries share with peers on its Other countries page, equal to the API's.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let browser: Browser
const year = new Date().getFullYear()

beforeAll(async () => {
  world = await consoleWorld(30)
  browser = world.browser
}, 300_000)

afterAll(async () => world?.stop())

const token = async (email: string) => (await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).json.accessToken as string
type Unit = { unitId: string; name: string; level: number; population: { year: number; value: number }[]; version: number }
const tableOf = async (t: string) => (await call('GET', '/api/v1/indicators/population-table', { token: t })).json.units as Unit[]

describe('population by unit', () => {
  it('a density without a population reads “population not entered”; the admin enters figures, fixes a wrong one, and they are saved', async () => {
    const admin = await token('admin@ken.cadre.local')
    const { context, page } = await newPage(browser)
    await login(page, world.app.url, 'admin@ken.cadre.local')
    // before: no region has a population, and the dashboard says so instead of showing 0
    const density = (await call('GET', '/api/v1/indicators?indicator=density&breakdown=level1', { token: admin })).json
    expect(density.rows.filter((r: any) => r.level === 1).every((r: any) => r.missing === 'population' && r.value === null)).toBe(true)
    await page.getByRole('link', { name: 'Figures' }).click()
    await page.locator('figure.chart').first().waitFor()
    expect(await page.getByText('population not entered').count()).toBeGreaterThan(0)

    await page.getByRole('link', { name: 'Settings' }).click()
    await page.getByRole('link', { name: 'Population by region and district' }).click()
    await page.getByRole('heading', { name: 'Population by unit' }).waitFor()
    const units = await tableOf(admin)
    const nairobi = units.find((u) => u.name === 'Nairobi')!
    const kibra = units.find((u) => u.name === 'Kibra')!
    // regions each followed by their districts
    const rows = page.locator('table.population-table tbody tr')
    await rows.first().waitFor()
    expect(await rows.locator('th').allTextContents()).toEqual(units.map((u) => expect.stringContaining(u.name)))
    expect(await page.locator(`tr[data-unit="${kibra.unitId}"]`).getAttribute('class')).toContain('sub')

    await page.getByLabel(`Nairobi: Population in ${year}`).fill('4397073')
    await page.getByLabel(`Kibra: Population in ${year}`).fill('185.7')
    await page.getByLabel(`Kibra: Population in ${year}`).blur()
    // shown with the reader's thousands separator once the field is left
    expect(await page.getByLabel(`Nairobi: Population in ${year}`).inputValue()).toBe('4,397,073')
    await page.getByText('Type a whole number of people, such as 1,250,000.').waitFor()
    await page.getByRole('button', { name: 'Save the changes' }).click()
    await page.getByRole('alert').filter({ hasText: 'Check the 1 figures marked below.' }).waitFor()
    expect((await tableOf(admin)).find((u) => u.unitId === nairobi.unitId)!.population).toEqual([])
    await page.getByLabel(`Kibra: Population in ${year}`).fill('185 777')
    await page.getByRole('button', { name: 'Save the changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved: 2 units changed.' }).waitFor()
    await page.locator('form[aria-busy="false"]').waitFor()
    const saved = await tableOf(admin)
    expect(saved.find((u) => u.unitId === nairobi.unitId)!.population).toEqual([{ year, value: 4_397_073 }])
    expect(saved.find((u) => u.unitId === kibra.unitId)!.population).toEqual([{ year, value: 185_777 }])
    // the dashboard's density for Nairobi now divides by it
    const after = (await call('GET', '/api/v1/indicators?indicator=density&breakdown=level1', { token: admin })).json
    expect(after.rows.find((r: any) => r.unitId === nairobi.unitId && r.occupation === '*')).toMatchObject({ denominator: 4_397_073 })
    await context.close()
  }, 120_000)

  it('a figure someone else saved meanwhile is not overwritten; a CSV fills the table; French, phone width, accessible', async () => {
    const admin = await token('admin@ken.cadre.local')
    const { context, page } = await newPage(browser, { width: 390 })
    await login(page, world.app.url, 'admin@ken.cadre.local')
    await page.goto(`${world.app.url}/populations`)
    await page.getByRole('heading', { name: 'Population by unit' }).waitFor()
    await page.getByLabel(`Kisumu: Population in ${year}`).waitFor()
    // another admin saves Kisumu while this page is open
    const kisumu = (await tableOf(admin)).find((u) => u.name === 'Kisumu')!
    const other = await call('PUT', '/api/v1/indicators/population-table', { token: admin, body: { year, values: [{ unitId: kisumu.unitId, value: 1_155_574, version: kisumu.version }] } })
    expect(other.status, other.text).toBe(200)
    await page.getByLabel(`Kisumu: Population in ${year}`).fill('999')
    await page.getByRole('button', { name: 'Save the changes' }).click()
    await page.getByRole('alert').filter({ hasText: 'Kisumu was changed by someone else' }).waitFor()
    expect((await tableOf(admin)).find((u) => u.unitId === kisumu.unitId)!.population).toEqual([{ year, value: 1_155_574 }])
    // the table is read again after the refusal: on a loaded machine its answer comes after the message
    await expect.poll(() => page.getByLabel(`Kisumu: Population in ${year}`).inputValue()).toBe('1,155,574')

    // a CSV with names in any case and accents, a code-less unknown line, semicolons
    const csv = 'Unit;Population\nmombasa;1 208 333\nMvita;154 171\nAtlantis;5\n'
    await page.locator('#pop-file').setInputFiles({ name: 'population.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') })
    await page.getByRole('status').filter({ hasText: '2 units filled from the file' }).waitFor()
    await page.getByText('Line 4: “Atlantis” is no region or district of this country.').waitFor()
    expect(await page.getByLabel(`Mombasa: Population in ${year}`).inputValue()).toBe('1 208 333')
    await page.getByRole('button', { name: 'Save the changes' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved: 2 units changed.' }).waitFor()
    const saved = await tableOf(admin)
    expect(saved.find((u) => u.name === 'Mombasa')!.population).toEqual([{ year, value: 1_208_333 }])
    expect(saved.find((u) => u.name === 'Mvita')!.population).toEqual([{ year, value: 154_171 }])
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'populations-phone')
    await expectAccessible(page, 'population table at phone width')

    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('heading', { name: 'Population par unité' }).waitFor()
    // French writes thousands with a narrow no-break space
    expect(await page.getByLabel(`Mombasa : Population en ${year}`).or(page.getByLabel(`Mombasa: Population en ${year}`)).inputValue()).toBe(new Intl.NumberFormat('fr').format(1_208_333))
    await shot(page, 'populations-fr-phone')
    await page.getByLabel('Langue').selectOption('en')
    await context.close()
  }, 120_000)
})

type Row = { level: number; occupation: string; category: string; value: number | null; suppressed?: boolean }
const shown = (r: Row | undefined) => (r?.suppressed ? '<5' : r?.value === null || r?.value === undefined ? '—' : new Intl.NumberFormat('en', { maximumFractionDigits: 0 }).format(r.value))

describe('other countries', () => {
  it('a ministry sees what other countries share with peers, equal to the API, withheld cells marked, with a CSV; at phone width', async () => {
    const sen = await token('admin@sen.cadre.local')
    const api = (await call('GET', '/api/v1/summaries?indicator=stock', { token: sen })).json
    // Kenya shares with peers; Senegal never sees itself
    expect(api.countries.map((c: any) => c.tenantId)).toEqual(['KEN'])
    const { context, page } = await newPage(browser, { width: 390 })
    await context.addInitScript(`localStorage.getItem('cadre.lang') || localStorage.setItem('cadre.lang', 'en')`)
    await login(page, world.app.url, 'admin@sen.cadre.local')
    await page.getByRole('link', { name: 'Other countries' }).click()
    await page.getByRole('heading', { name: 'Other countries' }).waitFor()
    const overview = page.locator('table.cross-country').first()
    await overview.getByRole('columnheader', { name: api.countries[0].name }).waitFor()
    expect(await overview.locator('ul.grants li').count()).toBe(api.countries[0].shared.length)
    const table = page.locator('table.figures')
    await table.waitFor()
    let withheld = 0
    const finest = [...api.countries[0].tables].sort((a: any, b: any) => b.rows.length - a.rows.length)[0]
    for (const r of finest.rows.filter((r: Row) => r.level === 0)) {
      expect(await table.locator(`tr[data-key="${r.occupation}|${r.category}"] td[data-country="KEN"]`).textContent(), r.occupation).toBe(shown(r))
      if (r.suppressed) withheld++
    }
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the table (CSV)' }).click()])
    expect(file.suggestedFilename()).toMatch(/^shared-stock-.*\.csv$/)
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'other-countries-phone')
    await expectAccessible(page, 'other countries at phone width')
    // the file holds every row of the finest table, withheld ones noted, never a figure of 1 to 4
    const text = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8')
    const lines = text.trim().split('\r\n').slice(1)
    expect(lines.length).toBe(finest.rows.length)
    expect(lines.filter((l) => l.includes('<5 withheld')).length).toBe(finest.rows.filter((r: Row) => r.suppressed).length)
    if (withheld) await page.getByText('<5: withheld to protect small counts').first().waitFor()
    // a registrar has no such page (in English too, so the absent link is not a matter of words)
    await context.close()
    const { context: c2, page: p2 } = await newPage(browser)
    await c2.addInitScript(`localStorage.getItem('cadre.lang') || localStorage.setItem('cadre.lang', 'en')`)
    await login(p2, world.app.url, 'registrar@sen.cadre.local')
    await p2.getByRole('link', { name: 'Health workers' }).waitFor()
    expect(await p2.getByRole('link', { name: 'Other countries' }).count()).toBe(0)
    await c2.close()
  }, 120_000)
})
