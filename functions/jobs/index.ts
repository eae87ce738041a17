import { useUser } from '../core/actor'
import { keys } from '../core/db/keys'
import { commit, type Write } from '../core/db/write'
import { AppError, forbidden, notFound } from '../core/error'
import { recordRead, type AuditInput } from '../core/audit'
import { ended } from './endings'
import { exportFiles } from './files'
import { exportKey, type ExportPoint } from './export'
import { enqueue } from './queue'
import { view, type JobRecord } from './record'
import { cancelJob, getJob, listJobs, type JobFilter } from './store'

export * from './schema'

/** Commits a new job with the change that starts it (and its audit), then asks for it to run. */
export async function startJob(job: JobRecord, writes: Write[], audit?: AuditInput) {
  await commit(writes, { audit, result: view(job) })
  await enqueue({ owner: job.owner, jobId: job.id })
  return view(job)
}

/** Jobs belong to the scope that started them: a country's people see their country's, the platform its own. */
const own = async (jobId: string) => {
  const job = await getJob(keys.jobOwner(), jobId)
  if (!job) throw notFound('job')
  return job
}

export const list = async (cursor: string | undefined, limit: number, only?: JobFilter) => {
  const page = await listJobs(keys.jobOwner(), cursor, limit, only)
  return { items: page.items.map(view), cursor: page.cursor }
}

export const get = async (jobId: string) => view(await own(jobId))

export async function cancel(jobId: string) {
  const job = await cancelJob(keys.jobOwner(), (await own(jobId)).id)
  // a cancelled export leaves no half-written file behind
  const upload = exportPointOf(job)?.upload
  if (upload) await (await exportFiles()).remove(exportKey(job), upload)
  await ended(job)
  return view(job)
}

function exportPointOf(job: JobRecord): ExportPoint | undefined {
  const c = job.checkpoint as { upload?: string; point?: ExportPoint } | undefined
  return job.kind === 'tenant.export' ? (c as ExportPoint | undefined) : job.kind === 'tenant.offboard' ? c?.point : undefined
}

/** The file of a finished export or offboarding: streamed locally, a short-lived S3 link in AWS. */
export async function download(jobId: string) {
  const job = await own(jobId)
  if (job.kind !== 'tenant.export' && job.kind !== 'tenant.offboard') throw new AppError(404, 'job.no_file', 'This job has no file')
  // the file holds every person's record and the members' accounts: only those who may export may fetch it
  const role = useUser().role
  if (role !== 'platform-admin' && role !== 'ministry-admin') throw forbidden()
  if (job.state !== 'done') throw new AppError(409, 'job.not_done', 'The file is ready when the job is done')
  const file = await (await exportFiles()).download(String(job.result?.file))
  // an offboarded country has no log of its own any more: the platform's keeps the trace
  const log = job.kind === 'tenant.offboard' ? undefined : job.tenantId
  await recordRead({ action: 'tenant.export_download', entityType: 'tenant', entityId: job.tenantId, tenantId: log, after: { jobId: job.id } })
  return file
}
