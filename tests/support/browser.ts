import { build } from 'vite'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { freePort } from '../../functions/local/dynamo-local'
import { serveLocal } from '../../functions/local/server'
import { ensureChromium } from './chromium'

const root = resolve(import.meta.dirname, '../..')
export const screenshotDir = join(root, 'tests/screenshots')

/** The real console, built into a temporary folder and served with the API on a free port. */
export async function startConsole() {
  const outDir = mkdtempSync(join(tmpdir(), 'cadre-web-'))
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } })
  const port = await freePort()
  const server = serveLocal(port, outDir)
  return { url: `http://127.0.0.1:${port}`, dist: outDir, stop: () => new Promise<void>((r) => server.close(() => r())) }
}

/** Chromium (found or provisioned by ./chromium.ts), headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
