import * as z from 'zod/mini'
import { Id } from '../core/util/schema'

/** What a job does. Each kind is one step function in functions/jobs/kinds.ts. */
export const jobKinds = ['tenant.export', 'tenant.offboard', 'orgunit.move', 'import.check', 'import.commit', 'fhir.transaction', 'aggregates.rebuild', 'workers.status_index'] as const
export const JobKind = z.enum(jobKinds)
export type JobKind = z.infer<typeof JobKind>

export const jobStates = ['queued', 'running', 'done', 'failed', 'cancelled'] as const
export const JobState = z.enum(jobStates)
export type JobState = z.infer<typeof JobState>

/**
 * A job as its owner reads it (GET /api/v1/jobs/{id}): the console draws `progress` as a bar and says
 * `phase` in words. `itemsPerSecond` and `secondsLeft` are computed on read from the time spent working.
 */
export const JobInfo = z.object({
  id: Id('job'),
  kind: JobKind,
  state: JobState,
  tenantId: z.string(),
  /** what the job acts on: a unit for a move, the country for an export */
  subjectId: z.string(),
  /** the part of the work under way, e.g. `units` then `workers` in a move */
  phase: z.optional(z.string()),
  progress: z.object({ done: z.int(), total: z.nullable(z.int()) }),
  itemsPerSecond: z.nullable(z.number()),
  secondsLeft: z.nullable(z.number()),
  result: z.optional(z.record(z.string(), z.unknown())),
  error: z.optional(z.object({ code: z.string(), message: z.string() })),
  startedBy: z.object({ id: z.string(), email: z.optional(z.string()), role: z.optional(z.string()) }),
  /** a cancel is honoured while this is true (a move cannot stop once its subtree is half rewritten) */
  cancellable: z.boolean(),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.optional(z.string()),
})
export type JobInfo = z.infer<typeof JobInfo>

export const terminal = (state: JobState) => state === 'done' || state === 'failed' || state === 'cancelled'
