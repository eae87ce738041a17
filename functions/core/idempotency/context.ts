import { AsyncLocalStorage } from 'node:async_hooks'

/** Set by the API for a POST that carries an Idempotency-Key; the first committed result is stored under it. */
export interface IdempotencyContext {
  userId: string
  key: string
  requestHash: string
}

const storage = new AsyncLocalStorage<IdempotencyContext | undefined>()
export const withIdempotency = <T>(ctx: IdempotencyContext | undefined, fn: () => T) => storage.run(ctx, fn)
export const useIdempotency = () => storage.getStore()
