import type { z } from 'zod/mini'
import * as cadre from '../cadre'
import { keys } from '../db/keys'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { newId } from '../id'
import * as orgunit from '../orgunit'
import { bumped, created } from '../util/entity'
import * as worker from '../worker'
import { assertWritable, getChild, listChildren } from '../worker/children'
import { workerWrites } from '../worker/item'
import type { WorkerInfo } from '../worker/schema'
import { DeploymentCreate, DeploymentEnd, type DeploymentInfo } from './schema'

export * from './schema'

export const deploymentItem = (d: DeploymentInfo) => ({ ...keys.workerChild(d.workerId, 'DEP', d.id), ...keys.changeFeed(d.updatedAt, d.id), ...d })
const isOpen = (d: DeploymentInfo) => !d.endDate

export async function list(workerId: string) {
  await worker.load(workerId)
  const items = await listChildren<DeploymentInfo>(workerId, 'DEP')
  return { items: items.sort((a, b) => b.startDate.localeCompare(a.startDate)), cursor: null }
}

/**
 * A new open deployment is a transfer: the open one ends the day the new one starts, and the worker moves
 * to the new facility (and so into its subtree), all in one transaction with the audit.
 */
export async function create(workerId: string, input: z.input<typeof DeploymentCreate>) {
  const data = DeploymentCreate.parse(input)
  const w = await worker.load(workerId)
  assertWritable(w)
  if (w.status === 'exited' || w.status === 'deceased') throw new AppError(409, 'worker.not_active', 'Record a return (status active) before deploying this worker')
  const facility = await orgunit.get(data.facilityId).catch(() => {
    throw new AppError(400, 'deployment.facility_not_found', 'No such facility (or outside your area)', { field: 'facilityId' })
  })
  if (facility.kind !== 'facility') throw new AppError(400, 'deployment.not_a_facility', 'Deploy to a facility, not an org unit', { field: 'facilityId' })
  if (data.cadreId) await cadre.get(data.cadreId)
  const deployment: DeploymentInfo = {
    id: newId('deployment'),
    workerId,
    ...data,
    facilityName: facility.name,
    cadreId: data.cadreId ?? w.cadreId,
    sector: data.sector ?? facility.ownership ?? 'public',
    ...created(),
  }
  const writes: Write[] = [{ put: deploymentItem(deployment), when: 'absent' }]
  const closed: DeploymentInfo[] = []
  if (isOpen(deployment)) {
    for (const open of (await listChildren<DeploymentInfo>(workerId, 'DEP')).filter(isOpen)) {
      if (open.startDate > deployment.startDate) throw new AppError(409, 'deployment.overlap', 'An open deployment starts after this one', { deploymentId: open.id })
      const ended = { ...open, endDate: deployment.startDate, endReason: 'transfer', ...bumped(open) }
      closed.push(ended)
      writes.push({ put: deploymentItem(ended), when: { version: open.version }, conflict: () => versionMismatch() })
    }
    const moved: WorkerInfo = { ...w, facilityId: facility.id, path: facility.path, ...bumped(w) }
    writes.push(...workerWrites(moved, { version: w.version }))
  }
  await commit(writes, {
    audit: { action: closed.length ? 'deployment.transfer' : 'deployment.create', entityType: 'worker', entityId: workerId, before: closed.length ? closed : undefined, after: deployment },
    result: deployment,
  })
  return deployment
}

/** Ends a deployment; ending the current one takes the worker back to its home unit. */
export async function end(workerId: string, id: string, version: number, input: z.input<typeof DeploymentEnd>) {
  const { endDate, reason } = DeploymentEnd.parse(input)
  const w = await worker.load(workerId)
  assertWritable(w)
  const current = await getChild<DeploymentInfo>(workerId, 'DEP', id)
  if (current.version !== version) throw versionMismatch(current.version)
  if (endDate < current.startDate) throw new AppError(400, 'deployment.dates', 'A deployment ends on or after its start', { field: 'endDate' })
  const ended: DeploymentInfo = { ...current, endDate, endReason: reason, ...bumped(current) }
  const writes: Write[] = [{ put: deploymentItem(ended), when: { version }, conflict: () => versionMismatch() }]
  if (isOpen(current) && w.facilityId === current.facilityId) {
    const home = w.orgUnitId ? (await orgunit.get(w.orgUnitId).catch(() => undefined))?.path : undefined
    const { facilityId: _f, ...rest } = w
    writes.push(...workerWrites({ ...rest, path: home ?? w.path, ...bumped(w) }, { version: w.version }))
  }
  await commit(writes, { audit: { action: 'deployment.end', entityType: 'worker', entityId: workerId, before: current, after: ended }, result: ended })
  return ended
}
