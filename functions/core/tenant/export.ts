import { BatchWriteItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb'
import { useUser } from '../actor'
import { recordRead } from '../audit'
import { config } from '../config'
import { dynamo } from '../db/client'
import { fromAttr, toAttr, type Item } from '../db/marshal'
import { commit } from '../db/write'
import { AppError, forbidden } from '../error'
import { bumped } from '../util/entity'
import { accessibleTenant, tenantItem } from './access'
import { forgetTenantStatus } from './status'
import type { TenantInfo } from './schema'

const SEGMENTS = 4

/**
 * Every item of one tenant: its record, every `T#<id>#...` partition, and the membership pointers in its
 * users' partitions. A parallel filtered Scan: this is an offboarding and portability job run rarely and by
 * the platform, not a request path (day-to-day backup is point-in-time recovery, see the README runbook).
 */
export async function tenantItems(tenantId: string): Promise<Item[]> {
  const segments = await Promise.all(
    Array.from({ length: SEGMENTS }, async (_, segment) => {
      const items: Item[] = []
      let start: Record<string, AttributeValue> | undefined
      do {
        const out = await dynamo().send(
          new ScanCommand({
            TableName: config.table,
            Segment: segment,
            TotalSegments: SEGMENTS,
            ExclusiveStartKey: start,
            FilterExpression: 'pk = :t OR begins_with(pk, :p) OR (begins_with(pk, :u) AND sk = :m)',
            ExpressionAttributeValues: toAttr({ ':t': `T#${tenantId}`, ':p': `T#${tenantId}#`, ':u': 'G#U#', ':m': `M#T#${tenantId}` }),
          }),
        )
        items.push(...(out.Items ?? []).map((i) => fromAttr(i)))
        start = out.LastEvaluatedKey
      } while (start)
      return items
    }),
  )
  // request counters are not data: they describe the last ten seconds, not the registry
  return segments.flat().filter((i) => !String(i.pk).endsWith('#RATE')).sort((a, b) => `${a.pk}|${a.sk}`.localeCompare(`${b.pk}|${b.sk}`))
}

/**
 * The whole tenant as one document. It holds every person's record, so it is a read of each: one audit
 * event in the tenant's log says who took it (written after the scan, so an export never contains its own
 * trace and a restored copy exports identically).
 */
export async function exportTenant(tenantId: string) {
  const document = await snapshot(tenantId)
  await recordRead({ action: 'tenant.export', entityType: 'tenant', entityId: tenantId, tenantId, after: { items: document.items.length } })
  return document
}

async function snapshot(tenantId: string) {
  const actor = useUser()
  if (actor.role !== 'platform-admin' && !(actor.role === 'ministry-admin' && actor.tenantId === tenantId)) throw forbidden()
  const tenant = await accessibleTenant(tenantId)
  return { format: 'cadre.tenant-export.v1', exportedAt: new Date().toISOString(), tenant, items: await tenantItems(tenantId) }
}

/** Writes an export back into a table (restore, or a move to a dedicated regional stage). */
export async function importItems(items: Item[]) {
  for (let i = 0; i < items.length; i += 25) await batch(items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: toAttr(item) } })))
}

/** Offboarding: the tenant must be suspended first; its data is exported, then deleted, leaving a tombstone. */
export async function offboard(tenantId: string) {
  if (useUser().role !== 'platform-admin') throw forbidden('Only the platform can offboard a country')
  const tenant = await accessibleTenant(tenantId)
  if (tenant.status !== 'suspended') throw new AppError(409, 'tenant.not_suspended', 'Suspend the country before offboarding it')
  // the offboarding event (in the platform's log) is the trace of this export; the tenant's log goes with it
  const exported = await snapshot(tenantId)
  const doomed = exported.items.filter((i) => !(i.pk === `T#${tenantId}` && i.sk === 'TENANT'))
  for (let i = 0; i < doomed.length; i += 25)
    await batch(doomed.slice(i, i + 25).map((item) => ({ DeleteRequest: { Key: toAttr({ pk: item.pk, sk: item.sk }) } })))
  const next: TenantInfo = { ...tenant, status: 'offboarded', ...bumped(tenant) }
  await commit([{ put: tenantItem(next), when: { version: tenant.version } }], {
    audit: { action: 'tenant.offboard', entityType: 'tenant', entityId: tenantId, before: tenant, after: { ...next, deletedItems: doomed.length } },
  })
  forgetTenantStatus(tenantId)
  return { ...exported, deletedItems: doomed.length }
}

async function batch(requests: NonNullable<ConstructorParameters<typeof BatchWriteItemCommand>[0]['RequestItems']>[string]) {
  let pending = requests
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 8) throw new AppError(503, 'service.unavailable', 'The database is busy; try again', {}, { 'Retry-After': '2' })
    if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
    const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
    pending = out.UnprocessedItems?.[config.table] ?? []
  }
}
