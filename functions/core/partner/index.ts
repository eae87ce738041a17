import { useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit } from '../db/write'
import { forbidden, notFound } from '../error'
import { refused } from '../security/probe'
import { newId } from '../id'
import { fn } from '../util/fn'
import { created } from '../util/entity'
import { PageQuery } from '../util/schema'
import { PartnerCreate, type PartnerInfo } from './schema'

export * from './schema'

export const create = fn(PartnerCreate, async (input) => {
  const partner: PartnerInfo = { id: newId('partner'), ...input, ...created() }
  await commit([{ put: { ...keys.partner(partner.id), ...keys.partnersList(), gsi1sk: partner.name.toLowerCase(), ...partner }, when: 'absent' }], {
    audit: { action: 'partner.create', entityType: 'partner', entityId: partner.id, after: partner },
    result: partner,
  })
  return partner
})

export async function get(partnerId: string) {
  const actor = useUser()
  if (actor.role !== 'platform-admin' && actor.partnerId !== partnerId) throw refused(notFound('partner'), 'cross-tenant')
  const item = await getItem(keys.partner(partnerId))
  if (!item) throw notFound('partner')
  return strip<PartnerInfo>(item)
}

export const list = fn(PageQuery, async ({ cursor, limit }) => {
  const actor = useUser()
  if (actor.role === 'partner-admin') return { items: [await get(actor.partnerId!)], cursor: null }
  if (actor.role !== 'platform-admin') throw forbidden()
  const page = await query({ index: 'gsi1', partition: keys.partnersList().gsi1pk, cursor, limit })
  return { items: page.items.map((i) => strip<PartnerInfo>(i)), cursor: page.cursor }
})
