import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { app } from '../../functions/api/app'
import { call } from '../support/http'
import { consoleWorld, login, newPage, PASSWORD } from '../support/console-page'

/**
 * A ministry admin downloads lists from the console: the worker list with a filter, the licences expiring
 * before a date, a facility's staff. Each file is the export the API gives for the same filters, in the
 * reader's language.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let page: Page
let token: string

const apiCsv = async (query: string) => {
  const res = await app.request(`/api/v1/exports/workers.csv?${query}`, { headers: { authorization: `Bearer ${token}` } })
  expect(res.status).toBe(200)
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
}

/** Clicks the button and waits for the browser's download: its suggested name and its text (BOM kept). */
async function download(button: string) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: button }).click()])
  const path = await file.path()
  return { name: file.suggestedFilename(), text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(readFileSync(path!)) }
}

beforeAll(async () => {
  world = await consoleWorld(40)
  token = (await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: PASSWORD } })).json.accessToken
  ;({ page } = await newPage(world.browser, { lang: 'fr-FR' }))
  await login(page, world.app.url, 'admin@ken.cadre.local')
  await page.getByLabel('Language').selectOption('fr')
}, 300_000)

afterAll(async () => world?.stop())

describe('downloading lists from the console', () => {
  it('the worker list with its filter, as the API exports it, headed in French', async () => {
    const cadres = (await call('GET', '/api/v1/cadres', { token })).json.items as { id: string; name: string }[]
    const cadre = cadres[0]!
    await page.goto(`${world.app.url}/workers`)
    const table = page.getByRole('table')
    await table.locator('tbody tr').first().waitFor()
    await page.locator('#f-cadre').selectOption(cadre.id)
    await expect.poll(() => table.getAttribute('aria-busy')).not.toBe('true')
    const file = await download('Télécharger cette liste (CSV)')
    expect(file.name).toMatch(/^workers-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(file.text.startsWith('\uFEFFNuméro de registre,')).toBe(true)
    const expected = await apiCsv(`cadreId=${cadre.id}&lang=fr`)
    expect(file.text).toBe(expected)
    // the filter was applied: fewer lines than the whole registry's list
    expect(file.text.split('\r\n').length).toBeLessThan((await apiCsv('lang=fr')).split('\r\n').length)
  }, 120_000)

  it('the licences expiring before a date, named for it', async () => {
    await page.goto(`${world.app.url}/workers?licenceExpiringBefore=2035-01-01`)
    await page.getByRole('table').locator('tbody tr').first().waitFor()
    const file = await download('Télécharger cette liste (CSV)')
    expect(file.name).toBe('licences-expiring-before-2035-01-01.csv')
    expect(file.text).toBe(await apiCsv('licenceExpiringBefore=2035-01-01&lang=fr'))
    expect(file.text.split('\r\n').filter(Boolean).length).toBeGreaterThan(1)
  }, 120_000)

  it('a facility’s staff list from its page', async () => {
    const workers = (await call('GET', '/api/v1/workers?limit=50', { token })).json.items as { facilityId?: string }[]
    const facilityId = workers.find((x) => x.facilityId)!.facilityId!
    await page.goto(`${world.app.url}/org-units/${facilityId}`)
    await page.getByRole('heading', { name: 'Personnel', exact: true }).waitFor()
    const file = await download('Télécharger la liste du personnel (CSV)')
    expect(file.name).toMatch(/^staff-.+\.csv$/)
    const expected = await apiCsv(`orgUnitId=${facilityId}&lang=fr`)
    expect(file.text).toBe(expected)
    expect(expected.split('\r\n').filter(Boolean).length).toBeGreaterThan(1)
  }, 120_000)
})
