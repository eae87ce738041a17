import { useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem } from '../db/read'
import { notFound } from '../error'
import { refused } from '../security/probe'
import type { TenantInfo } from './schema'

/**
 * Reads a tenant record the caller may see: any for the platform, its own partner's for a partner admin,
 * its own for a country role. Anything else is 404, so the existence of other countries does not leak.
 */
export async function accessibleTenant(tenantId: string): Promise<TenantInfo> {
  const actor = useUser()
  const ownCountry = actor.tenantId === tenantId
  if (actor.role !== 'platform-admin' && actor.role !== 'partner-admin' && !ownCountry) throw refused(notFound('tenant'), 'cross-tenant')
  const item = await getItem(keys.tenantRecord(tenantId))
  if (!item) throw notFound('tenant')
  const tenant = strip<TenantInfo>(item)
  if (actor.role === 'partner-admin' && tenant.partnerId !== actor.partnerId) throw refused(notFound('tenant'), 'cross-tenant')
  if (tenant.status === 'offboarded' && actor.role !== 'platform-admin') throw notFound('tenant')
  return tenant
}

export function tenantItem(tenant: TenantInfo) {
  return {
    ...keys.tenantRecord(tenant.id),
    ...keys.tenantsList(),
    gsi1sk: tenant.id,
    ...keys.partnerTenantsList(tenant.partnerId),
    gsi2sk: tenant.id,
    ...tenant,
  }
}
