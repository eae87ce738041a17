import type { z } from 'zod/mini'
import { deploymentItem } from '../deployment'
import type { DeploymentInfo } from '../deployment/schema'
import { keys } from '../db/keys'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { newId } from '../id'
import { bumped, created } from '../util/entity'
import * as worker from '../worker'
import { assertWritable, listChildren } from '../worker/children'
import { workerWrites } from '../worker/item'
import type { WorkerInfo } from '../worker/schema'
import { ExitCreate, type ExitInfo } from './schema'

export * from './schema'

/**
 * An exit ends the worker's open deployments on the exit date and sets the status (exited, or deceased),
 * in one transaction. The worker keeps its last place in the hierarchy, so a district still counts its leavers.
 */
export async function create(workerId: string, input: z.input<typeof ExitCreate>) {
  const data = ExitCreate.parse(input)
  const w = await worker.load(workerId)
  assertWritable(w)
  if (w.status === 'exited' || w.status === 'deceased') throw new AppError(409, 'worker.already_exited', 'This worker has already exited')
  const exit: ExitInfo = { id: newId('exit'), workerId, ...data, ...created() }
  const writes = exitWrites(w, exit, await listChildren<DeploymentInfo>(workerId, 'DEP'))
  await commit(writes, { audit: { action: 'exit.create', entityType: 'worker', entityId: workerId, before: w, after: exit }, result: exit })
  return exit
}

/** The exit, its open deployments ended on its date, and the worker's new status (for one transaction). */
export function exitWrites(w: WorkerInfo, exit: ExitInfo, deployments: DeploymentInfo[]): Write[] {
  const writes: Write[] = [{ put: { ...keys.workerChild(w.id, 'EXT', exit.id), ...keys.changeFeed(exit.updatedAt, exit.id), ...exit }, when: 'absent' }]
  for (const open of deployments.filter((d) => !d.endDate)) {
    const endDate = open.startDate > exit.date ? open.startDate : exit.date
    writes.push({ put: deploymentItem({ ...open, endDate, endReason: `exit: ${exit.reason}`, ...bumped(open) }), when: { version: open.version }, conflict: () => versionMismatch() })
  }
  const { facilityId: _f, ...rest } = w
  writes.push(...workerWrites({ ...rest, status: exit.reason === 'death' ? 'deceased' : 'exited', ...bumped(w) }, { version: w.version }))
  return writes
}

export async function list(workerId: string) {
  await worker.load(workerId)
  return { items: (await listChildren<ExitInfo>(workerId, 'EXT')).sort((a, b) => b.date.localeCompare(a.date)), cursor: null }
}
