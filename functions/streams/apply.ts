import { asTenantSystem } from '../core/actor'
import { applyWorker, noteApplied } from '../core/aggregate/store'
import { workersAt } from '../core/aggregate/registry'
import { keys } from '../core/db/keys'
import { getItem } from '../core/db/read'
import { changeTime, targetOf, type ChangeRecord } from './records'

const CONCURRENCY = 4

/**
 * Applies a batch of stream records: each worker named by the batch is recomputed once, whatever the
 * number, order or repetition of its records. Throws if anything failed, so the batch is delivered again
 * (which is harmless: applying is idempotent).
 */
export async function applyRecords(records: ChangeRecord[]) {
  const byTenant = new Map<string, { workers: Set<string>; facilities: Set<string>; newest: string; sequence?: string }>()
  for (const record of records) {
    const target = targetOf(record)
    if (!target) continue
    const t = byTenant.get(target.tenantId) ?? { workers: new Set<string>(), facilities: new Set<string>(), newest: '' }
    if (target.kind === 'worker') t.workers.add(target.workerId)
    else t.facilities.add(target.facilityPath)
    const at = changeTime(record)
    if (at > t.newest) t.newest = at
    t.sequence = record.dynamodb?.SequenceNumber ?? t.sequence
    byTenant.set(target.tenantId, t)
  }
  let moved = 0
  for (const [tenantId, t] of byTenant) {
    await asTenantSystem(tenantId, 'aggregates', async () => {
      // an offboarded country's data is gone: its late records have nothing to count
      const tenant = await getItem<{ status: string }>(keys.tenantRecord(tenantId))
      if (!tenant || tenant.status === 'offboarded') return
      for (const path of t.facilities) for (const id of await workersAt(path)) t.workers.add(id)
      moved += await eachLimited([...t.workers], CONCURRENCY, (id) => applyWorker(id, undefined, t.sequence))
      await noteApplied(t.newest, t.sequence)
    })
  }
  return { records: records.length, tenants: byTenant.size, moved }
}

export async function eachLimited<T>(items: T[], limit: number, run: (item: T) => Promise<boolean>) {
  let next = 0
  let count = 0
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) if (await run(items[next++]!)) count++
  })
  await Promise.all(lanes)
  return count
}
