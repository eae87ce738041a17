import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'

/** The cold-start baseline: the least a Lambda behind this API can do, a Hono handler that reads one item. */
const db = new DynamoDBClient({ endpoint: process.env.CADRE_DYNAMO_ENDPOINT, region: 'eu-west-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } })
const app = new Hono()
app.get('/api/v1/health', async (c) => {
  await db.send(new GetItemCommand({ TableName: process.env.CADRE_TABLE, Key: { pk: { S: 'G#HEALTH' }, sk: { S: 'HEALTH' } } }))
  return c.json({ status: 'ok' })
})
export const handler = handle(app)
