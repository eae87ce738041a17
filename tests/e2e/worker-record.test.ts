import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, login, newPage, PASSWORD, shot } from '../support/console-page'

/** A registrar's work on one record: register at a facility, licences, deployments, exit, merge, in plain words. */
let world: Awaited<ReturnType<typeof consoleWorld>>
let page: Page
let token: string

beforeAll(async () => {
  world = await consoleWorld(12)
  ;({ page } = await newPage(world.browser))
  page.on('dialog', (d) => {
    throw new Error(`a browser dialog opened: ${d.message()}`)
  })
  token = (await call('POST', '/api/v1/auth/login', { body: { email: 'registrar@ken.cadre.local', password: PASSWORD } })).json.accessToken
  await login(page, world.app.url, 'registrar@ken.cadre.local')
}, 300_000)

afterAll(async () => world?.stop())

const dialog = () => page.getByRole('dialog')
const card = (title: string) => page.locator('section.card').filter({ has: page.getByRole('heading', { name: title, exact: true }) })
const facilityOption = async () => {
  const tree = (await call('GET', '/api/v1/org-units/tree', { token })).json.items as { id: string; kind: string; name: string; parentId: string }[]
  const facility = tree.find((n) => n.kind === 'facility')!
  return { facility, unit: tree.find((n) => n.id === facility.parentId)! }
}

describe('registering', () => {
  it('marks the required fields and explains errors in plain words, in French too', async () => {
    await page.getByRole('link', { name: 'Health workers' }).click()
    await page.getByRole('button', { name: 'Register a health worker' }).click()
    await page.getByText('Fields marked * are required.').waitFor()
    // the star comes from the API's schema: given name required, other names not
    expect(await page.locator('label[for="w-givenName"] .req').count()).toBe(1)
    expect(await page.locator('label[for="w-otherNames"] .req').count()).toBe(0)
    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('#w-familyName-err').waitFor()
    expect(await page.locator('#w-familyName-err').innerText()).toBe('Required')
    expect(await page.locator('#w-sex-err').innerText()).toBe('Required')
    const all = await page.locator('.field-error').allInnerTexts()
    expect(all.join(' ')).not.toMatch(/Invalid input|expected|received|undefined/)
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => page.locator('#w-familyName-err').innerText()).toBe('Obligatoire')
    await page.getByLabel('Téléphone').fill('not a phone')
    await page.getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => page.locator('#w-phone-err').innerText()).toMatch(/numéro de téléphone/)
    await shot(page, 'form-errors-fr')
    await page.getByLabel('Langue').selectOption('pt')
    await page.getByRole('button', { name: 'Guardar' }).click()
    await expect.poll(() => page.locator('#w-familyName-err').innerText()).toBe('Obrigatório')
    await page.getByLabel('Idioma').selectOption('en')
    await page.getByLabel('Phone').fill('')
  })

  it('names countries in the reader’s language and registers at a facility, which deploys the worker there', async () => {
    const { facility, unit } = await facilityOption()
    await page.getByLabel('Given name').fill('Wanjiru')
    await page.getByLabel('Family name').fill('Registerson')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Date of birth').fill('1992-06-15')
    await page.getByLabel('Cadre').selectOption({ label: 'Registered Nurse' })
    await page.getByLabel('Nationality').selectOption({ label: 'Kenya' })
    await page.getByLabel('Country of training').selectOption({ label: 'United Kingdom' })
    await page.getByLabel('Facility or unit').selectOption(facility.id)
    await page.getByLabel('Position').fill('Nursing officer')
    await page.getByLabel('Working there since').fill('2026-01-05')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('heading', { level: 1, name: /Wanjiru Registerson/ }).waitFor()
    const where = page.locator('.where')
    await expect.poll(() => where.innerText()).toContain(facility.name)
    expect(await where.innerText()).toContain(unit.name)
    expect(await where.innerText()).toMatch(/Nursing officer · since Jan 5, 2026/)
    expect(await page.locator('.facts').innerText()).toMatch(/United Kingdom \(trained abroad\)/)
    await shot(page, 'profile-registered-at-facility')
  })
})

describe('the record’s actions, as dialogs', () => {
  it('adds a licence choosing the council from the country’s list, and renews it with a date picker', async () => {
    await page.getByRole('button', { name: '+ Add a licence' }).click()
    await dialog().getByLabel('Council').selectOption('Nursing Council of Kenya')
    await dialog().getByLabel('Number', { exact: false }).fill('NCK-DLG-1')
    await dialog().getByLabel('Issued').fill('2020-01-01')
    await dialog().getByLabel('Expires').fill('2021-01-01')
    await dialog().getByRole('button', { name: 'Add', exact: true }).click()
    await card('Licences').getByRole('cell', { name: 'NCK-DLG-1', exact: true }).waitFor()
    await card('Licences').getByRole('row', { name: /NCK-DLG-1/ }).getByText('expired').waitFor()
    await page.getByRole('button', { name: 'Renew NCK-DLG-1' }).click()
    // a date typed the wrong way round is impossible: the picker gives a date; an earlier one is refused in words
    await dialog().getByLabel('New expiry date').fill('2020-06-01')
    await dialog().getByRole('button', { name: 'Renew' }).click()
    await expect.poll(() => dialog().locator('.error, .field-error').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/later than the current one/)]))
    await dialog().getByLabel('New expiry date').fill('2031-12-31')
    await shot(page, 'dialog-renew')
    await dialog().getByRole('button', { name: 'Renew' }).click()
    await card('Licences').getByRole('cell', { name: 'Dec 31, 2031' }).waitFor()
    // the history says what changed: the expiry date, before and after
    const renewal = page.locator('ol.history li').filter({ hasText: 'Licence renewed' }).first()
    await renewal.waitFor()
    expect(await renewal.innerText()).toMatch(/Expires\s+Jan 1, 2021\s+Dec 31, 2031/)
  })

  it('records a suspension and a reinstatement on the licence', async () => {
    await page.getByRole('button', { name: 'Disciplinary action NCK-DLG-1' }).click()
    await dialog().getByRole('combobox', { name: /^Action/ }).selectOption('suspension')
    await dialog().getByLabel('Note').fill('Pending inquiry')
    await dialog().getByRole('button', { name: 'Record' }).click()
    await card('Licences').getByRole('row', { name: /NCK-DLG-1/ }).getByText('suspended').waitFor()
    expect(await page.getByRole('button', { name: 'Renew NCK-DLG-1' }).count()).toBe(0)
    await page.getByRole('button', { name: 'Disciplinary action NCK-DLG-1' }).click()
    await dialog().getByRole('combobox', { name: /^Action/ }).selectOption('reinstatement')
    await dialog().getByRole('button', { name: 'Record' }).click()
    await card('Licences').getByRole('row', { name: /NCK-DLG-1/ }).getByText('active').waitFor()
  })

  it('transfers, then records an exit that says what it will do and does it', async () => {
    const { facility } = await facilityOption()
    const tree = (await call('GET', '/api/v1/org-units/tree', { token })).json.items as { id: string; kind: string; name: string }[]
    const other = tree.find((n) => n.kind === 'facility' && n.id !== facility.id)!
    await page.getByRole('button', { name: '+ Deploy or transfer' }).click()
    await dialog().getByText(`the deployment at ${facility.name} ends the day this one starts`).waitFor()
    await dialog().getByLabel('Facility').selectOption(other.id)
    await dialog().getByLabel('Start').fill('2026-03-01')
    await dialog().getByRole('button', { name: 'Deploy or transfer' }).click()
    await expect.poll(() => page.locator('.where').innerText()).toContain(other.name)
    await page.getByRole('button', { name: 'Record an exit' }).first().click()
    const effects = dialog().locator('.effects')
    await effects.waitFor()
    expect(await effects.innerText()).toContain(`The deployment at ${other.name} ends on the exit date.`)
    expect(await effects.innerText()).toMatch(/Licences are not changed.*NCK-DLG-1/s)
    await dialog().getByLabel('Kind').selectOption('voluntary')
    await dialog().getByLabel('Reason').selectOption('emigration')
    // emigration asks where to: the destination appears, required
    await dialog().getByLabel('Destination country').selectOption({ label: 'Canada' })
    await shot(page, 'dialog-exit')
    await dialog().getByRole('button', { name: 'Record an exit' }).click()
    await page.locator('h1 .badge').filter({ hasText: 'exited' }).waitFor()
    await expect.poll(() => page.locator('.where').innerText()).toContain('No longer in the workforce.')
    expect(await page.getByRole('button', { name: /^End / }).count()).toBe(0)
    await card('Exits').getByRole('cell', { name: 'Canada' }).waitFor()
  })
})

describe('merging two records of one person', () => {
  it('compares them side by side, keeps what the user chose, and moves the duplicate’s licences', async () => {
    const cadreId = (await call('GET', '/api/v1/cadres', { token })).json.items[0].id
    const body = { sex: 'male', birthDate: '1985-02-03', cadreId, confirmNotDuplicate: true }
    const kept = (await call('POST', '/api/v1/workers', { token, body: { ...body, givenName: 'Otieno', familyName: 'Mergewell', nationalId: 'MRG-1' } })).json
    const dup = (await call('POST', '/api/v1/workers', { token, body: { ...body, givenName: 'Otieno', familyName: 'Mergewel', contacts: { phone: '+254 700 555111' } } })).json
    await call('POST', `/api/v1/workers/${dup.id}/licences`, { token, body: { council: 'Nursing Council of Kenya', number: 'NCK-MRG-9', issuedAt: '2024-01-01', expiresAt: '2030-01-01' } })
    await page.goto(`${world.app.url}/workers/${kept.id}`)
    await page.getByRole('button', { name: 'Merge a duplicate…' }).click()
    await page.getByRole('searchbox', { name: 'Find the duplicate' }).fill('mergewel')
    await page.getByRole('button', { name: 'Search' }).click()
    await page.getByRole('button', { name: /Compare: Mergewel, Otieno/ }).click()
    const compare = page.getByRole('table', { name: /This record \(kept\)/ })
    await compare.waitFor()
    // the kept record has no phone: the duplicate's is chosen by default; the family name is chosen by the user
    expect(await compare.getByRole('row', { name: /Phone/ }).getByRole('radio').nth(1).isChecked()).toBe(true)
    await expect.poll(() => compare.getByRole('row', { name: /Attached records/ }).innerText()).toMatch(/1 licences/)
    await shot(page, 'merge-compare')
    await page.getByRole('button', { name: 'Merge these records' }).click()
    await dialog().getByText(/Merge Otieno Mergewel .* into Otieno Mergewell/).waitFor()
    await dialog().getByRole('button', { name: 'Yes, merge' }).click()
    await page.getByRole('heading', { level: 1, name: /Otieno Mergewell/ }).waitFor()
    await card('Licences').getByRole('cell', { name: 'NCK-MRG-9', exact: true }).waitFor()
    await page.locator('.facts').getByText('+254 700 555111').waitFor()
    const dupAfter = (await call('GET', `/api/v1/workers/${dup.id}`, { token })).json
    expect(dupAfter).toMatchObject({ status: 'merged', mergedInto: kept.id })
  })
})

describe('a unit’s page', () => {
  it('lists its staff by cadre and edits its codes', async () => {
    const { facility, unit } = await facilityOption()
    const unitName = unit.name
    await page.getByRole('link', { name: 'Org units & facilities' }).click()
    // regions open, districts closed: open the facility's district, then its page
    const district = page.getByRole('treeitem').filter({ has: page.getByRole('button', { name: unitName, exact: true }) })
    await district.getByRole('button', { name: 'Expand' }).click()
    await page.getByRole('link', { name: `staff and details: ${facility.name}` }).click()
    await page.getByRole('heading', { level: 1, name: new RegExp(facility.name) }).waitFor()
    await page.getByRole('heading', { name: 'Staff by cadre' }).waitFor()
    await page.getByRole('button', { name: 'Edit' }).click()
    await dialog().getByLabel('Facility list code (MFL)').fill('MFL-E2E-77')
    await dialog().getByLabel('DHIS2 code').fill('not-a-uid')
    await dialog().getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => dialog().locator('.field-error').allInnerTexts()).toEqual(['A DHIS2 code: 11 letters and digits, starting with a letter'])
    await dialog().getByLabel('DHIS2 code').fill('Abc12345678')
    await dialog().getByRole('button', { name: 'Save' }).click()
    await page.locator('.facts').getByText('MFL-E2E-77').waitFor()
    await shot(page, 'unit-page')
  })
})
