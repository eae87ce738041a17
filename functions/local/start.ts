import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ensureTable } from '../core/db/create-table'
import { dynamo } from '../core/db/client'
import { startDynamoLocal } from './dynamo-local'
import { demoLogins, seedDemo } from './seed'
import { serveLocal } from './server'
import { startJobLoop } from '../jobs/loop'
import { startPoller } from '../streams/poller'
import { tick } from '../streams/tick'

/**
 * `npm start`: DynamoDB Local persisted under .data/, the table from the same definition infra deploys,
 * demo data on first start, the console built, and API + console on one port.
 */
const root = resolve(import.meta.dirname, '../..')
const dataDir = join(root, '.data')
mkdirSync(join(dataDir, 'dynamodb'), { recursive: true })

const secretFile = join(dataDir, 'jwt-secret')
if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(48).toString('base64url'), { mode: 0o600 })
process.env.CADRE_JWT_SECRET ??= readFileSync(secretFile, 'utf8').trim()
process.env.CADRE_TABLE ??= 'cadre'
// Node 20 is what this machine has; the SDK's notice about Node 22 would hide the demo logins
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const port = Number(process.env.PORT ?? 3000)
const webDist = join(root, 'web/dist')

if (process.env.CADRE_SKIP_WEB_BUILD !== '1') {
  console.log('building the console ...')
  const { build } = await import('vite')
  await build({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn' })
}

console.log('starting DynamoDB Local ...')
const db = await startDynamoLocal({ path: join(dataDir, 'dynamodb'), port: Number(process.env.DYNAMO_PORT ?? 0) || undefined })
process.env.CADRE_DYNAMO_ENDPOINT = db.endpoint
if (await ensureTable(dynamo(), process.env.CADRE_TABLE)) console.log(`created table ${process.env.CADRE_TABLE}`)
console.log('checking demo data (the first start seeds three countries: about a minute) ...')
if (await seedDemo()) console.log('seeded demo data')

// the aggregates consumer: the same handler as the stream Lambda, fed from DynamoDB Local's stream
const poller = startPoller({ onError: (e) => console.error('aggregates:', (e as Error).message) })
const runTick = () => void tick().catch((e) => console.error('aggregates tick:', (e as Error).message))
const daily = setInterval(runTick, 3_600_000)
runTick()
// the job runner (exports, offboarding, moves, imports): the queue's Lambda in AWS, a loop here
const jobs = startJobLoop()
const server = serveLocal(port, webDist)
console.log(`\nCadre is running on http://localhost:${port}  (API reference: http://localhost:${port}/api/docs)\n`)
for (const l of demoLogins()) console.log(`demo login: ${l.role} ${l.email} ${l.password}`)
console.log('\nData is kept in .data/ (npm run reset wipes it). Ctrl-C stops.')

const stop = async () => {
  server.close()
  clearInterval(daily)
  await jobs.stop()
  await poller.stop()
  await db.stop()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
