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
import { EntryError, readEntries, References, type Entry, type Warning } from './entries'
import { applyUnit, checkUnit, loadDirectory, planUnits, unitOrder, type UnitPlan } from './units'
import { applyStored, isStored, planStored, type StoredPlan } from './stored'
import { applyRole, applyWorker, planWorkers, type RolePlan, type WorkerPlan } from './workers'
import { toResource } from '../resources/stored'
import { readLimited } from '../../api/body'

/** A bundle of 500 entries is about 1 MB; larger bodies are refused before they are read. */
const MAX_BODY = 4 * 1024 * 1024

async function readBundle(req: FhirRequest): Promise<unknown> {
  const type = req.c.req.header('content-type') ?? ''
  if (!/^application\/(fhir\+)?json\b/i.test(type)) throw new AppError(415, 'request.unsupported_media_type', 'Send the Bundle as application/fhir+json')
  if (Number(req.c.req.header('content-length') ?? 0) > MAX_BODY) throw new AppError(413, 'request.too_large', 'The bundle is too large: send at most 500 entries at a time')
  // counted while it streams: a chunked body (no length to check first) stops at the limit, never buffered whole
  const raw = await readLimited(req.c.req.raw, MAX_BODY).catch((e: unknown) => {
    throw e instanceof AppError && e.status === 413 ? new AppError(413, 'request.too_large', 'The bundle is too large: send at most 500 entries at a time') : e
  })
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
 */
export async function transaction(req: FhirRequest): Promise<FhirResponse> {
  const { type, entries } = readEntries(await readBundle(req))
  const answers: BundleEntry[] =
    type === 'transaction'
      ? await write(req, entries)
      : // a batch: each entry on its own, its failure its own answer (an entry pointing at another one of the batch finds nothing)
        await entries.reduce<Promise<BundleEntry[]>>(async (done, entry) => [...(await done), await write(req, [entry]).then(([a]) => a!, (error) => failed(error))], Promise.resolve([]))
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
function failed(error: unknown): BundleEntry {
  if (!(error instanceof AppError)) throw error
  const out = toOutcome(error, useActor().requestId)
  return { response: { status: String(out.status), outcome: out.body } }
}

/** Plans every entry, then writes them: nothing is written unless every entry passed its checks. */
async function write(req: FhirRequest, entries: Entry[]): Promise<BundleEntry[]> {
  const actor = useActor()
  for (const e of entries)
    try {
      assertScope(actor, e.type, 'write')
    } catch (error) {
      throw new EntryError(e.index, 403, 'fhir.scope_missing', (error as Error).message)
    }
  const tenant = useTenant()
  const refs = new References(entries, req.base)
  const dir = await loadDirectory()
  const { plans, planOf } = planUnits(entries, refs, dir, tenant)
  const units = unitOrder(plans)
  units.forEach(checkUnit)
  const { workers, roles } = await planWorkers(entries, refs, dir, planOf, tenant)
  const stored = await planStored(entries, refs)

  for (const plan of units) await step(plan.entries[0]!, () => applyUnit(plan))
  for (const plan of workers) await step(plan.entry, () => applyWorker(plan))
  for (const role of roles) await step(role.entry, () => applyRole(role))
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
  for (const plan of stored) await step(plan.entry, () => applyStored(plan, targetOf, refs))
  return Promise.all(entries.map((e) => answer(e, req.base, tenant, planOf, workers, roles, stored)))
}

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
