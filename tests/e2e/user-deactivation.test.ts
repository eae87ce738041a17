import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call } from '../support/http'
import { consoleWorld, expectAccessible, fitsWidth, login, newPage, PASSWORD, shot } from '../support/console-page'

/**
 * A ministry admin deactivates a person on a phone, with the keyboard, after a dialog naming them; the
 * person can no longer sign in (told what a wrong password is told), the list and the audit log say what
 * happened in words, and reactivating gives the same access back.
 */
const VIEWER = 'viewer@ken.cadre.local'
const ADMIN = 'admin@ken.cadre.local'

let world: Awaited<ReturnType<typeof consoleWorld>>
let admin: Page
let viewerName = ''

beforeAll(async () => {
  world = await consoleWorld(4)
  const token = (await call('POST', '/api/v1/auth/login', { body: { email: ADMIN, password: PASSWORD } })).json.accessToken
  const users = await call('GET', '/api/v1/users?limit=200', { token })
  viewerName = users.json.items.find((m: { email: string }) => m.email === VIEWER).name
  ;({ page: admin } = await newPage(world.browser, { width: 390 }))
  await login(admin, world.app.url, ADMIN)
}, 300_000)

afterAll(async () => world?.stop())

/** the page, through the header's menu as a person opens it */
const open = (name: string) => admin.getByRole('navigation').getByRole('link', { name, exact: true }).first().click()
const row = () => admin.getByRole('table', { name: 'Users' }).locator('tbody tr').filter({ hasText: VIEWER })

/** A sign-in through the form in a fresh browser, as the person would try it: the message it ends with. */
async function signInAs(email: string, password: string, lang?: string) {
  const { context, page } = await newPage(world.browser, { lang })
  try {
    await page.goto(world.app.url)
    await page.locator('#f-email').fill(email)
    await page.locator('#f-password').fill(password)
    await page.locator('form button[type="submit"]').click()
    const outcome = page.getByRole('alert').or(page.locator('main h1').filter({ hasText: /,/ }))
    await outcome.first().waitFor()
    return (await outcome.first().innerText()).trim()
  } finally {
    await context.close()
  }
}

describe('deactivating a person', () => {
  it('asks first, naming the person, and is done with the keyboard at phone width', async () => {
    await open('Users')
    await row().waitFor()
    await expect.poll(() => row().innerText()).toContain('Active')
    await row().getByRole('button', { name: `Deactivate: ${VIEWER}` }).focus()
    await admin.keyboard.press('Enter')
    const dialog = admin.getByRole('dialog', { name: `Deactivate ${viewerName}?` })
    await dialog.waitFor()
    expect(await dialog.innerText()).toContain(VIEWER)
    await expectAccessible(admin, 'deactivation dialog')
    // Escape leaves everything as it was
    await admin.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await row().innerText()).toContain('Active')
    await row().getByRole('button', { name: `Deactivate: ${VIEWER}` }).focus()
    await admin.keyboard.press('Enter')
    await dialog.getByRole('button', { name: 'Deactivate' }).focus()
    await admin.keyboard.press('Enter')
    await admin.getByRole('status').filter({ hasText: `${viewerName} is deactivated.` }).waitFor()
    await expect.poll(() => row().innerText()).toContain('Deactivated')
    expect(await row().innerText()).toContain(`by ${ADMIN}`)
    expect(await fitsWidth(admin), 'the users page fits a phone').toBe(true)
    await expectAccessible(admin, 'users with a deactivated person')
    await shot(admin, 'users-deactivated-phone')
  })

  it('keeps the person out with the answer a wrong password gets', async () => {
    const wrong = await signInAs(VIEWER, 'not-the-password-at-all')
    const right = await signInAs(VIEWER, PASSWORD)
    expect(wrong).toMatch(/Wrong email or password/)
    expect(right).toBe(wrong)
  })

  it('says what a wrong password is in the reader’s language, not the server’s English', async () => {
    // another account: the viewer's failed sign-ins above count towards its throttle
    expect(await signInAs('registrar@ken.cadre.local', 'not-the-password-at-all', 'fr-FR')).toBe('Courriel ou mot de passe incorrect.')
    expect(await signInAs('registrar@ken.cadre.local', 'not-the-password-at-all', 'pt-PT')).toBe('E-mail ou palavra-passe errados.')
  })

  it('shows in the audit log in words, in French too', async () => {
    await open('Audit log')
    const log = admin.getByRole('table', { name: 'Audit log' })
    await expect.poll(() => log.innerText()).toContain('User deactivated')
    await admin.evaluate(`localStorage.setItem('cadre.lang', 'fr')`)
    await admin.reload()
    await expect.poll(() => admin.getByRole('table', { name: 'Journal d’audit' }).innerText()).toContain('Utilisateur désactivé')
    await admin.evaluate(`localStorage.setItem('cadre.lang', 'en')`)
    await admin.reload()
  })

  it('reactivates with the same role, after a dialog saying so, and the person signs in again', async () => {
    await open('Users')
    await expect.poll(() => row().innerText()).toContain('Deactivated')
    await row().getByRole('button', { name: `Reactivate: ${VIEWER}` }).click()
    const dialog = admin.getByRole('dialog', { name: `Reactivate ${viewerName}?` })
    expect(await dialog.innerText()).toContain('as viewer')
    await dialog.getByRole('button', { name: 'Reactivate' }).click()
    await admin.getByRole('status').filter({ hasText: `${viewerName} is active again.` }).waitFor()
    await expect.poll(() => row().innerText()).not.toContain('Deactivated')
    expect(await row().getByRole('combobox').inputValue()).toBe('viewer')
    expect(await signInAs(VIEWER, PASSWORD)).toMatch(/,/)
  })

  it('offers no deactivation of oneself', async () => {
    const own = admin.getByRole('table', { name: 'Users' }).locator('tbody tr').filter({ hasText: ADMIN })
    await own.waitFor()
    expect(await own.getByRole('button', { name: /Deactivate/ }).count()).toBe(0)
  })
})
