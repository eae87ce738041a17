import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ensureChromium, PROVISION_SWITCH } from '../support/chromium'

const root = resolve(import.meta.dirname, '../..')

/** `npm test` on a machine of its own: a nested vitest run, with an environment free of this run's workers. */
function nestedRun(file: string, env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'CHROMIUM_PATH' && k !== 'NODE_OPTIONS'))
  const started = performance.now()
  const out = spawnSync(join(root, 'node_modules/.bin/vitest'), ['run', file], { cwd: root, env: { ...clean, ...env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 120_000 })
  return { status: out.status, output: `${out.stdout}${out.stderr}`, seconds: (performance.now() - started) / 1000 }
}

const noBrowser = { CHROMIUM_PATH: '/nowhere/chromium', [PROVISION_SWITCH]: 'off' }

describe('the browser for the browser tests', () => {
  it('is found once by the run’s global setup and handed to every test file', () => {
    const path = process.env.CHROMIUM_PATH!
    expect(path).toBeTruthy()
    expect(() => accessSync(path, constants.X_OK)).not.toThrow()
    expect(ensureChromium({ CHROMIUM_PATH: path, [PROVISION_SWITCH]: 'off' })).toBe(path)
  })

  it('when missing and not installable, stops the run at once with one line naming the command', () => {
    const run = nestedRun('tests/e2e/console.test.ts', noBrowser)
    expect(run.status).toBe(1)
    const lines = run.output.split('\n').filter((l) => /Chromium/.test(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/CHROMIUM_PATH=\/nowhere\/chromium does not exist\): run `(sudo apt-get install -y chromium|npx playwright-core install --with-deps chromium)`/)
    // nothing started: no test ran, no stack trace buried the line
    expect(run.output).not.toMatch(/✓|×|Test Files|❯ /)
    expect(run.seconds).toBeLessThan(60)
  }, 130_000)

  it('is not asked for by a run without browser tests', () => {
    const run = nestedRun('tests/core/jwt.test.ts', noBrowser)
    expect(run.output).not.toMatch(/No Chromium/)
    expect(run.status).toBe(0)
  }, 130_000)
})
