import { build } from 'vite'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser } from 'playwright-core'
import { inject } from 'vitest'
import { startJobLoop } from '../../functions/jobs/loop'
import { freePort } from '../../functions/local/dynamo-local'
import { serveLocal } from '../../functions/local/server'
import { ensureChromium } from './chromium'

const root = resolve(import.meta.dirname, '../..')
export const screenshotDir = join(root, 'tests/screenshots')

/** The production build of the console in a temporary folder (once per run: ./global-setup.ts). */
export async function buildConsole() {
  const outDir = mkdtempSync(join(tmpdir(), 'cadre-web-'))
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'error', build: { outDir, emptyOutDir: true } })
  return outDir
}

/** The run's build (tests), or nothing (the bench, outside vitest). */
const builtForRun = () => {
  try {
    return inject('consoleDist')
  } catch {
    return ''
  }
}

/** The real console, built for the run, served with the API on a free port. */
export async function startConsole() {
  const outDir = builtForRun() || (await buildConsole())
  const port = await freePort()
  const server = serveLocal(port, outDir)
  // jobs (moves, exports, imports) run as under npm start
  const jobs = startJobLoop({ pollMs: 300 })
  const stop = async () => {
    await jobs.stop()
    await new Promise<void>((r) => server.close(() => r()))
  }
  return { url: `http://127.0.0.1:${port}`, dist: outDir, stop }
}

/** Chromium (found or provisioned by ./chromium.ts), headless, with the flags this closed network needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: ensureChromium(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}
