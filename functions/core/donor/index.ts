import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit } from '../db/write'
import { notFound } from '../error'
import { newId } from '../id'
import { created } from '../util/entity'
import { fn } from '../util/fn'
import { PageQuery } from '../util/schema'
import { DonorCreate, type DonorInfo } from './schema'

export * from './schema'

export const create = fn(DonorCreate, async (input) => {
  const donor: DonorInfo = { id: newId('donor'), ...input, ...created() }
  await commit([{ put: { ...keys.donor(donor.id), ...keys.donorsList(), gsi1sk: donor.name.toLowerCase(), ...donor }, when: 'absent' }], {
    audit: { action: 'donor.create', entityType: 'donor', entityId: donor.id, after: donor },
    result: donor,
  })
  return donor
})

export async function get(donorId: string) {
  const item = await getItem(keys.donor(donorId))
  if (!item) throw notFound('donor')
  return strip<DonorInfo>(item)
}

export const list = fn(PageQuery, async ({ cursor, limit }) => {
  const page = await query({ index: 'gsi1', partition: keys.donorsList().gsi1pk, cursor, limit })
  return { items: page.items.map((i) => strip<DonorInfo>(i)), cursor: page.cursor }
})
