import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, login, newPage, PASSWORD } from '../support/console-page'

/**
 * A ministry admin, in Portuguese, imports a cadre list (an occupation named by its Portuguese title) and a
 * list of leavers (a registered worker found by national id): each report in words, each commit done.
 */
let world: Awaited<ReturnType<typeof consoleWorld>>
let page: Page
let token: string
const dir = mkdtempSync(join(tmpdir(), 'cadre-e2e-kinds-'))

beforeAll(async () => {
  world = await consoleWorld(12)
  token = (await call('POST', '/api/v1/auth/login', { body: { email: 'admin@ken.cadre.local', password: PASSWORD } })).json.accessToken
  ;({ page } = await newPage(world.browser, { lang: 'pt-PT' }))
  await login(page, world.app.url, 'admin@ken.cadre.local')
  await page.getByLabel('Language').selectOption('pt')
}, 300_000)

afterAll(async () => world?.stop())

async function importFile(kind: string, name: string, text: string) {
  const file = join(dir, name)
  writeFileSync(file, text)
  await page.goto(`${world.app.url}/imports`)
  await page.getByRole('heading', { name: 'Importar' }).waitFor()
  await page.getByLabel('Conteúdo do ficheiro').selectOption(kind)
  await page.getByLabel(/Ficheiro \(CSV/).setInputFiles(file)
  await page.getByRole('button', { name: 'Verificar o ficheiro' }).click()
  await page.getByText(/^Linhas do ficheiro: \d+ — /).waitFor({ timeout: 60_000 })
  return page.getByRole('table', { name: 'O que cada linha faria' })
}

describe('importing cadres and leavers in the console', () => {
  it('a cadre list: the occupation by its Portuguese title, an unknown occupation said why', async () => {
    const table = await importFile('cadres', 'categorias.csv', 'Categoria profissional,Ocupação NHWA (designação CITP-08)\nEnfermeiro de Saúde Materna E2E,Parteiras\nTécnico E2E,Ocupação inventada\n')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2)
    expect(await table.innerText()).toContain('Nenhuma profissão de saúde «Ocupação inventada» na CITP-08')
    await page.getByRole('button', { name: 'Importar o que está pronto (1)' }).click()
    await page.getByText(/Concluído — criadas: 1,/).waitFor({ timeout: 60_000 })
    const cadres = (await call('GET', '/api/v1/cadres', { token })).json.items
    expect(cadres).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Enfermeiro de Saúde Materna E2E', iscoCode: '2222' })]))
  }, 120_000)

  it('a list of leavers: the worker found by national id, the exit recorded', async () => {
    const worker = (await call('GET', '/api/v1/workers?status=active&limit=50', { token })).json.items.find((x: any) => x.nationalId)
    const table = await importFile('exits', 'saidas.csv', `N.º de identificação nacional,Data de saída,Motivo,País de destino\n${worker.nationalId},2025-06-30,Emigração,Portugal\n`)
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1)
    expect(await table.innerText()).toContain(`${worker.givenName} ${worker.familyName}`)
    await page.getByRole('button', { name: 'Importar o que está pronto (1)' }).click()
    await page.getByText(/Concluído — criadas: 1,/).waitFor({ timeout: 60_000 })
    const exits = (await call('GET', `/api/v1/workers/${worker.id}/exits`, { token })).json.items
    expect(exits).toEqual([expect.objectContaining({ reason: 'emigration', destinationCountry: 'PRT', date: '2025-06-30', kind: 'voluntary' })])
  }, 120_000)
})
