import { inReadTrace, notViews, recordRead } from '../audit'
import { isView, type AuditEvent } from '../audit/event'
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
    queryAll<AuditEvent>({ index: 'gsi1', partition: keys.entityHistory(workerId).gsi1pk, prefix: keys.historyChanges(), filter: notViews() }, 5000),
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

/** Changes only: reads are filed apart, and one filed among the changes before that is left out here too. */
const corrections = (events: AuditEvent[]) =>
  events.map((h) => strip<AuditEvent>(h as unknown as Record<string, unknown>)).filter((h) => !isView(h.action))

/**
 * Every change made to a person's record, newest first, for the profile's history tab: one key range of the
 * record's history index, which the reads of the record (filed apart, under their own prefix) never enter.
 * Reads filed among the changes before that are filtered out, and a page thinned by them is refilled.
 */
export async function history(workerId: string, cursor: string | undefined, limit: number) {
  const page = (from: string | null | undefined, want: number) =>
    query<AuditEvent>({ index: 'gsi1', partition: keys.entityHistory(workerId).gsi1pk, prefix: keys.historyChanges(), newestFirst: true, filter: notViews(), cursor: from, limit: want })
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
