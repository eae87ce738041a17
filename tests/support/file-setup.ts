import { randomBytes } from 'node:crypto'
import { afterAll } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { ensureTable } from '../../functions/core/db/create-table'
import { startDynamoLocal } from '../../functions/local/dynamo-local'

// Each test file gets a DynamoDB Local of its own. One shared by the whole run slowed down as the run went
// on, even with every file's table deleted after it: the same demo seed took 3 s in the first files and
// 25 s in the last ones (7 s → 45 s for 40 workers), which pushed set-up hooks past their limits on CI.
// A JVM starts in about 2.5 s; that is paid once per file, where the slowdown was paid by every request.
const db = await startDynamoLocal()
process.env.CADRE_DYNAMO_ENDPOINT = db.endpoint
process.env.CADRE_TABLE = `test_${randomBytes(6).toString('hex')}`
process.env.CADRE_JWT_SECRET = randomBytes(48).toString('base64url')
// hashing cost is not under test here; the default (32768) is used by npm start and production
process.env.CADRE_SCRYPT_N = '1024'
await ensureTable(dynamo(), process.env.CADRE_TABLE)

// registered first, so run last (hooks run as a stack): the file's own clean-up still has its database
afterAll(() => db.stop())
