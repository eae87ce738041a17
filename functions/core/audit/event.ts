import * as z from 'zod/mini'
import { actorRef, useActor } from '../actor'
import { keys } from '../db/keys'
import { newId } from '../id'

export const AuditEvent = z.object({
  id: z.string(),
  at: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  tenantId: z.optional(z.string()),
  requestId: z.string(),
  actor: z.object({ type: z.string(), id: z.string(), email: z.optional(z.string()), role: z.optional(z.string()) }),
  before: z.optional(z.unknown()),
  after: z.optional(z.unknown()),
  /** a read: what showed the data (`GET /api/v1/workers/:workerId/licences`, `409 worker.probable_duplicate`) */
  via: z.optional(z.string()),
  /** a read of several people (a list page, duplicate candidates): the workers it showed */
  ids: z.optional(z.array(z.string())),
})
export type AuditEvent = z.infer<typeof AuditEvent>

export interface AuditInput {
  action: string
  entityType: string
  entityId: string
  before?: unknown
  after?: unknown
  /** the country acted on, when the actor (a partner, the platform) is not inside it */
  tenantId?: string
  via?: string
  ids?: string[]
}

/** The events that record a read of person data rather than a change. */
export const viewActions = ['worker.read', 'worker.list', 'worker.search', 'worker.export', 'worker.candidates', 'tenant.export', 'tenant.export_download'] as const
export const isView = (action: string) => (viewActions as readonly string[]).includes(action)

/** Secrets never reach the audit log, even inside before/after images. */
const secretFields = new Set(['passwordHash', 'tokenHash', 'refreshHash', 'previousRefreshHash'])
function redact(value: unknown): unknown {
  if (!value || typeof value !== 'object') return value
  if (Array.isArray(value)) return value.map(redact)
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    if (secretFields.has(k) || /^(pk|sk|gsi\dpk|gsi\dsk|ttl)$/.test(k)) continue
    // a photo would fill the audit item; its presence is what matters
    out[k] = k === 'photo' && typeof v === 'string' ? `[photo, ${v.length} chars]` : redact(v)
  }
  return out
}

/** The audit item for one change or read; written in the same transaction as the change itself. */
export function auditItem(input: AuditInput) {
  const actor = useActor()
  const id = newId('audit')
  const event: AuditEvent = {
    id,
    at: new Date().toISOString(),
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    tenantId: input.tenantId ?? (actor.kind !== 'public' ? actor.tenantId : undefined),
    requestId: actor.requestId,
    actor: actorRef(),
    before: redact(input.before),
    after: redact(input.after),
    via: input.via,
    ids: input.ids,
  }
  // a read of many people is filed in the log alone: one record's history lists what happened to that record.
  // A read of one record is filed in its history apart from the changes (reads outnumber them by far): the
  // changes are one key range that never reads a view, and who looked at the record is another
  const history = input.ids ? {} : { ...keys.entityHistory(input.entityId, input.tenantId), ...(isView(input.action) ? keys.historyRead(id) : keys.historyChange(id)) }
  return { ...keys.audit(id, input.tenantId), ...history, ...event }
}
