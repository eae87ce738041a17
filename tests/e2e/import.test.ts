import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * A ministry admin imports a worker list on a phone, in French: a `;` file saved by French Excel
 * (Windows-1252), one good row and rows the registry cannot take; the report says why in French; the
 * commit runs with its progress and says what it did; the new worker is in the registry.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let page: Page
let file: string

beforeAll(async () => {
  world = await consoleWorld(12)
  const token = (await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: PASSWORD } })).json.accessToken
  const cadre = (await call('GET', '/api/v1/cadres', { token })).json.items[0].name as string
  const facility = (await call('GET', '/api/v1/facilities?limit=50', { token })).json.items[0].name as string
  const lines = [
    "N° CNI;Prénom;Nom de famille;Sexe;Date de naissance;Cadre;Formation sanitaire;Début d'affectation",
    `E2E-IMP-1;Aimée;Ndiaye-Import;F;14/02/1991;${cadre};${facility};01/03/2025`,
    `E2E-IMP-2;Joël;Sans-Cadre;M;02/05/1988;Cadre inventé;${facility};`,
    `E2E-IMP-3;Noël;Date-Fausse;M;31/02/1988;${cadre};${facility};`,
  ]
  const dir = mkdtempSync(join(tmpdir(), 'cadre-e2e-import-'))
  file = join(dir, 'agents.csv')
  writeFileSync(file, Buffer.from(lines.join('\r\n'), 'latin1'))
  ;({ page } = await newPage(world.browser, { width: 390, lang: 'fr-FR' }))
  await login(page, world.app.url, 'admin@ken.cadre.local')
  await page.getByLabel('Language').selectOption('fr')
}, 300_000)

afterAll(async () => world?.stop())

describe('importing a worker list in the console', () => {
  it('checks the file and says, in French, what each row would do', async () => {
    await page.goto(`${world.app.url}/imports`)
    await page.getByRole('heading', { name: 'Importer' }).waitFor()
    await page.getByLabel('Contenu du fichier').selectOption('workers')
    await page.getByLabel(/Fichier \(CSV/).setInputFiles(file)
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByText(/^Lignes du fichier : 3 — nouvelles : 1,/).waitFor({ timeout: 60_000 })
    const table = page.getByRole('table', { name: 'Ce que ferait chaque ligne' })
    await expect.poll(() => table.locator('tbody tr').count()).toBe(3)
    const text = await table.innerText()
    expect(text).toContain('Aimée Ndiaye-Import')
    expect(text).toContain('Aucun cadre « Cadre inventé » dans ce pays')
    expect(text).toContain('Ce n’est pas une date : écrivez 2024-03-31 ou 31/03/2024')
    await shot(page, 'import-01-report-fr-phone')
    expect(await fitsWidth(page)).toBe(true)

    // filtered by status: the errors alone
    await page.getByLabel('Afficher').selectOption('error')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1)
    await page.getByLabel('Afficher').selectOption('')
  }, 120_000)

  it('commits the valid row with its progress and says what it did', async () => {
    await page.getByRole('button', { name: 'Importer ce qui est prêt (1)' }).click()
    await page.getByText(/Terminé — créées : 1,/).waitFor({ timeout: 60_000 })
    await shot(page, 'import-02-done-fr-phone')
    expect(await fitsWidth(page)).toBe(true)
    const token = (await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: PASSWORD } })).json.accessToken
    const found = (await call('GET', '/api/v1/workers?q=E2E-IMP-1', { token })).json.items
    expect(found).toEqual([expect.objectContaining({ givenName: 'Aimée', familyName: 'Ndiaye-Import', birthDate: '1991-02-14' })])
  }, 120_000)

  it('says in French why a file cannot be read, and lets the user start again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-e2e-import-bad-'))
    const json = join(dir, 'unites.json')
    writeFileSync(json, JSON.stringify({ organisationUnits: [{ id: 'Abcdefghij1', name: 'Nairobi', level: 2 }] }))
    const empty = join(dir, 'vide.csv')
    writeFileSync(empty, '')
    await page.goto(`${world.app.url}/imports`)
    await page.getByLabel('Contenu du fichier').selectOption('workers')
    // a DHIS2 export offered as health workers: the check stops, and says so in the reader's words, not the server's
    await page.getByLabel(/Fichier \(CSV/).setInputFiles(json)
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByRole('alert').filter({ hasText: 'Un fichier JSON (un export DHIS2) ne peut apporter que des unités et des structures' }).waitFor({ timeout: 60_000 })
    await shot(page, 'import-03-refused-fr-phone')
    expect(await fitsWidth(page)).toBe(true)
    await page.getByRole('button', { name: 'Importer un autre fichier' }).click()
    // an empty file is named as such, not as information missing
    await page.getByLabel('Contenu du fichier').selectOption('workers')
    await page.getByLabel(/Fichier \(CSV/).setInputFiles(empty)
    await page.getByRole('button', { name: 'Vérifier le fichier' }).click()
    await page.getByRole('alert').filter({ hasText: 'Le fichier est vide.' }).waitFor()
  }, 120_000)
})
