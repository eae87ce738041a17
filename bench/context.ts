import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * The bench's process: its settings (before anything reads them), its own in-memory DynamoDB Local, and
 * HTTP helpers that go through the whole app (`app.request`: routing, auth, validation, audit).
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.CADRE_JWT_SECRET = randomBytes(48).toString('base64url')
process.env.CADRE_TABLE = 'bench'
process.env.CADRE_SCRYPT_N = '1024'
process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-bench-export-'))
// throughput phases are not about rate limits; the noisy-neighbour phase sets the production budget itself
process.env.CADRE_RATE_TENANT_PER_S = '100000'
process.env.CADRE_RATE_USER_PER_S = '100000'
process.env.CADRE_RATE_CLIENT_PER_S = '100000'

const { app } = await import('../functions/api/app')
const { config } = await import('../functions/core/config')
const { dynamo } = await import('../functions/core/db/client')
const { ensureTable } = await import('../functions/core/db/create-table')
const { startDynamoLocal } = await import('../functions/local/dynamo-local')
const { installMeter } = await import('./meter')

export const PASSWORD = 'bench-password-123'
export const log = (s: string) => console.log(`· ${new Date().toISOString().slice(11, 19)} ${s}`)

export const db = await startDynamoLocal()
process.env.CADRE_DYNAMO_ENDPOINT = db.endpoint
await ensureTable(dynamo(), config.table)
installMeter()

export type Answer = { status: number; body: any; etag: string | null }

/** One request through the whole app; `expect` false returns refusals instead of throwing. */
export async function call(method: string, path: string, token: string | undefined, body?: unknown, headers: Record<string, string> = {}, expect = true): Promise<Answer> {
  const res = await app.request(path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (expect && res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 400)}`)
  return { status: res.status, body: text ? JSON.parse(text) : undefined, etag: res.headers.get('etag') }
}
export const request = async (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) => (await call(method, path, token, body, headers)).body

export async function login(email: string) {
  const { body } = await call('POST', '/api/v1/auth/login', undefined, { email, password: PASSWORD })
  if (!body?.accessToken) throw new Error(`login ${email}: ${JSON.stringify(body)}`)
  return body.accessToken as string
}

export { app }
