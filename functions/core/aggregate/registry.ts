import { keys } from '../db/keys'
import { queryAll } from '../db/read'
import { consistentQuery } from './store'

/** Workers whose path starts with `path` (a facility's: the workers there), through the path index. */
export async function workersAt(path: string): Promise<string[]> {
  const items = await queryAll<{ id: string }>({ index: 'gsi2', partition: keys.workerPathPartition(), prefix: path }, 1_000_000)
  return items.map((i) => i.id)
}

/**
 * Every worker the aggregates may concern, through the tenant's own keys: the path index (every worker not
 * merged away) and the contributions (a worker merged or deleted since it was counted). Never a table scan.
 */
export async function allWorkerIds(): Promise<string[]> {
  const ids = new Set(await workersAt('/'))
  for (const c of await consistentQuery(keys.contributions())) ids.add(String(c.sk))
  return [...ids].sort()
}
