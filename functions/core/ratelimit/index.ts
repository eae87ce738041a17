import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../config'
import { dynamo } from '../db/client'
import { fromAttr, toAttr } from '../db/marshal'
import { AppError } from '../error'

/**
 * Per-tenant and per-user request budgets, counted in DynamoDB so they hold across Lambda instances.
 * Each instance counts locally and adds its count to the shared counter of the current window at most
 * every FLUSH_MS (one atomic UpdateItem per key, sent alongside a request's own work: no added latency,
 * and a few writes a second per instance instead of one per request). Once the shared count passes the
 * budget, the instance refuses that tenant or user with 429 until the window ends. The price: an
 * instance may admit what it serves within one flush interval after the budget ran out.
 */
const WINDOW_S = 10
const FLUSH_MS = 250

export const budgets = () => ({
  tenant: Number(process.env.CADRE_RATE_TENANT_PER_S ?? 200) * WINDOW_S,
  user: Number(process.env.CADRE_RATE_USER_PER_S ?? 50) * WINDOW_S,
})

type Bucket = { window: number; pending: number; shared: number; lastFlush: number; blockedUntil: number }
const local = new Map<string, Bucket>()

export type Subject = { tenantId?: string; userId: string }
const keysOf = (s: Subject) => [
  ...(s.tenantId ? [{ key: `T#${s.tenantId}#RATE`, budget: () => budgets().tenant }] : []),
  { key: `G#U#${s.userId}#RATE`, budget: () => budgets().user },
]

const currentWindow = () => Math.floor(Date.now() / 1000 / WINDOW_S)

function bucket(key: string) {
  const window = currentWindow()
  let b = local.get(key)
  if (!b || b.window !== window) {
    b = { window, pending: 0, shared: 0, lastFlush: 0, blockedUntil: b?.blockedUntil ?? 0 }
    local.set(key, b)
  }
  return b
}

/** Refuses at once, without a database call, a subject whose budget is known to be spent. */
export function assertAdmitted(s: Subject) {
  const now = Date.now()
  for (const { key, budget } of keysOf(s)) {
    const b = bucket(key)
    const until = b.blockedUntil > now ? b.blockedUntil : b.shared + b.pending >= budget() ? (b.window + 1) * WINDOW_S * 1000 : 0
    if (until > now)
      throw new AppError(429, 'rate.limited', 'Too many requests; slow down and retry after the indicated time', { scope: key.startsWith('T#') ? 'tenant' : 'user' }, {
        'Retry-After': String(Math.max(1, Math.ceil((until - now) / 1000))),
      })
  }
}

/** Counts one admitted request. Never fails the request: a counting error only loses the count. */
export async function count(s: Subject) {
  const now = Date.now()
  await Promise.all(
    keysOf(s).map(async ({ key, budget }) => {
      const b = bucket(key)
      b.pending++
      if (now - b.lastFlush < FLUSH_MS) return
      const add = b.pending
      b.pending = 0
      b.lastFlush = now
      try {
        const out = await dynamo().send(
          new UpdateItemCommand({
            TableName: config.table,
            Key: toAttr({ pk: key, sk: `W#${b.window}` }),
            UpdateExpression: 'ADD #n :add SET #ttl = :ttl',
            ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
            ExpressionAttributeValues: toAttr({ ':add': add, ':ttl': (b.window + 1) * WINDOW_S + 60 }),
            ReturnValues: 'UPDATED_NEW',
          }),
        )
        b.shared = fromAttr<{ n: number }>(out.Attributes!).n
        if (b.shared > budget()) b.blockedUntil = (b.window + 1) * WINDOW_S * 1000
      } catch {
        /* an uncounted request is better than a refused one */
      }
    }),
  )
}
