import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { fromAttr, toAttr } from '../db/marshal'
import { getItem } from '../db/read'
import { AppError } from '../error'

/** Per-account brute-force brake: MAX_FAILURES wrong passwords in WINDOW lock the account for LOCK. */
export const MAX_FAILURES = 5
const WINDOW_MS = 15 * 60_000
const LOCK_MS = 15 * 60_000

type Throttle = { failures: number; firstFailureAt: number; lockedUntil?: number }

export async function assertNotThrottled(email: string) {
  const t = await getItem<Throttle>(keys.loginThrottle(email))
  if (t?.lockedUntil && t.lockedUntil > Date.now()) throw throttled(t.lockedUntil)
}

export async function recordFailure(email: string) {
  const now = Date.now()
  // one atomic update, so parallel guesses cannot all read "4 failures" and slip through
  const out = await dynamo().send(
    new UpdateItemCommand({
      TableName: config.table,
      Key: toAttr(keys.loginThrottle(email)),
      UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, firstFailureAt = if_not_exists(firstFailureAt, :now), #ttl = :ttl',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: toAttr({ ':zero': 0, ':one': 1, ':now': now, ':ttl': Math.floor((now + 86400_000) / 1000) }),
      ReturnValues: 'ALL_NEW',
    }),
  )
  const t = fromAttr<Throttle>(out.Attributes!)
  if (now - t.firstFailureAt > WINDOW_MS) {
    await resetThrottle(email)
    return recordFailure(email)
  }
  if (t.failures >= MAX_FAILURES) {
    const lockedUntil = now + LOCK_MS
    await dynamo().send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: toAttr(keys.loginThrottle(email)),
        UpdateExpression: 'SET lockedUntil = :l, failures = :zero, firstFailureAt = :now',
        ExpressionAttributeValues: toAttr({ ':l': lockedUntil, ':zero': 0, ':now': now }),
      }),
    )
    throw throttled(lockedUntil)
  }
}

export async function resetThrottle(email: string) {
  await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr(keys.loginThrottle(email)) }))
}

const throttled = (until: number) =>
  new AppError(429, 'auth.throttled', 'Too many failed sign-ins for this account; wait and try again', {}, {
    'Retry-After': String(Math.ceil((until - Date.now()) / 1000)),
  })
