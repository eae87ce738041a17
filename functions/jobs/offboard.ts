import { asTenantSystem } from '../core/actor'
import { keys } from '../core/db/keys'
import { strip } from '../core/db/marshal'
import { getItem } from '../core/db/read'
import { AppError } from '../core/error'
import { importFiles } from '../core/import/files'
import { tenantItem } from '../core/tenant/access'
import { deletePage } from '../core/tenant/export'
import type { TenantInfo } from '../core/tenant/schema'
import { bumped } from '../core/util/entity'
import { exportProgress, exportStep, type ExportPoint } from './export'
import { exportFiles } from './files'
import type { JobRecord } from './record'
import type { StepOutcome } from './runner'

/** Deleted in this order; members last, so the country's admins keep their accounts' pointers to the end. */
const deleteOrder = ['registry', 'aggregates', 'contributions', 'aggregateStatus', 'indexMarkers', 'populations', 'sharing', 'periods', 'dhis2', 'imports', 'fhirHealthcareService', 'fhirEndpoint', 'fhirOrganizationAffiliation', 'audit', 'invitations', 'clients', 'jobs', 'members'] as const
/** pages deleted in one step: a few hundred items, a few seconds */
const PAGES_PER_STEP = 4
/** pages of files removed in one step: up to 4,000 files, seconds in S3 */
const FILE_PAGES_PER_STEP = 4

/**
 * The country's folders in the file store, each ending with `/` after the id (`imports/KEN/`, never
 * `imports/KENYA…`): uploaded import files and their parts, FHIR bundles' work files and answers, and its
 * export files. The offboarding's own export is kept: it is the country's copy to hand back.
 */
const countryFolders = (tenantId: string) => [
  { prefix: `imports/${tenantId}/`, store: 'imports' as const },
  { prefix: `fhir/${tenantId}/`, store: 'imports' as const },
  { prefix: `exports/${tenantId}/`, store: 'exports' as const },
]

type File = { file: string; items: number; bytes: number }
type Checkpoint =
  | { stage: 'export'; point?: ExportPoint }
  | { stage: 'delete'; file: File; source: number; deleted: number }
  | { stage: 'files'; file: File; deleted: number; folder: number; removedFiles: number }

/**
 * Offboarding a suspended country, as a job: its export (the same file as a tenant export), then its data
 * deleted partition by partition, then its files removed from the file store (all but that export), then the
 * tombstone — the tenant record, kept with status `offboarded`, and the event in the platform's log. It can
 * be cancelled while it exports; once it deletes, it finishes.
 */
export async function offboardStep(job: JobRecord): Promise<StepOutcome> {
  const at = (job.checkpoint as Checkpoint | undefined) ?? { stage: 'export' }
  if (at.stage === 'export') {
    const out = await exportStep(job, at.point)
    if (!out.finished) return { checkpoint: { stage: 'export', point: out.point }, phase: 'exporting', progress: exportProgress(out.point) }
    return { checkpoint: { stage: 'delete', file: out.finished, source: 0, deleted: 0 }, phase: 'deleting', progress: { done: 0, total: out.finished.items }, cancellable: false }
  }
  if (at.stage === 'files') return filesStep(job, at)
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
  return { checkpoint: { stage: 'files', file: at.file, deleted, folder: 0, removedFiles: 0 }, phase: 'files', progress: { done: 0, total: null }, cancellable: false }
}

/**
 * Removes the country's files a few pages at a time. The checkpoint holds the folder reached; a step repeated
 * after a crash lists again what is left in it, so nothing is missed and removing twice is harmless.
 */
async function filesStep(job: JobRecord, at: Extract<Checkpoint, { stage: 'files' }>): Promise<StepOutcome> {
  const folders = countryFolders(job.tenantId)
  const stores = { imports: await importFiles(), exports: await exportFiles() }
  let { folder, removedFiles } = at
  for (let page = 0; page < FILE_PAGES_PER_STEP && folder < folders.length; page++) {
    const { prefix, store } = folders[folder]!
    const out = store === 'exports' ? await stores.exports.removePage(prefix, at.file.file) : await stores.imports.removePage(prefix)
    removedFiles += out.removed
    if (!out.more) folder++
  }
  const progress = { done: removedFiles, total: null }
  if (folder < folders.length) return { checkpoint: { ...at, folder, removedFiles }, phase: 'files', progress, cancellable: false }
  return leaveTombstone(job, { ...at, folder, removedFiles })
}

async function leaveTombstone(job: JobRecord, at: Extract<Checkpoint, { stage: 'files' }>): Promise<StepOutcome> {
  const { deleted, removedFiles } = at
  const item = await getItem(keys.tenantRecord(job.tenantId))
  if (!item) throw new AppError(409, 'tenant.not_found', 'The country record is gone')
  const tenant = strip<TenantInfo>(item)
  const tombstone: TenantInfo = { ...tenant, status: 'offboarded', offboardJobId: job.id, ...bumped(tenant) }
  return {
    checkpoint: at,
    phase: 'done',
    progress: { done: deleted, total: Math.max(at.file.items, deleted) },
    cancellable: false,
    finished: {
      result: { ...at.file, deletedItems: deleted, removedFiles },
      writes: [{ put: tenantItem(tombstone), when: { version: tenant.version } }],
      // in the platform's log: the country's own log went with its data
      audit: { action: 'tenant.offboard', entityType: 'tenant', entityId: job.tenantId, before: tenant, after: { ...tombstone, deletedItems: deleted, removedFiles, file: at.file.file, jobId: job.id } },
    },
  }
}
