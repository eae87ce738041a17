import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../config'
import { dynamo } from '../db/client'
import { fromAttr, toAttr } from '../db/marshal'
import { AppError } from '../error'

/**
 * A token bucket per tenant and per user, shared through DynamoDB so it holds across Lambda instances.
 * A bucket refills at `rate` requests a second and holds BURST_S seconds of them. It is kept as one number,
 * the time at which it will be full again (`tat`, the generic cell rate algorithm): a request costs 1/rate
 * seconds of it, and is refused while `tat` lies more than BURST_S ahead. Each instance counts locally and
 * adds what it admitted to the shared bucket at most every FLUSH_MS (one conditional UpdateItem per key,
 * sent alongside a request's own work: no added latency, a few writes a second per instance). The price:
 * an instance may admit what it serves within one flush interval after the bucket ran dry.
 */
const BURST_S = 10
const FLUSH_MS = 250

export const rates = () => ({
  tenant: Number(process.env.CADRE_RATE_TENANT_PER_S ?? 200),
  user: Number(process.env.CADRE_RATE_USER_PER_S ?? 50),
  /** public routes (sign-in, refresh, invitations) per client address */
  client: Number(process.env.CADRE_RATE_CLIENT_PER_S ?? 5),
})

/** `tat`: the shared bucket's full-again time (ms) as last seen; `pendingMs`: the cost of what was admitted
 * here and not yet added, priced at the rate in force when it was admitted; `flyingMs`: the cost being added
 * now, which the shared bucket may not show yet. */
type Bucket = { tat: number; pendingMs: number; flyingMs: number; lastFlush: number; trailing?: ReturnType<typeof setTimeout> }
const local = new Map<string, Bucket>()

/** Who pays for a request: a signed-in user (and its tenant), or, on public routes, the client address (hashed). */
export type Subject = { tenantId?: string; userId: string } | { clientKey: string }
const keysOf = (s: Subject) =>
  'clientKey' in s
    ? [{ key: `G#C#${s.clientKey}#RATE`, rate: () => rates().client }]
    : [
        ...(s.tenantId ? [{ key: `T#${s.tenantId}#RATE`, rate: () => rates().tenant }] : []),
        { key: `G#U#${s.userId}#RATE`, rate: () => rates().user },
      ]

function bucket(key: string) {
  let b = local.get(key)
  if (!b) local.set(key, (b = { tat: 0, pendingMs: 0, flyingMs: 0, lastFlush: 0 }))
  return b
}

/** Refuses at once, without a database call, a subject whose bucket is known to be empty. */
export function assertAdmitted(s: Subject) {
  const now = Date.now()
  for (const { key, rate } of keysOf(s)) {
    const b = bucket(key)
    const cost = 1000 / rate()
    const tat = Math.max(b.tat, now) + b.pendingMs + b.flyingMs
    const overdraw = tat + cost - now - BURST_S * 1000
    if (overdraw > 0)
      throw new AppError(429, 'rate.limited', 'Too many requests; slow down and retry after the indicated time', { scope: key.startsWith('T#') ? 'tenant' : key.startsWith('G#C#') ? 'client' : 'user' }, {
        'Retry-After': String(Math.max(1, Math.ceil(overdraw / 1000))),
      })
  }
}

/** Counts one admitted request. Never fails the request: a counting error only loses the count. */
export async function count(s: Subject) {
  const now = Date.now()
  await Promise.all(
    keysOf(s).map(async ({ key, rate }) => {
      const b = bucket(key)
      b.pendingMs += 1000 / rate()
      if (now - b.lastFlush >= FLUSH_MS) return flush(key, b, now)
      // a burst that ends within one interval is still added once the interval is over: otherwise what an
      // instance admitted last stays its own secret until its next request, and another instance serves anew
      b.trailing ??= setTimeout(() => {
        b.trailing = undefined
        void flush(key, b, Date.now())
      }, FLUSH_MS - (now - b.lastFlush))
      b.trailing.unref?.()
    }),
  )
}

/**
 * While an addition is on its way its cost still counts here: a slow database would otherwise open a window,
 * as long as its answer takes, in which this instance forgets what it admitted and serves a fresh burst.
 * If the shared bucket cannot be reached, this instance still holds its own count (never a refused request
 * for a counting error; the other instances miss this cost).
 */
async function flush(key: string, b: Bucket, now: number) {
  if (!b.pendingMs) return
  const costMs = b.pendingMs
  b.pendingMs = 0
  b.flyingMs += costMs
  b.lastFlush = now
  try {
    // answers may come back out of order; tat only moves forward
    b.tat = Math.max(b.tat, await spend(key, costMs, now, b.tat > now))
  } catch {
    b.tat = Math.max(b.tat, now) + costMs
  } finally {
    b.flyingMs -= costMs
  }
}

/**
 * tat = max(tat, now) + cost, atomically. DynamoDB has no max(): one of two conditional updates applies
 * (the bucket is refilling, or it is full); the one the last known state suggests is tried first.
 */
async function spend(key: string, costMs: number, now: number, busy: boolean): Promise<number> {
  const refilling = { expr: 'SET #tat = #tat + :cost, #ttl = :ttl', cond: '#tat >= :now' }
  const full = { expr: 'SET #tat = :nowPlusCost, #ttl = :ttl', cond: 'attribute_not_exists(#tat) OR #tat < :now' }
  // refusals keep tat within a burst (and a flush's admissions) of now: a minute past that, the item may go
  const ttl = Math.ceil((now + costMs) / 1000) + BURST_S + 60
  for (const attempt of busy ? [refilling, full, refilling] : [full, refilling, full]) {
    try {
      const out = await dynamo().send(
        new UpdateItemCommand({
          TableName: config.table,
          Key: toAttr({ pk: key, sk: 'BUCKET' }),
          UpdateExpression: attempt.expr,
          ConditionExpression: attempt.cond,
          ExpressionAttributeNames: { '#tat': 'tat', '#ttl': 'ttl' },
          ExpressionAttributeValues: toAttr({ ':now': now, ':ttl': ttl, ...(attempt === refilling ? { ':cost': costMs } : { ':nowPlusCost': now + costMs }) }),
          ReturnValues: 'UPDATED_NEW',
        }),
      )
      return fromAttr<{ tat: number }>(out.Attributes!).tat
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error
    }
  }
  throw new Error('rate bucket contended')
}
