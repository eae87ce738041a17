import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { chromium } from 'playwright-core'

/**
 * The browser the e2e tests and the bench drive: found, or provisioned once (Debian's package when we are
 * root, Playwright's own build otherwise), or a stop at once with the one command to run. `npm test` calls
 * this from its global setup, before any browser test starts; CHROMIUM_PATH then carries the answer to them.
 */
type Env = Record<string, string | undefined>

/** Set to `off` to forbid installing anything (the test of the stop path uses it). */
export const PROVISION_SWITCH = 'CADRE_CHROMIUM_PROVISION'

const systemPaths = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']
const log = (line: string) => console.log(`chromium: ${line}`)

const executable = (path: string) => {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** An explicit CHROMIUM_PATH is the only place looked at; otherwise the system's, then Playwright's build. */
const candidates = (env: Env) => (env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : [...systemPaths, chromium.executablePath()])
const find = (env: Env) => candidates(env).find(executable)

const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
const isRoot = () => process.getuid?.() === 0
const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status === 0

/** The one command a person should run when we could not provision the browser ourselves. */
export const installCommand = () => (hasAptGet() ? 'sudo apt-get install -y chromium' : 'npx playwright-core install --with-deps chromium')

function provision(env: Env) {
  if (isRoot() && hasAptGet()) {
    log("not found; installing Debian's package: apt-get update && apt-get install -y chromium")
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) return find({ ...env, CHROMIUM_PATH: undefined })
  }
  log("not found; installing Playwright's build: npx playwright-core install chromium")
  if (run('npx', ['--no-install', 'playwright-core', 'install', 'chromium'])) return find({ ...env, CHROMIUM_PATH: undefined })
  return undefined
}

let found: string | undefined

/** The path of a Chromium to launch. Throws one line naming the command to run when there is none. */
export function ensureChromium(env: Env = process.env): string {
  if (found && env === process.env) return found
  let path = find(env)
  if (!path && env[PROVISION_SWITCH] !== 'off') {
    path = provision(env)
    if (path) log(`installed: ${path}`)
  }
  if (!path) {
    const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` : `none at ${candidates(env).join(', ')}`
    throw new Error(`No Chromium for the browser tests and the bench (${where}): run \`${installCommand()}\`, or set CHROMIUM_PATH to one`)
  }
  if (env === process.env) found = path
  return path
}

/** For the entry points (the test run, the bench): a stack trace would bury the one thing to do. */
export function chromiumOrStop(): string {
  try {
    return ensureChromium()
  } catch (e) {
    console.error((e as Error).message)
    process.exit(1)
  }
}
