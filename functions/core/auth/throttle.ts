import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { createHash } from 'node:crypto'
import { useActor } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { toAttr } from '../db/marshal'
import { getItem } from '../db/read'
import { AppError } from '../error'

/**
 * Every password check goes through here (sign-in, sign-in with an invitation, password change).
 *
 * The guesser is slowed, not the account locked: attempts are counted per (client address, account) and,
 * past FREE_ATTEMPTS failures, each further attempt from that client on that account waits twice as long as
 * the one before (up to MAX_DELAY). A guesser spread over many addresses trips the account-wide brake
 * (ACCOUNT_MAX failures in WINDOW), which holds back only clients the account has never signed in from: the
 * owner's usual client keeps its own, short, wait. So a stranger cannot keep a real user out.
 *
 * Each attempt is counted *before* the password is checked, conditional on the count read, so parallel
 * guesses cannot all slip through on one read: the losers of the race are refused as too fast.
 */
export const FREE_ATTEMPTS = 3
export const ACCOUNT_MAX = 10
const WINDOW_MS = 15 * 60_000
const MAX_DELAY_MS = 15 * 60_000
const KNOWN_CLIENT_DAYS = 90

type ClientCount = { failures: number; retryAt: number }
type AccountCount = { failures: number; windowStart: number; lockedUntil?: number }

/** The wait after the n-th counted attempt from one client on one account. */
export const delayAfter = (n: number) => (n <= FREE_ATTEMPTS ? 0 : Math.min(1000 * 2 ** (n - FREE_ATTEMPTS), MAX_DELAY_MS))

/** Addresses are kept as a keyed hash: the throttle needs to recognise a client, not to know where it is. */
export const clientKey = (address: string) => createHash('sha256').update(`${config.jwtSecret}:client:${address}`).digest('base64url').slice(0, 22)

function currentClient() {
  const actor = useActor()
  return clientKey(('client' in actor && actor.client) || 'unknown')
}

/**
 * Admits one password attempt for `email` from the caller's client, or refuses it (429) without the
 * password being looked at. Returns what to call once the password has been checked.
 */
export async function admitAttempt(email: string) {
  const client = currentClient()
  const now = Date.now()
  const [mine, account, known] = await Promise.all([
    getItem<ClientCount>(keys.loginClient(email, client)),
    getItem<AccountCount>(keys.loginAccount(email)),
    getItem(keys.loginKnownClient(email, client)),
  ])
  if (mine && mine.retryAt > now) throw throttled(mine.retryAt - now)
  if (!known && account?.lockedUntil && account.lockedUntil > now) throw throttled(account.lockedUntil - now, 'account')
  const failures = (mine?.failures ?? 0) + 1
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: toAttr(keys.loginClient(email, client)),
        UpdateExpression: 'SET failures = :n, retryAt = :r, #ttl = :ttl',
        ConditionExpression: mine ? 'failures = :prev' : 'attribute_not_exists(failures)',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: toAttr({
          ':n': failures,
          ':r': now + delayAfter(failures),
          ':ttl': Math.floor((now + delayAfter(failures) + 86400_000) / 1000),
          ...(mine ? { ':prev': mine.failures } : {}),
        }),
      }),
    )
  } catch (error) {
    // another attempt from the same client on the same account is in flight: one at a time
    if ((error as Error).name === 'ConditionalCheckFailedException') throw throttled(1000)
    throw error
  }
  return {
    succeeded: () => succeeded(email, client, now),
    failed: () => accountFailure(email, now),
  }
}

async function succeeded(email: string, client: string, now: number) {
  await Promise.all([
    dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr(keys.loginClient(email, client)) })),
    dynamo().send(
      new PutItemCommand({
        TableName: config.table,
        Item: toAttr({ ...keys.loginKnownClient(email, client), at: now, ttl: Math.floor(now / 1000) + KNOWN_CLIENT_DAYS * 86400 }),
      }),
    ),
  ])
}

async function accountFailure(email: string, now: number) {
  const key = toAttr(keys.loginAccount(email))
  const ttl = Math.floor((now + WINDOW_MS + MAX_DELAY_MS) / 1000)
  // a new window replaces an old one atomically; within a window the count only grows
  const restart = await dynamo()
    .send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: key,
        UpdateExpression: 'SET failures = :one, windowStart = :now, #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(windowStart) OR windowStart < :old',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: toAttr({ ':one': 1, ':now': now, ':old': now - WINDOW_MS, ':ttl': ttl }),
      }),
    )
    .then(() => true)
    .catch((error: Error) => {
      if (error.name === 'ConditionalCheckFailedException') return false
      throw error
    })
  if (restart) return
  await dynamo()
    .send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: key,
        UpdateExpression: 'ADD failures :one SET lockedUntil = :until, #ttl = :ttl',
        ConditionExpression: 'failures >= :max',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: toAttr({ ':one': 1, ':max': ACCOUNT_MAX - 1, ':until': now + WINDOW_MS, ':ttl': ttl }),
      }),
    )
    .catch(async (error: Error) => {
      if (error.name !== 'ConditionalCheckFailedException') throw error
      await dynamo().send(new UpdateItemCommand({ TableName: config.table, Key: key, UpdateExpression: 'ADD failures :one', ExpressionAttributeValues: toAttr({ ':one': 1 }) }))
    })
}

const throttled = (waitMs: number, scope: 'client' | 'account' = 'client') =>
  new AppError(
    429,
    'auth.throttled',
    scope === 'account'
      ? 'Too many failed sign-ins for this account from unfamiliar places; sign in from a device you used before, or wait and try again'
      : 'Too many failed sign-ins; wait and try again',
    {},
    { 'Retry-After': String(Math.max(1, Math.ceil(waitMs / 1000))) },
  )
