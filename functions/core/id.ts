import { randomFillSync } from 'node:crypto'
import { monotonicFactory } from 'ulid'
import { prefixes, type IdKind } from './id-kinds'

/**
 * Crypto-random bytes drawn from a pool: the library's default asks for one byte per character
 * (sixteen calls an id, two ids a request).
 */
const pool = new Uint8Array(4096)
let next = pool.length
const pooledRandom = () => {
  if (next === pool.length) {
    randomFillSync(pool)
    next = 0
  }
  return pool[next++]! / 256
}

const ulid = monotonicFactory(pooledRandom)

/** Prefixed ULIDs: sortable by creation time, and the prefix says what an id names. */
export const newId = (kind: IdKind) => `${prefixes[kind]}_${ulid().toLowerCase()}`
