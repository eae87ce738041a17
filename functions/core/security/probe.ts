import { PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { useActor } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { toAttr } from '../db/marshal'
import { AppError } from '../error'
import { newId } from '../id'
import type { ProbeKind, SecurityEvent } from './schema'

const marks = new WeakMap<Error, ProbeKind>()

/**
 * Marks a refusal that answers as if the resource did not exist (404, so existence does not leak) as the
 * probe it is; the API records it (noteProbe), the caller sees nothing different.
 */
export function refused<E extends Error>(error: E, kind: Exclude<ProbeKind, 'not-found'>): E {
  marks.set(error, kind)
  return error
}

export const WINDOW_MS = 10 * 60_000
export const RETENTION_DAYS = 400
/** the count at which a kind first makes an event; again at 10x, 100x ...: a burst is a few events, not a flood */
const firstAt: Record<ProbeKind, number> = { 'cross-tenant': 1, 'out-of-scope': 1, 'not-found': 5 }
function crosses(count: number, first: number) {
  let at = first
  while (at < count) at *= 10
  return at === count
}

export interface ProbeContext {
  /** `GET /api/v1/workers/:workerId` */
  route: string
  /** the path asked for */
  resource: string
  /** the route names a person (`:workerId`): its 404s count towards `not-found` */
  person: boolean
}

export function probeKind(error: unknown, person: boolean): ProbeKind | undefined {
  if (!(error instanceof Error)) return undefined
  const marked = marks.get(error)
  if (marked) return marked
  if (person && error instanceof AppError && error.status === 404) return 'not-found'
  return undefined
}

/**
 * Counts a signed-in user's probes per ten-minute window (one conditional-free UpdateItem, the same one
 * write for a probe as for an honest 404 on a person id, so neither answers measurably slower) and files a
 * security event when a count reaches its threshold. Never throws: a lost count must not change the answer.
 */
export async function noteProbe(error: unknown, where: ProbeContext) {
  const actor = useActor()
  if (actor.kind !== 'user') return
  const kind = probeKind(error, where.person)
  if (!kind) return
  try {
    const now = new Date()
    const window = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS).toISOString()
    const out = await dynamo().send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: toAttr(keys.securityCounter(actor.userId, window)),
        UpdateExpression: 'ADD #kind :one SET #ttl = if_not_exists(#ttl, :ttl)',
        ExpressionAttributeNames: { '#kind': kind, '#ttl': 'ttl' },
        ExpressionAttributeValues: toAttr({ ':one': 1, ':ttl': Math.floor(now.getTime() / 1000) + 24 * 3600 }),
        ReturnValues: 'UPDATED_NEW',
      }),
    )
    const count = Number(out.Attributes?.[kind]?.N ?? 0)
    if (!crosses(count, firstAt[kind])) return
    const id = newId('audit')
    const at = now.toISOString()
    const appError = error as AppError
    const event: SecurityEvent = {
      id, at, kind, count,
      route: where.route,
      resource: where.resource.slice(0, 300),
      status: appError.status,
      code: appError.code,
      actor: { id: actor.userId, email: actor.email, role: actor.role },
      tenantId: actor.tenantId,
      partnerId: actor.partnerId,
      client: actor.client,
      requestId: actor.requestId,
    }
    const ttl = Math.floor(now.getTime() / 1000) + RETENTION_DAYS * 24 * 3600
    await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...keys.securityEvent(at.slice(0, 7), id), ...event, ttl }) }))
  } catch (failure) {
    console.error(JSON.stringify({ level: 'error', requestId: actor.requestId, message: 'security event not recorded', name: (failure as Error)?.name, kind }))
  }
}
