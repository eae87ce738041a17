import { asTenantSystem } from '../core/actor'
import { applyWorker } from '../core/aggregate/store'
import { keys } from '../core/db/keys'
import { queryAll } from '../core/db/read'
import { eachLimited } from './apply'

/**
 * Re-evaluates the contributions due on or before `day` in every tenant: a licence that expired, a
 * deployment that started or ended, with no write to announce it. The cost is the number of such events,
 * not the number of workers (the due index, gsi1).
 */
export async function tick(day = new Date().toISOString().slice(0, 10)) {
  const tenants = await queryAll<{ id: string; status: string }>({ index: 'gsi1', partition: keys.tenantsList().gsi1pk }, 10_000)
  let moved = 0
  for (const t of tenants.filter((t) => t.status !== 'offboarded')) {
    await asTenantSystem(t.id, 'aggregates-tick', async () => {
      const due = await queryAll<{ sk: string }>({ index: 'gsi1', partition: keys.contributionDuePartition(), between: ['0', `${day}#~`] }, 1_000_000)
      moved += await eachLimited(due.map((d) => d.sk), 4, (id) => applyWorker(id, day, 'tick'))
    })
  }
  return { tenants: tenants.length, moved }
}
