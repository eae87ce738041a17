import * as z from 'zod/mini'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { query } from '../db/read'
import { fn } from '../util/fn'
import { PageQuery, Raw } from '../util/schema'
import type { AuditEvent } from './event'

export * from './event'
export * from './reads'
export * from './read-trace'

export const AuditQuery = z.extend(PageQuery, {
  entityId: z.optional(Raw(40).check(z.regex(/^[a-z]{2,3}_[0-9a-z]{26}$|^[A-Z]{3}$/, 'an entity id'))),
})

/** Newest first; one record's history when `entityId` is given. Audit events are never changed or deleted. */
export const list = fn(AuditQuery, async ({ entityId, cursor, limit }) => {
  const page = entityId
    ? await query({ index: 'gsi1', partition: keys.entityHistory(entityId).gsi1pk, cursor, limit, newestFirst: true })
    : await query({ partition: keys.auditLog().pk, cursor, limit, newestFirst: true })
  return { items: page.items.map((i) => strip<AuditEvent>(i)), cursor: page.cursor }
})
