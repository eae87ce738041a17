import { randomBytes } from 'node:crypto'
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb'
import { afterAll, inject } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { ensureTable } from '../../functions/core/db/create-table'

process.env.CADRE_DYNAMO_ENDPOINT = inject('dynamoEndpoint')
process.env.CADRE_TABLE = `test_${randomBytes(6).toString('hex')}`
process.env.CADRE_JWT_SECRET = randomBytes(48).toString('base64url')
// hashing cost is not under test here; the default (32768) is used by npm start and production
process.env.CADRE_SCRYPT_N = '1024'
await ensureTable(dynamo(), process.env.CADRE_TABLE)

// each file's table goes with the file: one DynamoDB Local serves the whole run, and the tables of files
// already done (with their indexes and streams) slowed every later file down several times over
const fileTable = process.env.CADRE_TABLE
afterAll(async () => {
  await dynamo()
    .send(new DeleteTableCommand({ TableName: fileTable }))
    .catch(() => undefined)
})
