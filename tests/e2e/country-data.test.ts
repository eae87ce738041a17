import { readFileSync } from 'node:fs'
import type { Browser, Page, Request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFaultProxy } from '../support/fault-proxy'
import { call } from '../support/http'
import { newJob } from '../../functions/jobs/record'
import { finished, platformJobs } from '../support/jobs'
import { consoleWorld, expectAccessible, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * A country's whole data from the console: the ministry admin exports it from Settings (in French) and
 * downloads the file; Home's work in progress follows a running export to its end without a reload; the
 * platform admin exports a country and downloads an offboarded country's copy from Countries, at phone width
 * in Portuguese and French; the partner's Shared page no longer shows the offboarded country.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let browser: Browser
let proxy: Awaited<ReturnType<typeof startFaultProxy>>
const direct = process.env.CADRE_DYNAMO_ENDPOINT!
// the export counts what it will copy first (COUNT queries, which nothing on these pages makes): slowed on
// demand at the network edge, they hold an export in "running" long enough for Home to be seen following it
const countQuery = (operation: string, body: string) => operation.endsWith('.Query') && body.includes('"Select":"COUNT"')

const token = async (email: string) => (await call('POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } })).json.accessToken as string
const apiFile = async (t: string, jobId: string) => {
  const r = await call('GET', `/api/v1/jobs/${jobId}/download`, { token: t })
  expect(r.status, r.text).toBe(200)
  return r.text
}
const header = (text: string) => JSON.parse(text.slice(0, text.indexOf('\n'))) as { format: string; tenantId: string; jobId: string }

/** Clicks the button and waits for the browser's download: its suggested name and its text. */
async function download(page: Page, name: string | RegExp) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name }).click()])
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') }
}

async function signIn(page: Page, email: string, lang: string) {
  await page.context().addInitScript(`localStorage.setItem('cadre.lang', '${lang}')`)
  await login(page, world.app.url, email)
}

let mwiCopy: string
beforeAll(async () => {
  world = await consoleWorld(12)
  browser = world.browser
  proxy = await startFaultProxy(direct, { faultRate: 0, delayRate: 0, delayMs: 700, only: countQuery })
  process.env.CADRE_DYNAMO_ENDPOINT = proxy.endpoint
  // Malawi leaves the platform: suspended, then offboarded (run by the console's own job loop)
  const platform = await token('admin@cadre.local')
  expect((await call('POST', '/api/v1/tenants/MWI/suspend', { token: platform })).status).toBe(200)
  const started = await call('POST', '/api/v1/tenants/MWI/offboard', { token: platform })
  expect(started.status, started.text).toBe(202)
  const off = await finished(platform, started.json, 120_000)
  expect(off.state).toBe('done')
  mwiCopy = off.id
}, 300_000)

afterAll(async () => {
  process.env.CADRE_DYNAMO_ENDPOINT = direct
  await world?.stop()
  await proxy?.stop()
})

describe('the ministry admin', () => {
  it('exports the whole country from Settings, in French, and downloads the file the API holds', async () => {
    const admin = await token('admin@ken.cadre.local')
    const { context, page } = await newPage(browser, { lang: 'fr-FR' })
    await signIn(page, 'admin@ken.cadre.local', 'fr')
    await page.goto(`${world.app.url}/settings`)
    const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Exporter toutes les données du pays' }) })
    await card.getByText('JSON Lines').waitFor()
    await card.getByText('Seuls les administrateurs du ministère du pays').waitFor()
    await card.getByRole('button', { name: 'Lancer l’export' }).click()
    await card.locator('.job[data-state="done"]').waitFor({ timeout: 60_000 })
    await card.getByText(/\d+ enregistrements, .+, produit le /).waitFor()
    const file = await download(page, 'Télécharger le fichier')
    expect(file.name).toMatch(/^KEN-\d{4}-\d{2}-\d{2}\.jsonl$/)
    const h = header(file.text)
    expect(h).toMatchObject({ format: 'cadre.tenant-export.v2', tenantId: 'KEN' })
    // as the card says: the download is in the country's audit log
    const log = (await call('GET', '/api/v1/audit?limit=50', { token: admin })).json.items as { action: string; after?: { jobId?: string } }[]
    expect(log.some((e) => e.action === 'tenant.export_download' && e.after?.jobId === h.jobId)).toBe(true)
    // the same file the API gives for that job, every line of it
    expect(file.text).toBe(await apiFile(admin, h.jobId))
    await shot(page, 'settings-export.fr.1280')

    // a reload finds the latest export and its file again; a new one can be started
    await page.reload()
    await card.getByRole('heading', { name: 'Dernier export' }).waitFor()
    await card.getByRole('button', { name: 'Télécharger le fichier' }).waitFor()
    expect(await card.getByRole('button', { name: 'Faire un nouvel export' }).isEnabled()).toBe(true)
    await expectAccessible(page, 'settings with its export')
    await context.close()
  }, 180_000)

  it('Home follows a running export to its end without a reload, says how it ended, then stops asking', async () => {
    const admin = await token('admin@ken.cadre.local')
    const { context, page } = await newPage(browser)
    await signIn(page, 'admin@ken.cadre.local', 'en')
    const asked: string[] = []
    page.on('request', (r: Request) => r.url().includes('/api/v1/jobs?') && asked.push(r.url()))
    const tile = page.locator('.jobs-tile')
    let jobId = ''
    proxy.set({ delayRate: 1 })
    try {
      const started = await call('POST', '/api/v1/tenants/KEN/export', { token: admin })
      expect(started.status).toBe(202)
      jobId = started.json.id
      await page.goto(world.app.url)
      await tile.locator(`li[data-job="${jobId}"]:is([data-state="running"], [data-state="queued"])`).filter({ hasText: 'Country export' }).waitFor({ timeout: 30_000 })
    } finally {
      proxy.set({ delayRate: 0 })
    }
    const job = tile.locator(`li[data-job="${jobId}"]`)
    await expect.poll(() => job.getAttribute('data-state'), { timeout: 60_000 }).toBe('done')
    expect(await job.innerText()).toMatch(/^Country export — finished on /)
    await shot(page, 'home-jobs.en.1280')
    expect(await tile.locator('li[data-state="running"], li[data-state="queued"]').count()).toBe(0)
    expect(asked.length).toBeGreaterThan(1)
    // nothing runs any more: no further reads (two poll periods and more)
    const after = asked.length
    await page.waitForTimeout(7_000)
    expect(asked.length).toBe(after)
    await context.close()
  }, 180_000)
})

describe('the platform admin', () => {
  for (const lang of ['pt', 'fr'] as const) {
    it(`Countries at phone width (${lang}): every row’s actions on screen, a country exported, the offboarded country’s copy downloaded`, async () => {
      const platform = await token('admin@cadre.local')
      const words = {
        pt: { export: /^Exportar: Kenya/, copy: 'A sua cópia: Malawi — Ministry of Health', start: 'Iniciar a exportação', again: 'Fazer uma nova exportação', file: 'Descarregar o ficheiro', kept: 'não expira por si', close: 'Fechar' },
        fr: { export: /^Exporter: Kenya/, copy: 'Sa copie: Malawi — Ministry of Health', start: 'Lancer l’export', again: 'Faire un nouvel export', file: 'Télécharger le fichier', kept: 'il n’expire pas de lui-même', close: 'Fermer' },
      }[lang]
      const { context, page } = await newPage(browser, { width: 390 })
      await signIn(page, 'admin@cadre.local', lang)
      await page.goto(`${world.app.url}/countries`)
      const exportKenya = page.getByRole('button', { name: words.export })
      await exportKenya.waitFor()
      expect(await fitsWidth(page)).toBe(true)
      // the last column is on the phone's screen, not beyond a sideways scroll
      for (const button of [exportKenya, page.getByRole('button', { name: words.copy })]) {
        const box = (await button.boundingBox())!
        expect(box.x + box.width, await button.innerText()).toBeLessThanOrEqual(390)
      }
      await shot(page, `countries-stacked.${lang}.390`)
      if (lang === 'pt') await expectAccessible(page, 'countries at phone width')

      // the offboarded country's copy: what it is, how long it is kept, the file the API holds
      await page.getByRole('button', { name: words.copy }).click()
      const copy = page.getByRole('dialog')
      await copy.getByText(words.kept).waitFor()
      const held = await download(page, words.file)
      expect(header(held.text)).toMatchObject({ tenantId: 'MWI', jobId: mwiCopy })
      expect(held.text).toBe(await apiFile(platform, mwiCopy))
      expect(await fitsWidth(page)).toBe(true)
      await shot(page, `countries-copy.${lang}.390`)
      await copy.getByRole('button', { name: words.close }).click()

      // a country's export, started from its row; the second time, the first one is found behind more of the
      // platform's jobs than a page of them reads (finished backfills of another country)
      if (lang === 'fr') await platformJobs(1_050, () => newJob('workers.status_index', 'SEN', 'SEN', {}), 'done')
      await exportKenya.click()
      const dialog = page.getByRole('dialog')
      await dialog.getByText('JSON Lines').waitFor()
      await dialog.getByRole('button', { name: lang === 'pt' ? words.start : words.again }).click()
      await dialog.locator('.job[data-state="done"]').waitFor({ timeout: 60_000 })
      const file = await download(page, words.file)
      expect(header(file.text)).toMatchObject({ tenantId: 'KEN' })
      expect(file.text).toBe(await apiFile(platform, header(file.text).jobId))
      await shot(page, `countries-export.${lang}.390`)
      await context.close()
    }, 180_000)
  }

  it('a partner sees the offboarded country nowhere on Countries’ actions nor on its Shared page', async () => {
    const { context, page } = await newPage(browser, { width: 390 })
    await signIn(page, 'partner@cadre.local', 'en')
    await page.goto(`${world.app.url}/countries`)
    await page.getByRole('cell', { name: /Malawi — Ministry of Health/ }).first().waitFor()
    // the copy holds every person's record: a partner is offered neither it nor an export
    expect(await page.getByRole('button', { name: /^Its copy/ }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /^Export:/ }).count()).toBe(0)
    await page.goto(`${world.app.url}/shared`)
    const countries = page.locator('table.cross-country').first()
    await countries.getByRole('columnheader', { name: 'Kenya — Ministry of Health' }).waitFor()
    await countries.getByRole('columnheader', { name: 'Sénégal — Ministère de la Santé' }).waitFor()
    expect(await countries.getByRole('columnheader').allInnerTexts()).not.toContain('Malawi — Ministry of Health')
    expect(await fitsWidth(page)).toBe(true)
    await context.close()
  }, 120_000)
})
