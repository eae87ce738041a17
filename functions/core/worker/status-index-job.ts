import { UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { asTenantSystem, useUser } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { keys } from '../db/keys'
import { strip, toAttr, type Item } from '../db/marshal'
import { countItems, query } from '../db/read'
import { AppError, forbidden } from '../error'
import { accessibleTenant } from '../tenant/access'
import { mapLimited } from '../util/limited'
import { startJob } from '../../jobs'
import { newJob, type JobRecord } from '../../jobs/record'
import type { StepOutcome } from '../../jobs/runner'
import { statusIndexKeys } from './item'
import type { WorkerInfo } from './schema'
import { statusIndexMarker } from './status-index'

/**
 * The backfill of a country's status index, as a job: every worker written before the index existed gets
 * its keys, then the marker says the index is whole and lists by status start using it. One at a time per
 * country; resumable from its checkpoint, like every job.
 */
const KIND = 'workers.status_index' as const

/** Started by the platform, per country, after the deployment that brought the index (README, operations). */
export async function startStatusIndex(tenantId: string) {
  if (useUser().role !== 'platform-admin') throw forbidden('Only the platform builds a country’s indexes')
  const tenant = await accessibleTenant(tenantId)
  if (tenant.status === 'offboarded') throw new AppError(409, 'tenant.offboarded', 'This country has been offboarded')
  const { job, write } = newJob(KIND, tenantId, tenantId, {})
  return startJob(job, [
    write,
    { put: { ...keys.jobLock(tenantId, KIND), jobId: job.id }, when: 'absent', conflict: () => new AppError(409, 'tenant.status_index_running', 'The status index of this country is already being built') },
  // in the country's own log: the platform rewrote index keys on every record of its people
  ], { action: 'tenant.status_index', entityType: 'tenant', entityId: tenantId, tenantId, after: { jobId: job.id } })
}

/** Workers checked in one step: one read of a page and the few writes it needs, well inside a lease (a test sets fewer). */
const page = () => Number(process.env.CADRE_STATUS_INDEX_PAGE ?? 500)
const PARALLEL = 16

export interface StatusIndexCheckpoint {
  phase: 'counting' | 'indexing'
  /** where the walk of the path index (every worker not merged away) stands */
  cursor: string | null
  done: number
  total: number | null
  /** workers whose keys this job wrote (the others had them already) */
  indexed: number
}

/**
 * One step of the backfill: a page of the country's workers, and for each whose status-index keys are not
 * what its status says, the keys alone written (UpdateItem, conditional on the version read). The record's
 * data, version and audit trail are untouched: nothing about the person changed. A worker written since the
 * page was read fails the condition and is left alone: every write since the index exists sets its keys.
 * Idempotent: a step repeated from its checkpoint finds the keys in place and writes nothing.
 */
export async function statusIndexStep(at: StatusIndexCheckpoint): Promise<{ at: StatusIndexCheckpoint; finished?: boolean }> {
  const everyone = { index: 'gsi2' as const, partition: keys.workerPathPartition(), prefix: '/' }
  if (at.phase === 'counting') return { at: { ...at, phase: 'indexing', total: await countItems(everyone) } }
  const read = await query<Item>({ ...everyone, limit: page(), cursor: at.cursor })
  const written = await mapLimited(read.items.filter(stale), PARALLEL, setKeys)
  const done = at.done + read.items.length
  const next = { ...at, cursor: read.cursor, done, total: Math.max(at.total ?? 0, done), indexed: at.indexed + written.filter(Boolean).length }
  return { at: next, finished: !read.cursor }
}

const wanted = (item: Item) => statusIndexKeys(strip<WorkerInfo>(item)) as { gsi7pk?: string; gsi7sk?: string }
const stale = (item: Item) => {
  const want = wanted(item)
  return item.gsi7pk !== want.gsi7pk || item.gsi7sk !== want.gsi7sk
}

async function setKeys(item: Item): Promise<boolean> {
  const want = wanted(item)
  const set = want.gsi7pk !== undefined
  try {
    await dynamo().send(
      new UpdateItemCommand({
        TableName: config.table,
        Key: toAttr({ pk: item.pk, sk: item.sk }),
        UpdateExpression: set ? 'SET gsi7pk = :p, gsi7sk = :s' : 'REMOVE gsi7pk, gsi7sk',
        ConditionExpression: '#version = :v',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: toAttr({ ':v': item.version, ...(set ? { ':p': want.gsi7pk, ':s': want.gsi7sk } : {}) }),
      }),
    )
    return true
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false
    throw error
  }
}

/** The job's step: the walk in the country's context; its end writes the marker in the same transaction. */
export async function statusIndexJobStep(job: JobRecord): Promise<StepOutcome> {
  const from = (job.checkpoint as StatusIndexCheckpoint | undefined) ?? { phase: 'counting', cursor: null, done: 0, total: null, indexed: 0 }
  const { at, finished } = await asTenantSystem(job.tenantId, `job:${KIND}`, () => statusIndexStep(from))
  const progress = { done: at.done, total: at.total }
  if (!finished) return { checkpoint: at, phase: at.phase, progress }
  return {
    checkpoint: at,
    phase: 'done',
    progress: { done: at.done, total: at.done },
    finished: { result: { workers: at.done, indexed: at.indexed }, writes: [statusIndexMarker(job.tenantId, job.id)] },
  }
}
