import { config } from '../functions/core/config'
import { dynamo } from '../functions/core/db/client'
import { ensureTable } from '../functions/core/db/create-table'
import { startDynamoLocal } from '../functions/local/dynamo-local'
import { coldStart } from './coldstart'

/** `npm run bench:cold`: the cold-start figure alone, for working on it without the full run. */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.CADRE_TABLE = 'bench'
process.env.CADRE_JWT_SECRET ??= 'cold-start-bench-secret-cold-start-bench-secret'
const db = await startDynamoLocal()
process.env.CADRE_DYNAMO_ENDPOINT = db.endpoint
await ensureTable(dynamo(), config.table)
const runs = Number(process.env.COLD_RUNS ?? 25)
const r = await coldStart(runs)
console.log(`api bundle ${(r.apiBytes / 1024).toFixed(0)} KiB, minimal ${(r.minimalBytes / 1024).toFixed(0)} KiB`)
console.log(`import p50: api ${r.apiImport.p50.toFixed(1)} ms, minimal ${r.minimalImport.p50.toFixed(1)} ms`)
console.log(`api p50 ${r.api.p50.toFixed(1)} ms, minimal p50 ${r.minimal.p50.toFixed(1)} ms, ratio ${(r.api.p50 / r.minimal.p50).toFixed(2)}×`)
await db.stop()
