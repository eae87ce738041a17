import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { AppError } from '../error'

/**
 * Every tenant-scoped request checks that its tenant is active. The answer is cached for a few seconds per
 * process (this instance forgets it at once when it changes the status itself), so suspension reaches every
 * Lambda instance within CACHE_MS without a read on each request.
 */
const CACHE_MS = 3000
const cache = new Map<string, { status: string; at: number }>()

export function forgetTenantStatus(tenantId: string) {
  cache.delete(tenantId)
}

export async function assertTenantActive(tenantId: string) {
  let hit = cache.get(tenantId)
  if (!hit || Date.now() - hit.at > CACHE_MS) {
    const item = await getItem<{ status: string }>(keys.tenantRecord(tenantId), false)
    hit = { status: item?.status ?? 'missing', at: Date.now() }
    cache.set(tenantId, hit)
  }
  if (hit.status === 'suspended') throw new AppError(403, 'tenant.suspended', 'This country is suspended; contact your partner')
  if (hit.status !== 'active') throw new AppError(403, 'tenant.inactive', 'This country is no longer served')
}
