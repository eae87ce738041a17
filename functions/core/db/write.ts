import { TransactWriteItemsCommand, type TransactWriteItem } from '@aws-sdk/client-dynamodb'
import { auditItem, type AuditInput } from '../audit/event'
import { config } from '../config'
import { AppError } from '../error'
import { useIdempotency } from '../idempotency/context'
import { dynamo } from './client'
import { keys } from './keys'
import { toAttr, type Item } from './marshal'

type Key = { pk: string; sk: string }
export type Condition =
  | 'absent'
  | 'present'
  | { version: number }
  | { expression: string; names?: Record<string, string>; values?: Item }

export type Write = { conflict?: () => Error } & (
  | { put: Item & Key; when?: Condition }
  | { delete: Key; when?: Condition }
  | { check: Key; when: Condition }
)

/** Thrown when an Idempotency-Key was already used: the API answers with the stored first result. */
export class IdempotentReplay extends Error {
  constructor() {
    super('idempotent replay')
  }
}

export interface CommitOptions {
  /** audit events that must exist if, and only if, the change exists */
  audit?: AuditInput | AuditInput[]
  /** the caller's result: stored under the request's Idempotency-Key in the same transaction */
  result?: unknown
}

const IDEMPOTENCY_TTL_S = 24 * 3600

/**
 * The only way the domain writes: one TransactWriteItems holding the change, its audit events and the
 * idempotency record, so none can exist without the others. Conditions that fail become the AppError the
 * caller named (duplicate, version mismatch, ...).
 */
export async function commit(writes: Write[], options: CommitOptions = {}) {
  const all = [...writes]
  for (const input of [options.audit ?? []].flat()) all.push({ put: auditItem(input), when: 'absent' })
  const idem = useIdempotency()
  if (idem && options.result !== undefined) {
    all.push({
      put: {
        ...keys.idempotency(idem.userId, idem.key),
        requestHash: idem.requestHash,
        result: JSON.stringify(options.result),
        createdAt: new Date().toISOString(),
        ttl: Math.floor(Date.now() / 1000) + IDEMPOTENCY_TTL_S,
      },
      when: 'absent',
      conflict: () => new IdempotentReplay(),
    })
  }
  if (all.length > 100) throw new AppError(413, 'write.too_large', 'Too many changes in one request')
  const command = new TransactWriteItemsCommand({ TransactItems: all.map(toTransactItem) })
  for (let attempt = 0; ; attempt++) {
    try {
      await dynamo().send(command)
      return
    } catch (error) {
      const reasons = cancellationReasons(error)
      if (!reasons) throw error
      // the same request already committed under this Idempotency-Key: that outranks every other conflict
      const idemIndex = all.length - 1
      if (idem && options.result !== undefined && reasons[idemIndex]?.Code === 'ConditionalCheckFailed') throw new IdempotentReplay()
      const failed = reasons.findIndex((r) => r.Code === 'ConditionalCheckFailed')
      if (failed >= 0) throw all[failed]?.conflict?.() ?? new AppError(409, 'write.conflict', 'The change conflicts with the current state')
      if (reasons.some((r) => /Throttl|ProvisionedThroughput/.test(r.Code ?? '')))
        throw new AppError(503, 'service.unavailable', 'The registry is busy; your change was not applied. Try again shortly.', {}, { 'Retry-After': '1' })
      // another transaction touched the same items at the same moment: try again, its result decides
      if (reasons.some((r) => r.Code === 'TransactionConflict')) {
        if (attempt < 6) {
          await new Promise((r) => setTimeout(r, 10 + Math.random() * 40 * (attempt + 1)))
          continue
        }
        // still contended: nothing was applied, and the client may safely try again
        throw new AppError(503, 'service.unavailable', 'The record is busy; your change was not applied. Try again shortly.', {}, { 'Retry-After': '1' })
      }
      throw error
    }
  }
}

function cancellationReasons(error: unknown): { Code?: string }[] | undefined {
  if (error && typeof error === 'object' && (error as { name?: string }).name === 'TransactionCanceledException')
    return (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []
  return undefined
}

function conditionExpression(when: Condition | undefined) {
  if (!when) return {}
  if (when === 'absent') return { ConditionExpression: 'attribute_not_exists(pk)' }
  if (when === 'present') return { ConditionExpression: 'attribute_exists(pk)' }
  if ('version' in when)
    return {
      ConditionExpression: '#version = :version',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: toAttr({ ':version': when.version }),
    }
  return {
    ConditionExpression: when.expression,
    ExpressionAttributeNames: when.names,
    ExpressionAttributeValues: when.values ? toAttr(when.values) : undefined,
  }
}

function toTransactItem(write: Write): TransactWriteItem {
  const TableName = config.table
  if ('put' in write) return { Put: { TableName, Item: toAttr(write.put), ...conditionExpression(write.when) } }
  if ('delete' in write) return { Delete: { TableName, Key: toAttr(write.delete), ...conditionExpression(write.when) } }
  const cond = conditionExpression(write.when)
  return { ConditionCheck: { TableName, Key: toAttr(write.check), ...cond, ConditionExpression: cond.ConditionExpression! } }
}
