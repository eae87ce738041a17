import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { launchChromium, startConsole } from '../tests/support/browser'
import { chromiumOrStop } from '../tests/support/chromium'
import { summarize } from './stats'

// found or installed when the bench starts (it imports this module first), not after an hour of load
chromiumOrStop()

/** Sizes of what the browser downloads first, gzip, from the same production build the server serves. */
export function bundleSizes(dist: string) {
  const assets = join(dist, 'assets')
  const sum = (ext: string) => readdirSync(assets).filter((f) => f.endsWith(ext)).reduce((s, f) => s + gzipSync(readFileSync(join(assets, f))).length, 0)
  return { jsGzip: sum('.js'), cssGzip: sum('.css') }
}

/** From navigation to the first row of the registry table, signed in, in headless Chromium. */
export async function firstRegistryPage(email: string, password: string, runs = 5) {
  const app = await startConsole()
  const browser = await launchChromium()
  try {
    const samples: number[] = []
    for (let i = 0; i < runs + 1; i++) {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(app.url)
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: /Welcome/ }).waitFor()
      const start = performance.now()
      await page.goto(`${app.url}/workers`)
      await page.getByRole('table', { name: 'Health workers' }).locator('tbody tr').first().waitFor()
      if (i > 0) samples.push(performance.now() - start)
      await context.close()
    }
    return { ...summarize(samples), dist: app.dist }
  } finally {
    await browser.close()
    await app.stop()
  }
}
