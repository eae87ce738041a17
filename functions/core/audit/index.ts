import * as z from 'zod/mini'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { query, type Page } from '../db/read'
import type { Item } from '../db/marshal'
import { fn } from '../util/fn'
import { encodeTime } from 'ulid'
import { IsoDate, PageQuery, Raw } from '../util/schema'
import { isView, viewActions, type AuditEvent } from './event'
import { both, historyCursor, mergedHistory, notViews, onlyViews, type Filter, type Leg } from './history'

export * from './event'
export * from './reads'
export * from './read-trace'
export { notViews } from './history'

export const AuditQuery = z.extend(PageQuery, {
  entityId: z.optional(Raw(40).check(z.regex(/^[a-z]{2,3}_[0-9a-z]{26}$|^[A-Z]{3}$/, 'an entity id'))),
  /** who acted: their email, exactly */
  actor: z.optional(Raw(254)),
  /** one kind of event, such as `licence.renew` */
  action: z.optional(Raw(60).check(z.regex(/^[a-z_]+\.[a-z_]+$/, 'an action such as licence.renew'))),
  /** from this day (UTC) ... */
  from: z.optional(IsoDate),
  /** ... to this day, included */
  to: z.optional(IsoDate),
  /** the reads of person data (who looked at whom): with the changes (default), left out, or alone */
  views: z._default(z.enum(['with', 'without', 'only']), 'with'),
})

/** The event ids of a day range: ids are ULIDs, time first, so days are a range of the sort key (no scan). */
function dayRange(from: string | undefined, to: string | undefined): [string, string] | undefined {
  if (!from && !to) return undefined
  const start = from ? Date.parse(`${from}T00:00:00Z`) : 0
  const end = to ? Date.parse(`${to}T00:00:00Z`) + 86_400_000 - 1 : Date.now() + 86_400_000
  return [`aud_${encodeTime(start, 10).toLowerCase()}`, `aud_${encodeTime(end, 10).toLowerCase()}~`]
}

/** Newest first; one record's history when `entityId` is given; narrowed by who, what and when. Audit events are never changed or deleted. */
export const list = fn(AuditQuery, async ({ entityId, actor, action, from, to, views, cursor, limit }) => {
  const between = dayRange(from, to)
  if (entityId) return entityHistory(entityId, { actor, action, views, between, cursor, limit })
  const names: Record<string, string> = {}
  const values: Record<string, string> = {}
  const filters: string[] = []
  if (action) (filters.push('#action = :action'), (names['#action'] = 'action'), (values[':action'] = action))
  if (actor) (filters.push('#actor.#email = :actor'), (names['#actor'] = 'actor'), (names['#email'] = 'email'), (values[':actor'] = actor.trim().toLowerCase()))
  if (views !== 'with') {
    names['#action'] = 'action'
    viewActions.forEach((v, n) => (values[`:v${n}`] = v))
    const list = `#action IN (${viewActions.map((_, n) => `:v${n}`).join(', ')})`
    filters.push(views === 'only' ? list : `NOT (${list})`)
  }
  const filter = filters.length ? { expression: filters.join(' AND '), names, values } : undefined
  const where = { partition: keys.auditLog().pk }
  // a filter thins the pages: read on (a few rounds) until the page is full or the log ends
  const items: AuditEvent[] = []
  let next: string | null | undefined = cursor
  for (let round = 0; round < (filter ? 8 : 1); round++) {
    const page: Page<Item> = await query({ ...where, between, filter, cursor: next, limit: limit - items.length, newestFirst: true })
    items.push(...page.items.map((i) => strip<AuditEvent>(i)))
    next = page.cursor
    if (!next || items.length >= limit) break
  }
  return { items, cursor: next ?? null }
})

/**
 * One record's events: its changes and the reads of it are two key ranges of its history, merged by id when
 * both are asked for. Which ranges are read depends on the views wanted and on the kind of action asked for;
 * reads filed among the changes before the ranges were split are found there (`onlyViews`) or left out.
 */
async function entityHistory(
  entityId: string,
  q: { actor?: string; action?: string; views: 'with' | 'without' | 'only'; between?: [string, string]; cursor?: string; limit: number },
) {
  const by: Filter | undefined = q.actor ? { expression: '#actor.#email = :actor', names: { '#actor': 'actor', '#email': 'email' }, values: { ':actor': q.actor.trim().toLowerCase() } } : undefined
  const kind: Filter | undefined = q.action ? { expression: '#action = :action', names: { '#action': 'action' }, values: { ':action': q.action } } : undefined
  const filter = both(by, kind)
  const reads = q.views !== 'without' && (!q.action || isView(q.action))
  const changes = q.views !== 'only' && (!q.action || !isView(q.action))
  const cursor = historyCursor(q.cursor, entityId)
  const legs: Leg[] = []
  if (reads) legs.push({ range: 'reads', filter })
  if (reads && changes) legs.push({ range: 'changes', filter })
  else if (reads) legs.push({ range: 'changes', filter: both(filter, onlyViews()) })
  else if (changes) legs.push({ range: 'changes', filter: both(filter, notViews()) })
  if (!legs.length) return { items: [], cursor: null }
  return mergedHistory({ entityId, legs, lo: q.between?.[0], hi: q.between?.[1], cursor, limit: q.limit })
}
