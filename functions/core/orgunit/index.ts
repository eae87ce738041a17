import type { z } from 'zod/mini'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { newId } from '../id'
import { assertInScope, effectivePath, scopePath } from '../scope'
import { bumped, created } from '../util/entity'
import { normalizeName } from '../util/text'
import { FacilityCreate, OrgUnitCreate, OrgUnitQuery, OrgUnitUpdate, type OrgUnitInfo } from './schema'

export * from './schema'

export function orgUnitItem(u: OrgUnitInfo) {
  return {
    ...keys.orgUnit(u.id),
    ...keys.orgUnitPath(u.path),
    ...keys.orgUnitChild(u.parentId, normalizeName(u.name), u.id),
    ...keys.changeFeed(u.updatedAt, u.id),
    ...u,
  }
}

/** Reads a node the caller may see (inside their subtree); anything else is 404. */
export async function get(id: string): Promise<OrgUnitInfo> {
  const item = await getItem(keys.orgUnit(id))
  if (!item) throw notFound('orgunit')
  const unit = strip<OrgUnitInfo>(item)
  await assertInScope(unit.path, 'orgunit')
  return unit
}

async function parentOf(parentId: string | undefined) {
  if (!parentId) {
    if (await scopePath()) throw new AppError(403, 'auth.forbidden', 'A scoped user adds units only inside their own subtree')
    return undefined
  }
  const parent = await get(parentId).catch(() => {
    throw new AppError(400, 'orgunit.parent_not_found', 'The parent org unit does not exist', { field: 'parentId' })
  })
  if (parent.kind !== 'unit') throw new AppError(400, 'orgunit.parent_is_facility', 'A facility cannot contain other units', { field: 'parentId' })
  return parent
}

async function add(input: z.output<typeof OrgUnitCreate> | z.output<typeof FacilityCreate>, kind: 'unit' | 'facility') {
  const parent = await parentOf(input.parentId)
  const id = newId(kind === 'unit' ? 'orgUnit' : 'facility')
  const unit: OrgUnitInfo = { ...input, id, kind, path: `${parent?.path ?? '/'}${id}/`, depth: (parent?.depth ?? -1) + 1, ...created() }
  await commit([{ put: orgUnitItem(unit), when: 'absent' }], {
    audit: { action: `${kind === 'unit' ? 'orgunit' : 'facility'}.create`, entityType: kind === 'unit' ? 'orgunit' : 'facility', entityId: id, after: unit },
    result: unit,
  })
  return unit
}

export const createUnit = (input: z.input<typeof OrgUnitCreate>) => add(OrgUnitCreate.parse(input), 'unit')
export const createFacility = (input: z.input<typeof FacilityCreate>) => add(FacilityCreate.parse(input), 'facility')

export async function update(id: string, version: number, changes: OrgUnitUpdate) {
  const current = await get(id)
  if (current.version !== version) throw versionMismatch(current.version)
  const parsed = OrgUnitUpdate.parse(changes)
  if (current.kind === 'unit' && (parsed.facilityType || parsed.ownership || parsed.coordinates))
    throw new AppError(400, 'orgunit.not_facility', 'Only facilities have a type, ownership and coordinates')
  const next: OrgUnitInfo = { ...current, ...parsed, ...bumped(current) }
  await commit([{ put: orgUnitItem(next), when: { version }, conflict: () => versionMismatch() }], {
    audit: { action: `${current.kind === 'unit' ? 'orgunit' : 'facility'}.update`, entityType: current.kind === 'unit' ? 'orgunit' : 'facility', entityId: id, before: current, after: next },
    result: next,
  })
  return next
}

/** Children of a unit (or the roots), or a whole subtree with `under`; never more than the caller's subtree. */
export async function list(input: z.input<typeof OrgUnitQuery>, kindOverride?: 'unit' | 'facility') {
  const q = OrgUnitQuery.parse(input)
  const kind = kindOverride ?? q.kind
  const filter = kind ? { expression: '#kind = :kind', names: { '#kind': 'kind' }, values: { ':kind': kind } } : undefined
  let page
  if (q.under || kindOverride === 'facility') {
    const path = await effectivePath(q.under ? (await get(q.under)).path : undefined)
    if (path === null) return { items: [], cursor: null }
    page = await query({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: path ?? '/', cursor: q.cursor, limit: q.limit, filter })
  } else {
    const scope = await scopePath()
    if (!q.parentId && scope) {
      // a scoped user's "roots" are their own unit
      const own = scope.split('/').filter(Boolean).pop()!
      return { items: [await get(own)], cursor: null }
    }
    if (q.parentId) await get(q.parentId)
    page = await query({ index: 'gsi3', partition: keys.orgUnitChild(q.parentId, '', '').gsi3pk, cursor: q.cursor, limit: q.limit, filter })
  }
  return { items: page.items.map((i) => strip<OrgUnitInfo>(i)).filter((u) => u.id !== q.under), cursor: page.cursor }
}
