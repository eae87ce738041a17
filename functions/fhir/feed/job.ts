import type { Bundle, BundleEntry, OperationOutcome } from '@medplum/fhirtypes'
import { AppError } from '../../core/error'
import { importFiles, type ImportFiles } from '../../core/import/files'
import type { JobRecord } from '../../jobs/record'
import type { StepOutcome } from '../../jobs/runner'
import { bundleId } from '../bundle'
import { outcome, toOutcome } from '../outcome'
import { feedPaths, type Accepted } from './async'
import { EntryError, References, type Entry } from './entries'
import { answers, apply, failed, plan } from './transaction'

/** Where a bundle's job stands: answer parts written, and the entry being retried after a failure. */
type Point = { parts: number; retry?: { entry: number; tries: number } }

/** What one step wrote, and the fault that stopped it, if any. */
type Part = { written: Written[]; failure?: AppError }

/** One entry's answer, and where its resource now is (what later entries' references to it become). */
type Written = { index: number; answer: BundleEntry; target?: string }

/** Entries written by one step: with the planning of what is left, a few seconds to half a minute, far inside a Lambda's time. */
export const stepEntries = () => Number(process.env.CADRE_FHIR_STEP_ENTRIES ?? 500)

/** Workers (and different workers' roles) written side by side in a step, as an import writes its rows. */
const LANES = 8

/** An entry that fails while written is planned again and retried this many times in all before the job gives up on it. */
const TRIES = 3

/** Only faults of the request (4xx, a conflict) are the bundle's answer; the database being busy goes back to the runner to retry. */
const ownFault = (e: unknown): e is AppError => e instanceof AppError && e.status < 500

/**
 * The `fhir.transaction` job: writes a bundle accepted by async.ts, at most `stepEntries()` entries a step.
 * Each step plans again what is not yet written (the entries written by earlier steps are left out, and
 * references to them point at what they became), so a runner killed mid-step leaves nothing to repeat: the
 * entries it wrote are found by the feed's matching (id, identifiers, a unit's name under its parent, a kept
 * resource's id fixed when the bundle was accepted) and written no second time. An entry that fails (a
 * concurrent change) is planned again and retried; if it still fails, the answer names the entries written
 * and those not.
 */
export async function fhirTransactionStep(job: JobRecord): Promise<StepOutcome> {
  const files = await importFiles()
  const paths = feedPaths(job.tenantId, job.id)
  const text = await files.text(paths.bundle)
  if (!text) {
    // a runner that ended the job and removed its work, then died before saving the end: the answer is kept
    const kept = await files.text(paths.response)
    if (!kept) throw new AppError(409, 'fhir.bundle_missing', 'The bundle of this request is no longer kept')
    const final = JSON.parse(kept) as Final
    return finish(job, files, paths, (job.checkpoint as Point | undefined) ?? { parts: 0 }, job.progress, final)
  }
  const accepted = JSON.parse(text) as Accepted
  const point = (job.checkpoint as Point | undefined) ?? { parts: 0 }
  const written = await writtenSoFar(files, paths, point.parts, accepted)
  const base = String(job.input.base)
  const total = accepted.entries.length
  const remaining = accepted.entries.filter((e) => !written.has(e.index))
  const out: Part = remaining.length === 0 ? { written: [] } : accepted.type === 'transaction' ? await transactionPart(base, accepted.entries, remaining, written) : await batchPart(base, remaining)
  const parts = out.written.length ? point.parts + 1 : point.parts
  if (out.written.length) await files.write(paths.part(parts), JSON.stringify(out.written))
  for (const w of out.written) written.set(w.index, w)
  const progress = { done: written.size, total }
  if (out.failure) {
    const entry = out.failure instanceof EntryError ? out.failure.entry : -1
    const tries = point.retry && point.retry.entry === entry ? point.retry.tries + 1 : 1
    if (tries < TRIES) return { checkpoint: { parts, retry: { entry, tries } }, phase: 'retrying', progress }
    return finish(job, files, paths, { parts }, progress, notWhole(out.failure, accepted, written))
  }
  if (written.size < total) return { checkpoint: { parts }, phase: 'writing', progress }
  return finish(job, files, paths, { parts }, progress, whole(accepted, written))
}

async function writtenSoFar(files: ImportFiles, paths: ReturnType<typeof feedPaths>, parts: number, accepted: Accepted) {
  const written = new Map<number, Written>()
  for (const [index, answer] of Object.entries(accepted.answered)) written.set(Number(index), { index: Number(index), answer })
  for (let n = 1; n <= parts; n++) {
    const part = await files.text(paths.part(n))
    if (!part) throw new AppError(409, 'fhir.bundle_missing', 'The answers written so far are no longer kept')
    for (const w of JSON.parse(part) as Written[]) written.set(w.index, w)
  }
  return written
}

/** Where an answer says its resource is: `Type/id`, without the version. */
const targetOf = (answer: BundleEntry) => answer.response?.location?.split('/_history')[0]

/** Every reference to an entry written by an earlier step, pointed at what that entry became. */
function rewrite(entry: Entry, all: References, written: Map<number, Written>): Entry {
  const resource = structuredClone(entry.resource)
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk)
    else if (node && typeof node === 'object') {
      const obj = node as Record<string, unknown>
      for (const [k, v] of Object.entries(obj)) {
        if (k !== 'reference' || typeof v !== 'string') walk(v)
        else {
          const at = all.inBundle(v)
          const target = at === undefined ? undefined : written.get(at)?.target
          if (target) obj[k] = target
        }
      }
    }
  }
  walk(resource)
  return { ...entry, resource }
}

/** One step of a transaction: what is left, planned again against the registry as it is now, and up to a step's worth written. */
async function transactionPart(base: string, entries: Entry[], remaining: Entry[], written: Map<number, Written>): Promise<Part> {
  const all = new References(entries, base)
  const left = remaining.map((e) => rewrite(e, all, written))
  let p: Awaited<ReturnType<typeof plan>>
  try {
    // the scopes were checked when the bundle was accepted (the job acts as its sender, without a token's scopes)
    p = await plan(base, left, { scopes: false })
  } catch (error) {
    if (ownFault(error)) return { written: [], failure: error }
    throw error
  }
  const done: Entry[] = []
  let failure: AppError | undefined
  try {
    await apply(p, stepEntries(), done, LANES)
  } catch (error) {
    if (!ownFault(error)) throw error
    failure = error
  }
  const given = await answers(p, done)
  return { written: done.map((e, i) => ({ index: e.index, answer: given[i]!, target: targetOf(given[i]!) })), failure }
}

/** One step of a batch: the next entries, each planned and written on its own, a failure its own answer. */
async function batchPart(base: string, remaining: Entry[]): Promise<Part> {
  const out: Written[] = []
  for (const entry of remaining.slice(0, stepEntries())) {
    try {
      const p = await plan(base, [entry], { scopes: false })
      await apply(p)
      out.push({ index: entry.index, answer: (await answers(p, [entry]))[0]! })
    } catch (error) {
      if (!ownFault(error)) throw error
      out.push({ index: entry.index, answer: failed(error) })
    }
  }
  return { written: out }
}

type Final = { status: number; body: Bundle | OperationOutcome; audit: Record<string, unknown> }

/** Every entry written: the transaction-response (or batch-response), each entry's answer in the bundle's order. */
function whole(accepted: Accepted, written: Map<number, Written>): Final {
  const answer = (index: number) => written.get(index)!.answer
  // a new practitioner's first role was created with it, even when a later step found it already there
  for (const [role, practitioner] of accepted.firstRoles)
    if (answer(practitioner).response?.status === '201 Created' && answer(role).response) answer(role).response!.status = '201 Created'
  const entry = accepted.entries.map((e) => answer(e.index))
  const count = (status: string) => entry.filter((a) => a.response?.status === status).length
  return {
    status: 200,
    body: { resourceType: 'Bundle', id: bundleId(), type: `${accepted.type}-response`, entry },
    audit: { created: count('201 Created'), unchanged: count('200 OK') },
  }
}

/** A transaction that could not be written whole: the fault, the entries written and those not. */
function notWhole(failure: AppError, accepted: Accepted, written: Map<number, Written>): Final {
  const out = toOutcome(failure, '')
  const done = accepted.entries.filter((e) => written.has(e.index)).map((e) => e.index)
  const left = accepted.entries.filter((e) => !written.has(e.index)).map((e) => e.index)
  const said = `Written: ${ranges(done) || 'none'} (${done.length} of ${accepted.entries.length}); not written: ${ranges(left)}. Sending the same bundle again writes only what is missing.`
  const body: OperationOutcome = {
    resourceType: 'OperationOutcome',
    issue: [...out.body.issue!, { ...outcome(out.status, 'fhir.partly_written', said, 'information').issue![0]!, code: 'informational', expression: done.map((i) => `Bundle.entry[${i}]`) }],
  }
  return { status: out.status, body, audit: { failed: failure.code, written: done.length, notWritten: left.length } }
}

/** 0–3, 7, 9–12 */
const ranges = (indexes: number[]) => {
  const out: string[] = []
  for (let i = 0; i < indexes.length; i++) {
    let j = i
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j]! + 1) j++
    out.push(j > i ? `entries ${indexes[i]}–${indexes[j]}` : `entry ${indexes[i]}`)
    i = j
  }
  return out.join(', ')
}

/** The answer kept for the status URL; the job ends with one `fhir.transaction` event naming the outcome. */
async function finish(job: JobRecord, files: ImportFiles, paths: ReturnType<typeof feedPaths>, checkpoint: Point, progress: StepOutcome['progress'], final: Final): Promise<StepOutcome> {
  await files.write(paths.response, JSON.stringify(final))
  await files.removeAll(paths.work)
  const entries = final.body.resourceType === 'Bundle' ? (final.body.entry ?? []) : []
  return {
    checkpoint,
    phase: final.status === 200 ? 'done' : 'stopped',
    progress,
    finished: {
      result: { status: final.status, entries: progress.total ?? 0 },
      audit: {
        action: 'fhir.transaction',
        entityType: 'fhir',
        entityId: String(job.input.type),
        // the entries one by one while the event stays small (each written record has its own event besides)
        after: { jobId: job.id, ...final.audit, ...(entries.length <= 500 ? { entries: entries.map((a, i) => ({ entry: i, location: a.response?.location, status: a.response?.status })) } : {}) },
      },
    },
  }
}
