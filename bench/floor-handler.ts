import { DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'
import { withActor } from '../functions/core/actor'
import { keys } from '../functions/core/db/keys'
import { newId } from '../functions/core/id'

/**
 * The floor of a signed-in worker read, for the cold-start bench: the minimal handler (./minimal-handler.ts)
 * plus the round trips such a read cannot do without, in their order, with the raw SDK and nothing else: the
 * country's status, the worker, the audit event of the read. No token check, no validation, no rate count,
 * no scope: what the api adds to this is its own cost.
 */
const db = new DynamoDBClient({ endpoint: process.env.CADRE_DYNAMO_ENDPOINT, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } })
const strings = (item: Record<string, string>) => Object.fromEntries(Object.entries(item).map(([k, v]) => [k, { S: v }])) as Record<string, AttributeValue>

const app = new Hono()
app.get('/api/v1/workers/:workerId', async (c) => {
  // the country from the token's payload, unchecked (verifying it is a few microseconds of HMAC)
  const payload = (c.req.header('authorization') ?? '').split('.')[1] ?? ''
  const { ten: tenantId, sub: userId } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { ten: string; sub: string }
  const workerId = c.req.param('workerId')
  const TableName = process.env.CADRE_TABLE
  return withActor({ kind: 'system', requestId: 'floor', tenantId, reason: 'cold-start floor' }, async () => {
    await db.send(new GetItemCommand({ TableName, Key: strings(keys.tenantRecord(tenantId)) }))
    const worker = await db.send(new GetItemCommand({ TableName, Key: strings(keys.worker(workerId)), ConsistentRead: true }))
    if (!worker.Item) return c.json({ code: 'worker.not_found' }, 404)
    const id = newId('audit')
    const event = { action: 'worker.read', entityType: 'worker', entityId: workerId, tenantId, at: new Date().toISOString(), actor: userId }
    await db.send(new PutItemCommand({ TableName, Item: strings({ ...keys.audit(id, tenantId), ...keys.entityHistory(workerId, tenantId), ...keys.historyRead(id), id, ...event }) }))
    return c.json({ id: worker.Item?.id?.S })
  })
})
export const handler = handle(app)
