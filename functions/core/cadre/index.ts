import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { commit } from '../db/write'
import { notFound, versionMismatch } from '../error'
import { newId } from '../id'
import { bumped, created } from '../util/entity'
import { fn } from '../util/fn'
import { CadreCreate, CadreUpdate, type CadreInfo } from './schema'

export * from './schema'

const item = (c: CadreInfo) => ({ ...keys.cadre(c.id), ...keys.changeFeed(c.updatedAt, c.id), ...c })
/** the stored item, for writers that commit a cadre with other changes (an import row) */
export { item as cadreItem }

export const create = fn(CadreCreate, async (input) => {
  const cadre: CadreInfo = { id: newId('cadre'), ...input, ...created() }
  await commit([{ put: item(cadre), when: 'absent' }], {
    audit: { action: 'cadre.create', entityType: 'cadre', entityId: cadre.id, after: cadre },
    result: cadre,
  })
  return cadre
})

export async function get(id: string) {
  const found = await getItem(keys.cadre(id))
  if (!found) throw notFound('cadre')
  return strip<CadreInfo>(found)
}

/** A country has tens of cadres, not thousands: the list is one partition, read whole, sorted by name. */
export async function list() {
  const all = await queryAll<CadreInfo>({ partition: keys.cadres().pk }, 2000)
  return { items: all.map((c) => strip<CadreInfo>(c)).sort((a, b) => a.name.localeCompare(b.name)), cursor: null }
}

export async function update(id: string, version: number, changes: CadreUpdate) {
  const current = await get(id)
  if (current.version !== version) throw versionMismatch(current.version)
  const next: CadreInfo = { ...current, ...CadreUpdate.parse(changes), ...bumped(current) }
  await commit([{ put: item(next), when: { version }, conflict: () => versionMismatch() }], {
    audit: { action: 'cadre.update', entityType: 'cadre', entityId: id, before: current, after: next },
    result: next,
  })
  return next
}
