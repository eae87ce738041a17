import type { Bundle, BundleEntry, Resource } from '@medplum/fhirtypes'
import { useActor, useTenant } from '../../core/actor'
import { commit } from '../../core/db/write'
import { AppError } from '../../core/error'
import { bundleId } from '../bundle'
import { roleId, toFhirId } from '../ids'
import { toLocation, toOrganization } from '../map/orgunit'
import { readRole } from '../resources/practitioner-role'
import { readPractitioner } from '../resources/practitioner'
import type { FhirRequest, FhirResponse } from '../route'
import { assertScope } from '../scopes'
import { toOutcome } from '../outcome'
import { EntryError, MAX_ENTRIES, readEntries, References, type Entry, type Warning } from './entries'
import { applyUnit, checkUnit, loadDirectory, planUnits, unitOrder, type UnitPlan } from './units'
import { applyStored, isStored, planStored, type StoredPlan } from './stored'
import { applyRole, applyWorker, planWorkers, type RolePlan, type WorkerPlan } from './workers'
import { toResource } from '../resources/stored'
import { readLimited } from '../../api/body'
import { isXmlMediaType } from '../format'
import { fromXml } from '../xml'
import { accept, runsAsync } from './async'

/** A bundle of 2,000 entries (1,000 practitioners and their roles) is about 2 MB; larger bodies than this are refused before they are read. */
const MAX_BODY = 8 * 1024 * 1024

async function readBundle(req: FhirRequest): Promise<unknown> {
  const type = req.c.req.header('content-type') ?? ''
  const xml = isXmlMediaType(type)
  if (!xml && !/^application\/(fhir\+)?json\b/i.test(type)) throw new AppError(415, 'request.unsupported_media_type', 'Send the Bundle as application/fhir+json or application/fhir+xml')
  if (Number(req.c.req.header('content-length') ?? 0) > MAX_BODY) throw new AppError(413, 'request.too_large', `The bundle is too large: send at most ${MAX_ENTRIES} entries (8 MB) at a time`)
  // counted while it streams: a chunked body (no length to check first) stops at the limit, never buffered whole
  const raw = await readLimited(req.c.req.raw, MAX_BODY).catch((e: unknown) => {
    throw e instanceof AppError && e.status === 413 ? new AppError(413, 'request.too_large', `The bundle is too large: send at most ${MAX_ENTRIES} entries (8 MB) at a time`) : e
  })
  if (xml) return fromXml(raw)
  try {
    return JSON.parse(raw)
  } catch {
    throw new AppError(400, 'fhir.invalid_json', 'The body is not JSON')
  }
}

/** A failure while writing: which entry, and what was already done (sending the bundle again completes it). */
async function step<T>(entry: Entry, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    if (!(error instanceof AppError) || error instanceof EntryError) throw error
    throw new EntryError(entry.index, error.status, error.code, `${error.message} (the entries before it were written; sending the same bundle again completes it, as it finds them)`)
  }
}

/**
 * ITI-130: a transaction Bundle of Organization, Location, Practitioner and PractitionerRole, written through
 * the registry's own records, and of HealthcareService, Endpoint and OrganizationAffiliation, kept as received. Every entry is read, resolved and checked against the registry's rules before
 * the first write: a bundle with any bad entry writes nothing and is answered with an OperationOutcome naming
 * it. Entries are matched to what is registered (by id, identifier, or a unit's name under its parent), so
 * the same bundle sent twice changes nothing the second time. Each change is one of the registry's verbs,
 * committed with its audit event; the bundle as a whole leaves one more event naming every entry's outcome.
 * A bundle too large to write within one request (or sent with `Prefer: respond-async`) is checked the same
 * way, then written by a job (async.ts): 202 Accepted and a status URL.
 */
export async function transaction(req: FhirRequest): Promise<FhirResponse> {
  const { type, entries } = readEntries(await readBundle(req))
  if (runsAsync(req, entries.length)) return accept(req, type, entries)
  const answers: BundleEntry[] =
    type === 'transaction'
      ? await write(req.base, entries)
      : // a batch: each entry on its own, its failure its own answer (an entry pointing at another one of the batch finds nothing)
        await entries.reduce<Promise<BundleEntry[]>>(async (done, entry) => [...(await done), await write(req.base, [entry]).then(([a]) => a!, (error) => failed(error))], Promise.resolve([]))
  await commit([], {
    audit: {
      action: 'fhir.transaction',
      entityType: 'fhir',
      entityId: type,
      after: { entries: answers.map((a, i) => ({ entry: i, type: entries[i]!.type, location: a.response?.location, status: a.response?.status })) },
    },
  })
  const bundle: Bundle = { resourceType: 'Bundle', id: bundleId(), type: `${type}-response`, entry: answers }
  return { body: bundle }
}

/** A batch entry that failed: its status and OperationOutcome, as the whole request would have had them. */
export function failed(error: unknown): BundleEntry {
  if (!(error instanceof AppError)) throw error
  const out = toOutcome(error, useActor().requestId)
  return { response: { status: String(out.status), outcome: out.body } }
}

/** Plans every entry, then writes them: nothing is written unless every entry passed its checks. */
async function write(base: string, entries: Entry[]): Promise<BundleEntry[]> {
  const p = await plan(base, entries)
  await apply(p)
  return answers(p, entries)
}

/** Every entry read, resolved, matched to what is registered and checked: what `apply` will write. */
export interface Plan {
  base: string
  tenant: string
  entries: Entry[]
  refs: References
  planOf: Map<number, UnitPlan>
  units: UnitPlan[]
  workers: WorkerPlan[]
  roles: RolePlan[]
  stored: StoredPlan[]
}

/**
 * Plans the entries without writing anything; a bad entry throws its EntryError. The caller's scopes are
 * checked unless `scopes: false` (a job writing a bundle whose scopes were checked when it was accepted).
 */
export async function plan(base: string, entries: Entry[], options: { scopes?: boolean } = {}): Promise<Plan> {
  const actor = useActor()
  if (options.scopes !== false)
    for (const e of entries)
      try {
        assertScope(actor, e.type, 'write')
      } catch (error) {
        throw new EntryError(e.index, 403, 'fhir.scope_missing', (error as Error).message)
      }
  const tenant = useTenant()
  const refs = new References(entries, base)
  const dir = await loadDirectory()
  const { plans, planOf } = planUnits(entries, refs, dir, tenant)
  const units = unitOrder(plans)
  units.forEach(checkUnit)
  const { workers, roles } = await planWorkers(entries, refs, dir, planOf, tenant)
  const stored = await planStored(entries, refs)
  return { base, tenant, entries, refs, planOf, units, workers, roles, stored }
}

/**
 * Writes a plan in order (units, workers, roles, then kept resources), at most `limit` entries; each entry
 * written is pushed to `done` as it is, so a caller that sees a failure knows what was written before it.
 * With `lanes` > 1 (a job) workers are written side by side, and so are different workers' roles: each has
 * its own records and guards, as an import's rows do; after a failure none more start.
 */
export async function apply(p: Plan, limit = Infinity, done: Entry[] = [], lanes = 1): Promise<Entry[]> {
  const { entries, planOf, workers, roles, stored } = p
  const room = (n: number) => done.length + n <= limit || done.length === 0
  for (const plan of p.units) {
    if (!room(plan.entries.length)) return done
    await step(plan.entries[0]!, () => applyUnit(plan))
    done.push(...plan.entries)
  }
  const fit = (n: number) => Math.max(0, Math.min(n, limit - done.length))
  const someWorkers = workers.slice(0, fit(workers.length))
  await inLanes(someWorkers, lanes, async (plan) => {
    await step(plan.entry, () => applyWorker(plan))
    done.push(plan.entry)
  })
  if (someWorkers.length < workers.length) return done
  const someRoles = roles.slice(0, fit(roles.length))
  // one worker's roles in order (each finds the deployments of the one before), different workers' side by side
  const byWorker = new Map<unknown, RolePlan[]>()
  for (const role of someRoles) {
    const key = 'plan' in role.worker ? role.worker.plan : role.worker.existing.id
    byWorker.set(key, [...(byWorker.get(key) ?? []), role])
  }
  await inLanes([...byWorker.values()], lanes, async (group) => {
    for (const role of group) {
      await step(role.entry, () => applyRole(role))
      done.push(role.entry)
    }
  })
  if (someRoles.length < roles.length) return done
  // kept resources last: their references into the bundle now have somewhere to point (new ones' ids were given in planning)
  const targetOf = (index: number) => {
    const e = entries.find((x) => x.index === index)!
    if (planOf.has(index)) return `${e.type}/${toFhirId(planOf.get(index)!.result!.id)}`
    const w = workers.find((p) => p.entry.index === index)
    if (w) return `Practitioner/${toFhirId(w.result!.id)}`
    const r = roles.find((p) => p.entry.index === index)
    if (r) return `PractitionerRole/${roleId(r.result!.id, r.result!.workerId)}`
    const s = stored.find((p) => p.entry.index === index)
    return s ? `${s.type}/${s.fhirId}` : undefined
  }
  for (const plan of stored) {
    if (!room(1)) return done
    await step(plan.entry, () => applyStored(plan, targetOf, p.refs))
    done.push(plan.entry)
  }
  return done
}

/** Each task through `run`, at most `lanes` at a time; once one fails none more start, and the first failure (in order) is thrown. */
async function inLanes<T>(tasks: T[], lanes: number, run: (task: T) => Promise<void>) {
  let next = 0
  let failure: { at: number; error: unknown } | undefined
  const lane = async () => {
    for (let i = next++; i < tasks.length && !failure; i = next++)
      await run(tasks[i]!).catch((error: unknown) => {
        if (!failure || i < failure.at) failure = { at: i, error }
      })
  }
  await Promise.all(Array.from({ length: Math.min(lanes, tasks.length) }, lane))
  if (failure) throw failure.error
}

/** The answers of entries that `apply` wrote (or found unchanged), in the order given. */
export const answers = (p: Plan, written: Entry[]) => Promise.all(written.map((e) => answer(e, p.base, p.tenant, p.planOf, p.workers, p.roles, p.stored)))

/** One entry's answer: where the resource now is, at which version, created or not, with any warnings. */
async function answer(entry: Entry, base: string, tenant: string, planOf: Map<number, UnitPlan>, workers: WorkerPlan[], roles: RolePlan[], stored: StoredPlan[]): Promise<BundleEntry> {
  let resource: Resource | undefined
  let created = false
  let warnings: Warning[] = []
  if (isStored(entry.type)) {
    const plan = stored.find((s) => s.entry === entry)!
    resource = toResource(plan.result!)
    created = !!plan.created
  } else if (entry.type === 'Location' || entry.type === 'Organization') {
    const plan = planOf.get(entry.index)!
    resource = entry.type === 'Location' ? toLocation(tenant, plan.result!) : toOrganization(tenant, plan.result!)
    created = !!plan.created
    warnings = plan.warnings
  } else if (entry.type === 'Practitioner') {
    const plan = workers.find((w) => w.entry === entry)!
    resource = await readPractitioner(toFhirId(plan.result!.id))
    created = !!plan.created
    warnings = plan.warnings
  } else {
    const role = roles.find((r) => r.entry === entry)!
    resource = await readRole(roleId(role.result!.id, role.result!.workerId))
    created = !!role.created
    warnings = role.warnings
  }
  if (!resource) throw new AppError(500, 'internal', `entry ${entry.index} was written but cannot be read back`)
  return {
    fullUrl: `${base}/${resource.resourceType}/${resource.id}`,
    response: {
      status: created ? '201 Created' : '200 OK',
      location: `${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`,
      etag: `W/"${resource.meta?.versionId}"`,
      lastModified: resource.meta?.lastUpdated,
      ...(warnings.length ? { outcome: { resourceType: 'OperationOutcome', issue: warnings } } : {}),
    },
  }
}
