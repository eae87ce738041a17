import { keys } from '../db/keys'
import { strip, type Item } from '../db/marshal'
import { fill, NAME_SEARCH_READ_BUDGET, PAGE_READ_BUDGET } from '../db/fill'
import { batchGet, getItem, type QueryInput } from '../db/read'
import * as orgunit from '../orgunit'
import { effectivePath } from '../scope'
import { normalizeName } from '../util/text'
import { fullName, summaryOf } from './item'
import { statusIndexBuilt } from './status-index'
import { WorkerQuery, type WorkerInfo } from './schema'

const looksLikeIdentifier = (q: string) => /\d/.test(q) && !/\s/.test(q)

/**
 * Lists and searches workers through the index that fits the request (name, subtree, cadre, licence expiry,
 * identifier), never a scan. Other filters narrow the index's pages; a page is refilled until it is full,
 * the index is exhausted or the page's read budget is spent, so filters cost reads, not correctness. A status
 * other than `active` reads the status index (only the workers who have it), once the country's is built.
 */
export async function list(input: WorkerQuery) {
  const q = WorkerQuery.parse(input)
  // the marker is read beside the unit: a status other than `active` rides the status index once it is built
  const [requested, byStatusIndex] = await Promise.all([
    q.orgUnitId ? orgunit.get(q.orgUnitId).then((u) => u.path) : undefined,
    q.status && q.status !== 'active' ? statusIndexBuilt() : false,
  ])
  const path = await effectivePath(requested)
  if (path === null) return { items: [], cursor: null }

  if (q.q && looksLikeIdentifier(q.q)) return byIdentifier(q.q, path)

  const filters: string[] = []
  const names: Record<string, string> = {}
  const values: Item = {}
  if (q.status) (filters.push('#status = :status'), (names['#status'] = 'status'), (values[':status'] = q.status))
  /** an index that is not the subtree's or the cadre's: its pages are narrowed to them by filters */
  const narrowToSubtreeAndCadre = () => {
    if (path) (filters.push('begins_with(#path, :path)'), (names['#path'] = 'path'), (values[':path'] = path))
    if (q.cadreId) (filters.push('#cadre = :cadre'), (names['#cadre'] = 'cadreId'), (values[':cadre'] = q.cadreId))
  }
  if (q.licenceExpiringBefore) {
    const page = await fill({ index: 'gsi1', partition: keys.licenceExpiryPartition(), before: `${q.licenceExpiringBefore}#`, cursor: q.cursor, limit: q.limit }, q.limit)
    const workers = await batchWorkers([...new Set(page.items.map((l) => l.workerId as string))])
    const visible = workers.filter((w) => (!path || w.path.startsWith(path)) && (!q.status || w.status === q.status) && (!q.cadreId || w.cadreId === q.cadreId))
    // the licence that put the worker on this page: the list reads in expiry order, and says so
    const expiry = new Map<string, string>()
    for (const l of page.items) if (!expiry.has(l.workerId as string)) expiry.set(l.workerId as string, l.expiresAt as string)
    return { items: visible.map((w) => ({ ...summaryOf(w), licenceExpiresAt: expiry.get(w.id) })), cursor: page.cursor }
  }

  let input2: QueryInput
  if (q.status && byStatusIndex && !(q.q && !q.sort)) {
    // merged records leave every index: none is listed by status, as none is by name
    if (q.status === 'merged') return { items: [], cursor: null }
    // the few of that status, in name order; the subtree and the cadre narrow them (a filter within the budget:
    // cheap while the status is rare, though a small district in a large status, e.g. years of exits, reads more)
    narrowToSubtreeAndCadre()
    input2 = { index: 'gsi7', partition: keys.workerStatusPartition(q.status), prefix: q.q ? normalizeName(q.q) : undefined, newestFirst: q.sort === '-name' }
  } else if (q.q && !q.sort) {
    narrowToSubtreeAndCadre()
    const filter = filters.length ? { expression: filters.join(' AND '), names, values } : undefined
    const prefix = normalizeName(q.q)
    if (!prefix) return { items: [], cursor: null }
    return searchByName(prefix, filter, q.cursor, q.limit)
  } else if (q.q || q.sort) {
    // the name index, narrowed by filters: slower for a small subtree, but in name order
    narrowToSubtreeAndCadre()
    input2 = { index: 'gsi1', partition: keys.workerNamePartition(), prefix: q.q ? normalizeName(q.q) : undefined, newestFirst: q.sort === '-name' }
  } else if (q.cadreId) {
    input2 = { index: 'gsi3', partition: keys.workerCadrePartition(q.cadreId), prefix: path ?? '/' }
  } else if (path) {
    input2 = { index: 'gsi2', partition: keys.workerPathPartition(), prefix: path }
  } else {
    input2 = { index: 'gsi1', partition: keys.workerNamePartition() }
  }
  const filter = filters.length ? { expression: filters.join(' AND '), names, values } : undefined
  const page = await fill({ ...input2, filter, cursor: q.cursor, limit: q.limit }, q.limit, q.q ? NAME_SEARCH_READ_BUDGET : PAGE_READ_BUDGET)
  return { items: page.items.map((i) => summaryOf(strip<WorkerInfo>(i))), cursor: page.cursor }
}

/**
 * A name prefix matches family names first (one index partition), then given names (another), so each
 * worker appears once: the second phase skips those the first already returned. The cursor says the phase.
 */
async function searchByName(prefix: string, filter: QueryInput['filter'], cursor: string | undefined, limit: number) {
  let phase = cursor?.startsWith('2:') ? 2 : 1
  let inner = cursor ? cursor.slice(2) || undefined : undefined
  const items: WorkerInfo[] = []
  if (phase === 1) {
    const page = await fill({ index: 'gsi1', partition: keys.workerNamePartition(), prefix, filter, cursor: inner }, limit, NAME_SEARCH_READ_BUDGET)
    items.push(...page.items.map((i) => strip<WorkerInfo>(i)))
    if (page.cursor) return { items: items.map(summaryOf), cursor: `1:${page.cursor}` }
    if (items.length >= limit) return { items: items.map(summaryOf), cursor: '2:' }
    phase = 2
    inner = undefined
  }
  const page = await fill({ index: 'gsi6', partition: keys.workerGivenNamePartition(), prefix, filter, cursor: inner }, limit - items.length, NAME_SEARCH_READ_BUDGET)
  items.push(...page.items.map((i) => strip<WorkerInfo>(i)).filter((w) => !fullName(w).startsWith(prefix)))
  return { items: items.map(summaryOf), cursor: page.cursor ? `2:${page.cursor}` : null }
}

async function byIdentifier(value: string, path: string | undefined) {
  const guards = await Promise.all([getItem<{ workerId: string }>(keys.nationalId(value)), getItem<{ workerId: string }>(keys.registryNumber(value))])
  const ids = [...new Set(guards.filter(Boolean).map((g) => g!.workerId))]
  const workers = await batchWorkers(ids)
  return { items: workers.filter((w) => !path || w.path.startsWith(path)).map(summaryOf), cursor: null }
}

/** The workers by id, in the order asked, eventually consistent as the index pages are (a key left unread after its retries is a 503, never a gap). */
const batchWorkers = async (ids: string[]): Promise<WorkerInfo[]> => (await batchGet<Item>(ids.map((id) => keys.worker(id)), false)).map((i) => strip<WorkerInfo>(i))
