import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { useUser } from '../core/actor'
import { keys } from '../core/db/keys'
import { getItem } from '../core/db/read'
import { AppError } from '../core/error'
import type { IdempotencyContext } from '../core/idempotency/context'

type Stored = { requestHash: string; result: string }

/** Reads and checks the Idempotency-Key of a signed-in POST; undefined when the client sent none. */
export function idempotencyOf(c: Context, rawBody: string): IdempotencyContext | undefined {
  const key = c.req.header('idempotency-key')
  if (key === undefined) return undefined
  if (!/^[A-Za-z0-9_.:-]{8,128}$/.test(key))
    throw new AppError(400, 'idempotency.invalid_key', 'Idempotency-Key must be 8-128 characters of A-Z a-z 0-9 _ . : -')
  const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n${rawBody}`).digest('base64url')
  return { userId: useUser().userId, key, requestHash }
}

/** The first result stored under this key, if a request with it was already applied. */
export async function storedResult(ctx: IdempotencyContext): Promise<unknown | undefined> {
  const item = await getItem<Stored>(keys.idempotency(ctx.userId, ctx.key))
  if (!item) return undefined
  if (item.requestHash !== ctx.requestHash)
    throw new AppError(422, 'idempotency.key_reused', 'This Idempotency-Key was used for a different request')
  return JSON.parse(item.result)
}
