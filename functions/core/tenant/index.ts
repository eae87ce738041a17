import { useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, query } from '../db/read'
import { commit } from '../db/write'
import { AppError, forbidden, versionMismatch } from '../error'
import { bumped, created } from '../util/entity'
import { fn } from '../util/fn'
import { PageQuery } from '../util/schema'
import { accessibleTenant, tenantItem } from './access'
import { TenantCreate, TenantUpdate, type TenantInfo } from './schema'
import { forgetTenantStatus } from './status'

export * from './schema'
export { accessibleTenant as get } from './access'

export const create = fn(TenantCreate, async (input) => {
  const actor = useUser()
  const partnerId = actor.role === 'partner-admin' ? actor.partnerId : input.partnerId
  if (!partnerId) throw new AppError(400, 'tenant.partner_required', 'Name the partner that supports this country')
  if (actor.role === 'platform-admin' && !(await getItem(keys.partner(partnerId)))) throw new AppError(400, 'partner.not_found', 'No such partner')
  const tenant: TenantInfo = { ...input, partnerId, status: 'active', ...created() }
  await commit([{ put: tenantItem(tenant), when: 'absent', conflict: () => new AppError(409, 'tenant.exists', `${tenant.id} is already a tenant`) }], {
    audit: { action: 'tenant.create', entityType: 'tenant', entityId: tenant.id, after: tenant, tenantId: tenant.id },
    result: tenant,
  })
  forgetTenantStatus(tenant.id)
  return tenant
})

export const list = fn(PageQuery, async ({ cursor, limit }) => {
  const actor = useUser()
  if (actor.tenantId) return { items: [await accessibleTenant(actor.tenantId)], cursor: null }
  const page =
    actor.role === 'platform-admin'
      ? await query({ index: 'gsi1', partition: keys.tenantsList().gsi1pk, cursor, limit })
      : actor.role === 'partner-admin'
        ? await query({ index: 'gsi2', partition: keys.partnerTenantsList(actor.partnerId!).gsi2pk, cursor, limit })
        : undefined
  if (!page) throw forbidden()
  return { items: page.items.map((i) => strip<TenantInfo>(i)), cursor: page.cursor }
})

export async function update(tenantId: string, version: number, changes: TenantUpdate) {
  const current = await accessibleTenant(tenantId)
  if (current.version !== version) throw versionMismatch(current.version)
  const next: TenantInfo = { ...current, ...TenantUpdate.parse(changes), ...bumped(current) }
  await save(current, next, 'tenant.update')
  return next
}

export async function setStatus(tenantId: string, status: 'active' | 'suspended') {
  if (useUser().role !== 'platform-admin') throw forbidden('Only the platform can suspend or resume a country')
  const current = await accessibleTenant(tenantId)
  if (current.status === 'offboarded') throw new AppError(409, 'tenant.offboarded', 'This country has been offboarded')
  if (current.status === status) return current
  const next: TenantInfo = { ...current, status, ...bumped(current) }
  await save(current, next, status === 'suspended' ? 'tenant.suspend' : 'tenant.resume')
  return next
}

async function save(current: TenantInfo, next: TenantInfo, action: string) {
  await commit([{ put: tenantItem(next), when: { version: current.version }, conflict: () => versionMismatch() }], {
    audit: { action, entityType: 'tenant', entityId: next.id, before: current, after: next, tenantId: next.id },
    result: next,
  })
  forgetTenantStatus(next.id)
}
