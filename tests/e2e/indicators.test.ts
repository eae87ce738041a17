import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, expectAccessible, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * The indicator pages of the console on the demo data (last year frozen, approved and partly shared by
 * Kenya and Senegal): the donor's and the partner's cross-country view, the ministry's dashboard and its
 * sharing page. Figures on screen equal the API's, withheld cells read "<5", CSV files hold the same
 * figures, French reads, nothing is wider than a phone, and axe-core finds no serious violation.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let browser: Browser
const year = new Date().getUTCFullYear() - 1

beforeAll(async () => {
  world = await consoleWorld(30)
  browser = world.browser
}, 300_000)

afterAll(async () => world?.stop())

const token = async (email: string) => (await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).json.accessToken as string

type Row = { level: number; occupation: string; category: string; unitId: string | null; unitName: string | null; value: number | null; suppressed?: boolean }
/** how the console must show a cell: written here again, independently of the console's code */
const shown = (r: Pick<Row, 'value' | 'suppressed'> | undefined, locale = 'en', digits = 0) =>
  r?.suppressed ? '<5' : r?.value === null || r?.value === undefined ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(r.value)

/** the file a click downloads, as text */
async function download(page: Page, click: () => Promise<unknown>) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: file.suggestedFilename(), bytes: readFileSync((await file.path())!) }
}

/** a CSV file of the console as rows of cells (every cell is quoted; a BOM leads) */
const parseCsv = (text: string) =>
  text
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replaceAll('""', '"')))

describe('the donor', () => {
  it('lands on the cross-country view: figures equal the API’s, withheld cells read <5 with a legend, CSV holds the same', async () => {
    const api = await call('GET', '/api/v1/summaries?indicator=stock', { token: await token('donor@cadre.local') })
    expect(api.status, api.text).toBe(200)
    const countries = api.json.countries as { tenantId: string; period: { year: number }; tables: { rows: Row[] }[] }[]
    expect(countries.map((c) => c.tenantId)).toEqual(['KEN', 'SEN'])
    const { context, page } = await newPage(browser)
    await login(page, world.app.url, 'donor@cadre.local')
    // Home is the view itself
    await page.getByRole('heading', { name: 'Figures shared with you' }).waitFor()
    const table = page.locator('table.figures')
    await table.waitFor()
    let withheld = 0
    let figures = 0
    for (const c of countries) {
      expect(c.period.year).toBe(year)
      const finest = [...c.tables].sort((a, b) => b.rows.length - a.rows.length)[0]!
      for (const r of finest.rows.filter((r) => r.level === 0)) {
        const cell = table.locator(`tr[data-key="${r.occupation}|${r.category}"] td[data-country="${c.tenantId}"]`)
        expect(await cell.textContent(), `${c.tenantId} ${r.occupation}`).toBe(shown(r))
        if (r.suppressed) withheld++
        else figures++
      }
    }
    // the demo's small registries must exercise both kinds of cell, or this test proves nothing
    expect(withheld).toBeGreaterThan(0)
    expect(figures).toBeGreaterThan(0)
    await page.getByText('<5: withheld to protect small counts').first().waitFor()
    // each country's stage, year and approval head its column
    const overview = page.locator('table.cross-country').first()
    await overview.getByRole('cell', { name: 'rollout' }).waitFor()
    await overview.getByRole('cell', { name: 'pilot' }).waitFor()
    expect(await overview.getByRole('cell', { name: /^approved on/ }).count()).toBe(2)
    await shot(page, 'indicators-donor')
    await expectAccessible(page, 'donor home')

    const csv = await download(page, () => page.getByRole('button', { name: 'Download the table (CSV)' }).click())
    expect(csv.name).toMatch(/^shared-stock-.*\.csv$/)
    const [header, ...lines] = parseCsv(csv.bytes.toString('utf8'))
    expect(header).toEqual(['country', 'country_name', 'stage', 'year', 'approval', 'indicator', 'breakdown', 'unit', 'level', 'occupation', 'occupation_name', 'category', 'category_name', 'value', 'note'])
    const col = (name: string) => header!.indexOf(name)
    for (const c of countries) {
      const finest = [...c.tables].sort((a, b) => b.rows.length - a.rows.length)[0]!
      const mine = lines.filter((l) => l[col('country')] === c.tenantId)
      expect(mine.length).toBe(finest.rows.length)
      for (const [i, r] of finest.rows.entries()) {
        expect(mine[i]![col('occupation')]).toBe(r.occupation)
        expect(mine[i]![col('value')]).toBe(r.suppressed ? '' : String(r.value))
        expect(mine[i]![col('note')]).toBe(r.suppressed ? '<5 withheld' : '')
      }
    }
    // no person ever: the file has no worker id or name column
    expect(csv.bytes.toString('utf8')).not.toMatch(/wrk_/)

    // French: the words and the legend
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('heading', { name: 'Chiffres partagés avec vous' }).waitFor()
    await page.getByRole('rowheader', { name: 'Étape de mise en œuvre' }).waitFor()
    await page.getByText('<5 : masqué pour protéger les petits effectifs').first().waitFor()
    // occupations in the reader's language (ISCO-08 as CITP-08)
    expect(await table.locator('tr[data-key="2221|*"] th').textContent()).toBe('Cadres infirmiers (2221)')
    await shot(page, 'indicators-donor-fr')
    await page.getByLabel('Langue').selectOption('en')
    await context.close()
  }, 120_000)

  it('reads at phone width, with no page wider than the screen', async () => {
    const { context, page } = await newPage(browser, { width: 390 })
    await login(page, world.app.url, 'donor@cadre.local')
    await page.locator('table.figures').waitFor()
    await page.locator('figure.chart canvas').waitFor()
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'indicators-donor-phone')
    await expectAccessible(page, 'donor home at phone width')
    await context.close()
  }, 120_000)
})

describe('the partner', () => {
  it('sees what each country it supports shares, and the same figures as the API', async () => {
    const partner = await token('partner@cadre.local')
    const overview = (await call('GET', '/api/v1/summaries', { token: partner })).json
    const stock = (await call('GET', '/api/v1/summaries?indicator=stock', { token: partner })).json
    const { context, page } = await newPage(browser, { width: 390 })
    await login(page, world.app.url, 'partner@cadre.local')
    await page.getByRole('link', { name: 'Shared figures' }).first().click()
    await page.getByRole('heading', { name: 'Figures shared with you' }).waitFor()
    // every grant of every country, listed in its column
    const first = page.locator('table.cross-country').first()
    for (const c of overview.countries) await first.getByRole('columnheader', { name: c.name }).waitFor()
    expect(await first.locator('ul.grants li').count()).toBe(overview.countries.reduce((n: number, c: { shared: unknown[] }) => n + c.shared.length, 0))
    // a supported country that shares nothing says so
    await first.getByText('Nothing shared yet').waitFor()
    const table = page.locator('table.figures')
    await table.waitFor()
    for (const c of stock.countries) {
      const finest = [...c.tables].sort((a: { rows: Row[] }, b: { rows: Row[] }) => b.rows.length - a.rows.length)[0]
      for (const r of finest.rows.filter((r: Row) => r.level === 0))
        expect(await table.locator(`tr[data-key="${r.occupation}|${r.category}"] td[data-country="${c.tenantId}"]`).textContent()).toBe(shown(r))
    }
    // Senegal shares its stock by unit only: a row by occupation is "not shared" there, not a missing figure
    expect(await table.locator('tr[data-key="2221|*"] td[data-country="SEN"]').textContent()).toBe('not shared')
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'indicators-partner-phone')
    await expectAccessible(page, 'partner shared figures')
    await context.close()
  }, 120_000)
})

describe('the ministry admin', () => {
  it('reads the dashboard: figures equal the API’s, definitions, thresholds, CSV and PNG', async () => {
    const admin = await token('admin@ken.cadre.local')
    const cadres = (await call('GET', `/api/v1/indicators?indicator=stock&breakdown=national-occupation&period=${year}`, { token: admin })).json
    const { context, page } = await newPage(browser)
    await login(page, world.app.url, 'admin@ken.cadre.local')
    // Home carries the bars by occupation and by unit
    await page.getByRole('heading', { name: 'The workforce in figures' }).waitFor()
    await page.locator('figure#by-occupation canvas').waitFor()
    await page.locator('figure#by-unit canvas').waitFor()
    await shot(page, 'indicators-home-ministry')
    await page.getByRole('link', { name: 'Figures' }).first().click()
    await page.getByRole('heading', { name: 'The workforce in figures' }).waitFor()
    // the latest frozen year by default, not the live figures
    expect(await page.locator('#ind-period').inputValue()).toBe(String(year))
    const figure = page.locator('figure#by-occupation')
    await figure.locator('canvas').waitFor()
    await figure.getByText('Show as a table').click()
    const expected = (cadres.rows as Row[]).filter((r) => r.level === 0 && r.occupation !== '*' && r.category === '*').sort((a, b) => (b.value ?? 0) - (a.value ?? 0))
    expect(expected.length).toBeGreaterThan(1)
    const rows = figure.locator('tbody tr')
    expect(await rows.count()).toBe(expected.length)
    for (const [i, r] of expected.entries()) {
      expect(await rows.nth(i).locator('th').textContent()).toContain(`(${r.occupation})`)
      expect(await rows.nth(i).locator('td').textContent()).toBe(shown(r))
    }
    // its definition, numerator, denominator and source
    await figure.getByText('What this figure means').click()
    await figure.getByText(cadres.indicator.texts.en.definition).waitFor()
    // density against the thresholds, the 49 labelled as a median, not a target
    const density = page.locator('figure#density')
    await density.getByText(/49 — Median of the countries on the 2023 WHO Health Workforce Support and Safeguards List — a median, not a target/).waitFor()
    await density.getByText(/^23 — WHO critical shortage threshold/).waitFor()
    await density.getByText(/^44.5 — SDG index threshold/).waitFor()
    // the pyramid's table equals the API's age bands
    const ages = (await call('GET', `/api/v1/indicators?indicator=age&breakdown=national&period=${year}`, { token: admin })).json
    const pyramid = page.locator('figure#age-sex')
    await pyramid.getByText('Show as a table').click()
    const band = (sex: string, b: string) => (ages.rows as Row[]).find((r) => r.level === 0 && r.occupation === '*' && r.category === `${sex}:${b}`)
    const firstBand = pyramid.locator('tbody tr').first()
    expect(await firstBand.locator('td').allTextContents()).toEqual([shown(band('female', '<25')), shown(band('male', '<25'))])

    const csv = await download(page, () => figure.getByRole('button', { name: 'Download CSV' }).click())
    const [header, ...lines] = parseCsv(csv.bytes.toString('utf8'))
    expect(header).toEqual(['year', 'occupation', 'occupation_name', 'count'])
    expect(lines.map((l) => [l[1], Number(l[3])])).toEqual(expected.map((r) => [r.occupation, r.value]))
    const png = await download(page, () => figure.getByRole('button', { name: 'Download PNG' }).click())
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG')
    await shot(page, 'indicators-dashboard')
    await expectAccessible(page, 'ministry dashboard')

    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('heading', { name: 'Le personnel en chiffres' }).waitFor()
    await density.getByText(/^44,5 — Seuil de l’indice des ODD/).waitFor()
    await shot(page, 'indicators-dashboard-fr')
    await page.getByLabel('Langue').selectOption('en')
    await context.close()
  }, 120_000)

  it('reads the dashboard at phone width', async () => {
    const { context, page } = await newPage(browser, { width: 390 })
    await login(page, world.app.url, 'admin@ken.cadre.local')
    await page.goto(`${world.app.url}/indicators`)
    await page.locator('figure#density canvas').waitFor()
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'indicators-dashboard-phone')
    await context.close()
  }, 120_000)

  it('sees what is shared with whom, reopens a year with a reason, freezes and approves it, and downloads its DHIS2 file', async () => {
    const admin = await token('admin@ken.cadre.local')
    const policy = (await call('GET', '/api/v1/sharing', { token: admin })).json.policy
    const { context, page } = await newPage(browser, { width: 390 })
    await login(page, world.app.url, 'admin@ken.cadre.local')
    await page.goto(`${world.app.url}/sharing`)
    await page.getByRole('heading', { name: 'Sharing and reporting periods' }).waitFor()
    const grants = page.getByRole('table', { name: 'What you share, and with whom' })
    await grants.locator('tbody tr').nth(policy.grants.length - 1).waitFor()
    expect(await grants.locator('tbody tr').count()).toBe(policy.grants.length)
    await grants.getByRole('cell', { name: 'All donors' }).first().waitFor()
    await grants.getByRole('cell', { name: /admin@ken\.cadre\.local/ }).first().waitFor()
    expect(await page.getByLabel('Disclosure threshold').inputValue()).toBe(String(policy.threshold))
    await expectAccessible(page, 'sharing page')

    // the DHIS2 mapping, set in the console: a wrong id is refused in words, a right one saved
    await page.getByLabel('Country org unit (DHIS2 id)').fill('not-an-id')
    await page.getByRole('button', { name: 'Add a row' }).click()
    await page.getByLabel('Data element, row 1').fill('FRbgzTZ74Hh')
    await page.getByRole('button', { name: 'Save the mapping' }).click()
    await page.getByRole('alert').first().waitFor()
    expect((await call('GET', '/api/v1/periods/dhis2-mapping', { token: admin })).json).toBeNull()
    await page.getByLabel('Country org unit (DHIS2 id)').fill('ImspTQPwCqd')
    await page.getByRole('button', { name: 'Save the mapping' }).click()
    await page.getByRole('status').filter({ hasText: 'Mapping saved.' }).waitFor()
    expect((await call('GET', '/api/v1/periods/dhis2-mapping', { token: admin })).json).toMatchObject({ countryOrgUnit: 'ImspTQPwCqd', entries: [{ indicator: 'stock', occupation: '*', category: '*', dataElement: 'FRbgzTZ74Hh' }] })

    // reopen needs a reason; it is kept in the year's history
    const periods = page.getByRole('table', { name: 'Reporting periods' })
    await periods.getByRole('cell', { name: /^approved/ }).waitFor()
    await page.getByRole('button', { name: `Reopen ${year}` }).click()
    const dialog = page.getByRole('dialog', { name: `Reopen ${year}` })
    await dialog.getByLabel(/Why it must change/).fill('Late returns from two districts')
    await dialog.getByRole('button', { name: 'Reopen' }).click()
    await page.getByRole('status').filter({ hasText: `${year} is open` }).waitFor()
    const reopened = (await call('GET', '/api/v1/periods', { token: admin })).json.items.find((p: { year: number }) => p.year === year)
    expect(reopened.state).toBe('open')
    expect(reopened.history.at(-1)).toMatchObject({ action: 'reopen', reason: 'Late returns from two districts', by: 'admin@ken.cadre.local' })
    // a donor sees no year of Kenya while it is open
    const donorView = (await call('GET', '/api/v1/summaries?indicator=stock', { token: await token('donor@cadre.local') })).json
    expect(donorView.countries.find((c: { tenantId: string }) => c.tenantId === 'KEN').period).toBeNull()

    await page.getByRole('button', { name: `Freeze ${year}` }).click()
    await page.getByRole('status').filter({ hasText: 'frozen, not approved' }).waitFor()
    await page.getByRole('button', { name: `Approve ${year}` }).click()
    await page.getByRole('status').filter({ hasText: `${year} is approved` }).waitFor()
    expect((await call('GET', '/api/v1/periods', { token: admin })).json.items.find((p: { year: number }) => p.year === year).state).toBe('approved')

    const file = await download(page, () => page.getByRole('button', { name: `DHIS2 export ${year}` }).click())
    const json = JSON.parse(file.bytes.toString('utf8'))
    const direct = (await call('GET', `/api/v1/periods/dhis2?year=${year}`, { token: admin })).json
    expect(json).toEqual(direct)
    expect(json.dataValues.find((v: { orgUnit: string }) => v.orgUnit === 'ImspTQPwCqd')).toMatchObject({ dataElement: 'FRbgzTZ74Hh', period: String(year) })

    // a recount of the figures from the registry: its progress, then what it did, in words; the figures agree
    const stockOf = async () => (await call('GET', '/api/v1/indicators?indicator=stock', { token: admin })).json.rows.find((r: { level: number; occupation: string; category: string }) => r.level === 0 && r.occupation === '*' && r.category === '*').value
    const before = await stockOf()
    await page.getByRole('button', { name: 'Recount the figures' }).click()
    const recounted = page.getByRole('status').filter({ hasText: /health workers recounted/ })
    await recounted.waitFor({ timeout: 60_000 })
    const workers = (await call('GET', '/api/v1/jobs?limit=20', { token: admin })).json.items.find((j: { kind: string }) => j.kind === 'aggregates.rebuild').result.workers
    expect(await recounted.textContent()).toContain(`${workers.toLocaleString('en')} health workers recounted`)
    expect(await stockOf()).toBe(before)
    expect(await fitsWidth(page)).toBe(true)
    await shot(page, 'indicators-sharing-phone')
    await context.close()
  }, 120_000)

  it('changes what is shared: a new grant is stamped with when and by whom, and the donor sees it', async () => {
    const { context, page } = await newPage(browser)
    // the reader chose English: Senegal's console otherwise opens in French, its first language
    await context.addInitScript(`localStorage.getItem('cadre.lang') || localStorage.setItem('cadre.lang', 'en')`)
    await login(page, world.app.url, 'admin@sen.cadre.local')
    await page.getByRole('link', { name: 'Sharing and periods' }).click()
    const grants = page.getByRole('table', { name: 'What you share, and with whom' })
    await grants.locator('tbody tr').first().waitFor()
    const before = await grants.locator('tbody tr').count()
    await page.getByLabel('Indicator', { exact: true }).selectOption('female-share')
    await page.getByLabel('Breakdown').selectOption('national')
    await page.getByLabel('Shared with').selectOption('donors')
    await page.getByRole('button', { name: 'Add to the list' }).click()
    await grants.getByText('not saved yet').waitFor()
    await page.getByRole('button', { name: 'Save the sharing policy' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    expect(await grants.locator('tbody tr').count()).toBe(before + 1)
    await grants.getByRole('row', { name: /Female health workers/ }).getByText(/admin@sen\.cadre\.local/).waitFor()
    const donor = (await call('GET', '/api/v1/summaries', { token: await token('donor@cadre.local') })).json
    expect(donor.countries.find((c: { tenantId: string }) => c.tenantId === 'SEN').shared.some((g: { indicator: string }) => g.indicator === 'female-share')).toBe(true)
    await shot(page, 'indicators-sharing')
    // the change is in the country's recent changes, in words
    await page.getByRole('link', { name: 'Home' }).click()
    await page.getByText('Sharing policy changed').first().waitFor()
    await context.close()
  }, 120_000)
})

describe('every indicator page', () => {
  const pages: [string, string, (p: Page) => Promise<unknown>][] = [
    ['donor@cadre.local', '/', (p) => p.locator('table.figures').waitFor()],
    ['partner@cadre.local', '/shared', (p) => p.locator('table.figures').waitFor()],
    ['admin@ken.cadre.local', '/indicators', (p) => p.locator('figure#density canvas').waitFor()],
    ['admin@ken.cadre.local', '/', (p) => p.locator('figure#by-unit canvas').waitFor()],
    ['admin@ken.cadre.local', '/sharing', (p) => p.getByRole('table', { name: /./ }).first().waitFor()],
  ]
  it('fits a phone in English, French and Portuguese, without an error in the page; axe finds nothing serious', async () => {
    for (const width of [1280, 390]) {
      for (const [email, path, ready] of pages) {
        const { context, page } = await newPage(browser, { width })
        const errors: string[] = []
        page.on('pageerror', (e) => errors.push(e.message))
        await login(page, world.app.url, email)
        for (const lang of ['en', 'fr', 'pt']) {
          await page.evaluate(`localStorage.setItem('cadre.lang', '${lang}')`)
          await page.goto(`${world.app.url}${path}`)
          await ready(page)
          expect(await page.locator('html').getAttribute('lang')).toBe(lang)
          if (lang === 'en') await expectAccessible(page, `${path} as ${email} at ${width}`)
          expect(await fitsWidth(page), `${path} as ${email} at ${width} px (${lang})`).toBe(true)
          await shot(page, `pages/indicators${path.replace(/\//g, '-')}-${email.split('@')[0]}.${lang}.${width}`)
        }
        expect(errors, 'uncaught errors in the page').toEqual([])
        await context.close()
      }
    }
  }, 300_000)
})

describe('the first download', () => {
  it('stays within 100 KB gzip and carries no chart code: Chart.js comes with the indicator pages only', () => {
    const html = readFileSync(join(world.app.dist, 'index.html'), 'utf8')
    const entry = /<script type="module"[^>]*src="\/(assets\/[^"]+\.js)"/.exec(html)![1]!
    const code = readFileSync(join(world.app.dist, entry))
    const gzip = gzipSync(code, { level: 9 }).length
    console.log(`entry chunk ${entry}: ${code.length} bytes, ${gzip} bytes gzip`)
    expect(gzip).toBeLessThanOrEqual(100 * 1024)
    // one of Chart.js's own messages: in its chunk, nowhere in the entry, and that chunk is not preloaded
    const signature = 'Canvas is already in use'
    expect(code.toString('utf8')).not.toContain(signature)
    const chart = readdirSync(join(world.app.dist, 'assets')).filter((f) => f.endsWith('.js') && readFileSync(join(world.app.dist, 'assets', f), 'utf8').includes(signature))
    expect(chart.length).toBeGreaterThan(0)
    expect(html).not.toContain(chart[0])
  })
})
