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
import { startJob } from '../../jobs'
import { newJob } from '../../jobs/record'
import { statusIndexMarker } from '../worker/status-index'

export * from './schema'
export { accessibleTenant as get } from './access'

export const create = fn(TenantCreate, async (input) => {
  const actor = useUser()
  const partnerId = actor.role === 'partner-admin' ? actor.partnerId : input.partnerId
  if (!partnerId) throw new AppError(400, 'tenant.partner_required', 'Name the partner that supports this country')
  if (actor.role === 'platform-admin' && !(await getItem(keys.partner(partnerId)))) throw new AppError(400, 'partner.not_found', 'No such partner')
  const tenant: TenantInfo = { ...input, partnerId, status: 'active', ...created() }
  // a new country has no workers: its status index is whole from the start (worker/status-index.ts)
  await commit([{ put: tenantItem(tenant), when: 'absent', conflict: () => new AppError(409, 'tenant.exists', `${tenant.id} is already a tenant`) }, statusIndexMarker(tenant.id, 'tenant.create')], {
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
  if (await getItem(keys.jobLock(tenantId, 'tenant.offboard'))) throw new AppError(409, 'tenant.offboarding', 'This country is being offboarded')
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

/** A country's whole data as a file, written by a job (see core/tenant/export.ts for what it holds). */
export async function startExport(tenantId: string) {
  const actor = useUser()
  if (actor.role !== 'platform-admin' && !(actor.role === 'ministry-admin' && actor.tenantId === tenantId)) throw forbidden()
  await accessibleTenant(tenantId)
  const { job, write } = newJob('tenant.export', tenantId, tenantId, {})
  return startJob(job, [write])
}

/**
 * Offboarding, as a job (functions/jobs/offboard.ts): the country must be suspended first; its data is
 * exported, then deleted, leaving a tombstone. While it runs the country cannot be resumed.
 */
export async function offboard(tenantId: string) {
  if (useUser().role !== 'platform-admin') throw forbidden('Only the platform can offboard a country')
  const tenant = await accessibleTenant(tenantId)
  if (tenant.status !== 'suspended') throw new AppError(409, 'tenant.not_suspended', 'Suspend the country before offboarding it')
  const { job, write } = newJob('tenant.offboard', tenantId, tenantId, {})
  return startJob(job, [
    // the record's version moves on, so a resume racing with this start fails instead of reviving the country
    { put: tenantItem({ ...tenant, ...bumped(tenant) }), when: { version: tenant.version }, conflict: () => versionMismatch() },
    { put: { ...keys.jobLock(tenantId, 'tenant.offboard'), jobId: job.id }, when: 'absent', conflict: () => new AppError(409, 'tenant.offboarding', 'This country is being offboarded') },
    write,
  ], { action: 'tenant.offboard_start', entityType: 'tenant', entityId: tenantId, after: { jobId: job.id } })
}
