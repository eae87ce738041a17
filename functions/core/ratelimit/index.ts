import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../config'
import { dynamo } from '../db/client'
import { fromAttr, toAttr } from '../db/marshal'
import { AppError } from '../error'

/**
 * Per-tenant and per-user request budgets, counted in DynamoDB so they hold across Lambda instances.
 * Each request adds one to its tenant's and its user's counter for the current window (one atomic
 * UpdateItem each, sent alongside the request's own work, so no latency is added); once a counter passes
 * its budget, every instance that sees it refuses that tenant or user with 429 until the window ends.
 * An instance may let through the few requests it had in flight when the budget ran out: the price of
 * not adding a round trip to every request.
 */
const WINDOW_S = 10
const blocked = new Map<string, number>()

export const budgets = () => ({
  tenant: Number(process.env.CADRE_RATE_TENANT_PER_S ?? 200) * WINDOW_S,
  user: Number(process.env.CADRE_RATE_USER_PER_S ?? 50) * WINDOW_S,
})

export type Subject = { tenantId?: string; userId: string }
const buckets = (s: Subject) => [
  ...(s.tenantId ? [{ key: `T#${s.tenantId}#RATE`, budget: budgets().tenant }] : []),
  { key: `G#U#${s.userId}#RATE`, budget: budgets().user },
]

/** Refuses at once, without a database call, a subject whose budget this instance knows is spent. */
export function assertAdmitted(s: Subject) {
  const now = Date.now()
  for (const { key } of buckets(s)) {
    const until = blocked.get(key)
    if (until && until > now)
      throw new AppError(429, 'rate.limited', 'Too many requests; slow down and retry after the indicated time', { scope: key.startsWith('T#') ? 'tenant' : 'user' }, {
        'Retry-After': String(Math.ceil((until - now) / 1000)),
      })
    if (until) blocked.delete(key)
  }
}

/** Counts one request. Never fails the request: a counting error only means this request went uncounted. */
export async function count(s: Subject) {
  const window = Math.floor(Date.now() / 1000 / WINDOW_S)
  const windowEnd = (window + 1) * WINDOW_S * 1000
  await Promise.all(
    buckets(s).map(async ({ key, budget }) => {
      try {
        const out = await dynamo().send(
          new UpdateItemCommand({
            TableName: config.table,
            Key: toAttr({ pk: key, sk: `W#${window}` }),
            UpdateExpression: 'ADD #n :one SET #ttl = :ttl',
            ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
            ExpressionAttributeValues: toAttr({ ':one': 1, ':ttl': Math.floor(windowEnd / 1000) + 60 }),
            ReturnValues: 'UPDATED_NEW',
          }),
        )
        if (fromAttr<{ n: number }>(out.Attributes!).n > budget) blocked.set(key, windowEnd)
      } catch {
        /* an uncounted request is better than a refused one */
      }
    }),
  )
}
