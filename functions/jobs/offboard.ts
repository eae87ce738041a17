import { asTenantSystem } from '../core/actor'
import { keys } from '../core/db/keys'
import { strip } from '../core/db/marshal'
import { getItem } from '../core/db/read'
import { AppError } from '../core/error'
import { tenantItem } from '../core/tenant/access'
import { deletePage } from '../core/tenant/export'
import type { TenantInfo } from '../core/tenant/schema'
import { bumped } from '../core/util/entity'
import { exportProgress, exportStep, type ExportPoint } from './export'
import type { JobRecord } from './record'
import type { StepOutcome } from './runner'

/** Deleted in this order; members last, so the country's admins keep their accounts' pointers to the end. */
const deleteOrder = ['registry', 'aggregates', 'contributions', 'aggregateStatus', 'populations', 'sharing', 'periods', 'dhis2', 'imports', 'fhirHealthcareService', 'fhirEndpoint', 'fhirOrganizationAffiliation', 'audit', 'invitations', 'clients', 'jobs', 'members'] as const
/** pages deleted in one step: a few hundred items, a few seconds */
const PAGES_PER_STEP = 4

type Checkpoint =
  | { stage: 'export'; point?: ExportPoint }
  | { stage: 'delete'; file: { file: string; items: number; bytes: number }; source: number; deleted: number }

/**
 * Offboarding a suspended country, as a job: its export (the same file as a tenant export), then its data
 * deleted partition by partition, then the tombstone — the tenant record, kept with status `offboarded`,
 * and the event in the platform's log. It can be cancelled while it exports; once it deletes, it finishes.
 */
export async function offboardStep(job: JobRecord): Promise<StepOutcome> {
  const at = (job.checkpoint as Checkpoint | undefined) ?? { stage: 'export' }
  if (at.stage === 'export') {
    const out = await exportStep(job, at.point)
    if (!out.finished) return { checkpoint: { stage: 'export', point: out.point }, phase: 'exporting', progress: exportProgress(out.point) }
    return { checkpoint: { stage: 'delete', file: out.finished, source: 0, deleted: 0 }, phase: 'deleting', progress: { done: 0, total: out.finished.items }, cancellable: false }
  }
  let { source, deleted } = at
  await asTenantSystem(job.tenantId, 'job:tenant.offboard', async () => {
    for (let page = 0; page < PAGES_PER_STEP && source < deleteOrder.length; page++) {
      const out = await deletePage(deleteOrder[source]!)
      deleted += out.deleted
      if (!out.more) source++
    }
  })
  const progress = { done: deleted, total: Math.max(at.file.items, deleted) }
  if (source < deleteOrder.length) return { checkpoint: { ...at, source, deleted }, phase: 'deleting', progress, cancellable: false }
  const item = await getItem(keys.tenantRecord(job.tenantId))
  if (!item) throw new AppError(409, 'tenant.not_found', 'The country record is gone')
  const tenant = strip<TenantInfo>(item)
  const tombstone: TenantInfo = { ...tenant, status: 'offboarded', ...bumped(tenant) }
  return {
    checkpoint: { ...at, source, deleted },
    phase: 'done',
    progress,
    cancellable: false,
    finished: {
      result: { ...at.file, deletedItems: deleted },
      writes: [{ put: tenantItem(tombstone), when: { version: tenant.version } }],
      // in the platform's log: the country's own log went with its data
      audit: { action: 'tenant.offboard', entityType: 'tenant', entityId: job.tenantId, before: tenant, after: { ...tombstone, deletedItems: deleted, file: at.file.file, jobId: job.id } },
    },
  }
}
