import { inReadTrace, recordRead } from '../audit'
import type { AuditEvent } from '../audit/event'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { query, queryAll, type Page } from '../db/read'
import type { DeploymentInfo } from '../deployment/schema'
import type { ExitInfo } from '../exit/schema'
import { present } from '../licence'
import type { LicenceInfo } from '../licence/schema'
import type { TrainingInfo } from '../training/schema'
import { load } from './index'

/**
 * A person's whole record as one document (the right of access and portability): identity, licences,
 * deployments, training, exits, and every change ever made to them, from the audit log.
 */
export async function record(workerId: string) {
  const worker = await load(workerId)
  const [children, history] = await Promise.all([
    queryAll<Record<string, unknown>>({ partition: keys.workerPartition(workerId).pk }, 5000),
    queryAll<AuditEvent>({ index: 'gsi1', partition: keys.entityHistory(workerId).gsi1pk }, 5000),
  ])
  const of = <T>(prefix: string) => children.filter((c) => String(c.sk).startsWith(prefix)).map((c) => strip<T>(c))
  // through the API (`personData: 'export'`) the trace was started by load(), beside the two queries
  if (!inReadTrace()) await recordRead({ action: 'worker.export', entityType: 'worker', entityId: workerId })
  return {
    format: 'cadre.worker-record.v1',
    exportedAt: new Date().toISOString(),
    worker,
    licences: of<LicenceInfo>('LIC#').map(present),
    deployments: of<DeploymentInfo>('DEP#'),
    training: of<TrainingInfo>('TRN#'),
    exits: of<ExitInfo>('EXT#'),
    history: corrections(history),
  }
}

const readActions = ['worker.read', 'worker.export']
const corrections = (events: AuditEvent[]) =>
  events.map((h) => strip<AuditEvent>(h as unknown as Record<string, unknown>)).filter((h) => !readActions.includes(h.action))

/**
 * Every change made to a person's record, newest first, for the profile's history tab. Reads share the
 * record's history index and outnumber changes (each profile view adds several), so they are filtered out
 * in the query and a page is refilled until it is full.
 */
export async function history(workerId: string, cursor: string | undefined, limit: number) {
  const filter = { expression: 'NOT (#action IN (:read, :export))', names: { '#action': 'action' }, values: { ':read': readActions[0], ':export': readActions[1] } }
  const page = (from: string | null | undefined, want: number) =>
    query<AuditEvent>({ index: 'gsi1', partition: keys.entityHistory(workerId).gsi1pk, newestFirst: true, filter, cursor: from, limit: want })
  // the first page before the load: a bad cursor is refused before the load traces a read that shows nothing
  const first: Page<AuditEvent> = await page(cursor, limit)
  await load(workerId)
  const items: AuditEvent[] = [...first.items]
  let next: string | null | undefined = first.cursor
  for (let round = 1; round < 8 && next && items.length < limit; round++) {
    const more: Page<AuditEvent> = await page(next, limit - items.length)
    items.push(...more.items)
    next = more.cursor
  }
  return { items: corrections(items), cursor: next ?? null }
}
