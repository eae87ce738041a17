import { BatchWriteItemCommand } from '@aws-sdk/client-dynamodb'
import { asTenantSystem } from '../functions/core/actor'
import { config } from '../functions/core/config'
import { dynamo } from '../functions/core/db/client'
import { keys } from '../functions/core/db/keys'
import { toAttr, type Item } from '../functions/core/db/marshal'
import { newId } from '../functions/core/id'
import { workerWrites } from '../functions/core/worker/item'
import type { WorkerInfo } from '../functions/core/worker/schema'
import { profiles, rng, syntheticWorker } from '../functions/local/synthetic'

/**
 * Loads `count` synthetic workers into a tenant with BatchWriteItem, built by the same item builders the
 * domain uses (so the indexes are exactly what the API writes), spread over the given facilities.
 */
export async function bulkWorkers(tenantId: string, profileId: string, count: number, cadreId: string, facilities: { id: string; path: string }[]) {
  const r = rng(count)
  const p = profiles[profileId]!
  const items: Item[] = []
  let written = 0
  const flush = async (force = false) => {
    while (items.length >= 25 * 16 || (force && items.length)) {
      const chunk = items.splice(0, 25 * 16)
      await Promise.all(
        Array.from({ length: Math.ceil(chunk.length / 25) }, (_, i) => write(chunk.slice(i * 25, i * 25 + 25))),
      )
      written += chunk.length
    }
  }
  await asTenantSystem(tenantId, 'bench', async () => {
    for (let n = 0; n < count; n++) {
      const s = syntheticWorker(r, p, n + 1_000_000)
      const facility = facilities[n % facilities.length]!
      const now = new Date().toISOString()
      const w: WorkerInfo = {
        id: newId('worker'), ...s.identity, nationalId: `${tenantId}-${n}`, cadreId, qualifications: [], status: 'active', trainingOrigin: 'domestic',
        facilityId: facility.id, path: facility.path, version: 1, createdAt: now, updatedAt: now,
      } as WorkerInfo
      for (const wr of workerWrites(w, 'absent')) if ('put' in wr) items.push(wr.put)
      items.push({ ...keys.nationalId(w.nationalId!), workerId: w.id })
      await flush()
    }
    await flush(true)
  })
  return written
}

async function write(batch: Item[]) {
  let pending = batch.map((Item) => ({ PutRequest: { Item: toAttr(Item) } }))
  for (let attempt = 0; pending.length; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, 20 * attempt))
    const out = await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))
    pending = (out.UnprocessedItems?.[config.table] ?? []) as typeof pending
  }
}
