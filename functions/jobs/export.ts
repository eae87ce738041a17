import { asTenantSystem } from '../core/actor'
import { countSources, readPage, sources } from '../core/tenant/export'
import { exportFiles, partBytes } from './files'
import type { JobRecord } from './record'
import type { StepOutcome } from './runner'

export const EXPORT_FORMAT = 'cadre.tenant-export.v2'

/** Where a walk of the tenant's partitions stands: the source, the cursor in it, the next part of the file. */
export type ExportPoint = { source: number; cursor: string | null; part: number; upload: string; items: number; total: number }

export const exportKey = (job: JobRecord) => `exports/${job.tenantId}/${job.id}.jsonl`

/**
 * One step of writing a tenant's export: reads pages of its partitions until a part's worth of lines (or the
 * end), and writes that part. The part number and the cursor it started from are in the checkpoint, so a
 * repeated step rewrites the same part from the same place: no line is lost or written twice. The first
 * step counts the items (for the progress bar) and opens the file.
 */
export async function exportStep(job: JobRecord, point: ExportPoint | undefined): Promise<{ point: ExportPoint; finished?: { items: number; bytes: number; file: string } }> {
  const files = await exportFiles()
  const key = exportKey(job)
  return asTenantSystem(job.tenantId, `job:${job.kind}`, async () => {
    if (!point) return { point: { source: 0, cursor: null, part: 1, upload: await files.begin(key), items: 0, total: await countSources() } }
    const lines: string[] = []
    let bytes = 0
    let { source, cursor, items } = point
    if (point.part === 1) lines.push(JSON.stringify({ format: EXPORT_FORMAT, tenantId: job.tenantId, exportedAt: new Date().toISOString(), jobId: job.id }))
    while (source < sources.length && bytes < partBytes()) {
      const page = await readPage(sources[source]!, cursor)
      for (const item of page.items) {
        const line = JSON.stringify(item)
        lines.push(line)
        bytes += line.length + 1
      }
      items += page.items.length
      cursor = page.cursor
      if (!cursor) source++
    }
    if (lines.length > 0) await files.writePart(key, point.upload, point.part, `${lines.join('\n')}\n`)
    const next: ExportPoint = { ...point, source, cursor, items, part: lines.length > 0 ? point.part + 1 : point.part }
    if (source < sources.length) return { point: next }
    const written = await files.complete(key, point.upload, next.part - 1)
    return { point: next, finished: { items, bytes: written.bytes, file: key } }
  })
}

export const exportProgress = (point: ExportPoint | undefined) => ({ done: point?.items ?? 0, total: point ? Math.max(point.total, point.items) : null })

/** The tenant export job: the file, then one audit event in the country's log saying who took it. */
export async function tenantExport(job: JobRecord): Promise<StepOutcome> {
  const out = await exportStep(job, job.checkpoint as ExportPoint | undefined)
  const progress = exportProgress(out.point)
  if (!out.finished) return { checkpoint: out.point, phase: 'exporting', progress }
  return {
    checkpoint: out.point,
    phase: 'done',
    progress: { done: out.finished.items, total: out.finished.items },
    finished: {
      result: out.finished,
      // written with the job's end, after the walk: an export never contains its own trace, so a restored
      // copy exports identically
      audit: { action: 'tenant.export', entityType: 'tenant', entityId: job.tenantId, tenantId: job.tenantId, after: { items: out.finished.items, jobId: job.id } },
    },
  }
}
