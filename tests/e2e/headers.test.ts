import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiPolicy, consolePolicy, cspHeader, docsPolicy } from '../../functions/api/security-headers'
import { launchChromium, startConsole } from '../support/browser'

process.env.CADRE_DEMO_WORKERS = '6'

let app: Awaited<ReturnType<typeof startConsole>>
let browser: Browser
let page: Page
/** what the browser reported: `securitypolicyviolation` events in the page and CSP errors on its console */
const violations: string[] = []

beforeAll(async () => {
  const { seedDemo } = await import('../../functions/local/seed')
  await seedDemo()
  app = await startConsole()
  browser = await launchChromium()
  const context = await browser.newContext()
  // runs before the console's own scripts, and is not subject to the page's policy (a string: the test code
  // is type-checked without the DOM library)
  await context.addInitScript(`window.__csp = []
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))`)
  page = await context.newPage()
  page.setDefaultTimeout(15_000)
  page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()))
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const reported = async () => [...violations, ...((await page.evaluate<string[] | undefined>('window.__csp')) ?? [])]

const common = (h: Headers) => ({
  nosniff: h.get('x-content-type-options'),
  referrer: h.get('referrer-policy'),
  frame: h.get('x-frame-options'),
  hsts: h.get('strict-transport-security'),
})
const expectedCommon = { nosniff: 'nosniff', referrer: 'no-referrer', frame: 'DENY', hsts: expect.stringMatching(/^max-age=\d{8,}; includeSubDomains$/) }

describe('security headers', () => {
  it('the built console has no inline script, no inline handler, no inline style', () => {
    const html = readFileSync(join(app.dist, 'index.html'), 'utf8')
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
    expect(scripts.length).toBeGreaterThan(0)
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc=/)
      expect(body!.trim()).toBe('')
    }
    expect(html).not.toMatch(/\son[a-z]+=|<style|\sstyle=|javascript:/i)
    // nor does any built script evaluate strings (the policy has no 'unsafe-eval'), nor carry markup with a
    // style attribute (a static `style={{…}}` compiles into the page's template, and the policy blocks it)
    for (const f of readdirSync(join(app.dist, 'assets')).filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(join(app.dist, 'assets', f), 'utf8')
      expect(js, f).not.toMatch(/\beval\(|\bnew Function\b/)
      expect(js, f).not.toMatch(/<[a-z][^<>]*\sstyle=/i)
    }
  })

  it('the console, its files, the API and its reference each carry their policy and the common headers', async () => {
    const shell = await fetch(`${app.url}/workers`)
    expect(shell.headers.get('content-security-policy')).toBe(cspHeader(consolePolicy))
    expect(common(shell.headers)).toEqual(expectedCommon)
    const csp = shell.headers.get('content-security-policy')!
    expect(csp).toMatch(/(^|; )script-src 'self'(;|$)/)
    expect(csp).toMatch(/frame-ancestors 'none'/)
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)

    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await shell.text())![1]
    const asset = await fetch(`${app.url}${script}`)
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-security-policy')).toBe(cspHeader(consolePolicy))
    expect(common(asset.headers)).toEqual(expectedCommon)

    for (const path of ['/api/v1/workers', '/api/openapi.json', '/api/v1/no-such-route']) {
      const res = await fetch(`${app.url}${path}`)
      expect(res.headers.get('content-security-policy'), path).toBe(cspHeader(apiPolicy))
      expect(common(res.headers), path).toEqual(expectedCommon)
    }
    const docs = await fetch(`${app.url}/api/docs`)
    expect(docs.headers.get('content-security-policy')).toBe(cspHeader(docsPolicy))
    expect(await docs.text()).not.toMatch(/<script/i)
  })

  it('the console works under its policy in Chromium: signed in, through its pages, with no violation', async () => {
    await page.goto(app.url)
    await page.getByLabel('Email').fill('registrar@ken.cadre.local')
    await page.getByLabel('Password').fill('cadre-demo-2026')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: /Welcome/ }).waitFor()
    await page.getByRole('link', { name: 'Health workers' }).click()
    await page.getByRole('table', { name: 'Health workers' }).locator('tbody tr').first().click()
    await page.getByRole('button', { name: 'Edit' }).waitFor()
    // a form validated in the browser by the API's zod schemas
    await page.goto(`${app.url}/workers/new`)
    await page.getByLabel('Given name').fill('Amani')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('#w-familyName[aria-invalid="true"]').count()).toBe(1)
    // the tree sets each level's indent as a style property
    await page.getByRole('link', { name: 'Org units & facilities' }).click()
    await page.getByRole('tree').getByRole('button', { name: 'Expand' }).first().click()
    await page.goto(`${app.url}/api/docs`)
    await page.getByRole('heading', { name: 'Cadre API reference' }).waitFor()
    await page.goto(`${app.url}/workers`)
    await page.getByRole('table', { name: 'Health workers' }).locator('tbody tr').first().waitFor()
    expect(await reported()).toEqual([])
  })

  it('and the policy is really enforced: an injected inline script is blocked and reported', async () => {
    await page.addScriptTag({ content: 'window.__injected = true' }).catch(() => undefined)
    expect(await page.evaluate('window.__injected')).toBeUndefined()
    await expect.poll(async () => (await reported()).some((v) => v.startsWith('script-src'))).toBe(true)
  })
})
