import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { config } from '../config'

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  )

/** scrypt is memory-hard (N=32768, r=8: 32 MiB a guess) and ships with Node: nothing native to build for Lambda. */
export async function hashPassword(password: string): Promise<string> {
  const N = config.scryptCost
  const salt = randomBytes(16)
  const key = await scryptAsync(password.normalize('NFKC'), salt, 32, { N, r: 8, p: 1, maxmem: 256 * N * 8 })
  return `scrypt$${N}$8$1$${salt.toString('base64url')}$${key.toString('base64url')}`
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !hash) return false
  const N = Number(n)
  const expected = Buffer.from(hash, 'base64url')
  const key = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N,
    r: Number(r),
    p: Number(p),
    maxmem: 256 * N * Number(r),
  })
  return timingSafeEqual(key, expected)
}

/** Compared against when the email is unknown, so a miss costs as long as a wrong password. */
let dummy: Promise<string> | undefined
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(12).toString('hex')))
