import type { Resource } from '@medplum/fhirtypes'
import { ulid } from 'ulid'
import { keys } from '../../core/db/keys'
import { getItem, queryAll } from '../../core/db/read'
import { commit } from '../../core/db/write'
import { AppError } from '../../core/error'
import { FHIR_ID } from '../ids'
import { storedItem, storedPrefix, type StoredItem, type StoredType } from '../resources/stored'
import { EntryError, identifiersOf, sameData, type Entry, type References, type Warning } from './entries'

/** A resource kept as received is at most this large (a HealthcareService with its hours and eligibility fits easily). */
const MAX_RESOURCE = 64 * 1024

export interface StoredPlan {
  entry: Entry
  type: StoredType
  fhirId: string
  existing?: StoredItem
  warnings: Warning[]
  result?: StoredItem
  created?: boolean
}

/** How the audit log names each type (its actions are `<name>.create` and `<name>.update`). */
const auditName: Record<StoredType, string> = { HealthcareService: 'healthcare_service', Endpoint: 'endpoint', OrganizationAffiliation: 'organization_affiliation' }

export const isStored = (type: string): type is StoredType => type in storedPrefix

/** Every `reference` inside a resource, with a function that replaces it. */
function references(node: unknown, out: { value: string; set(v: string): void }[] = []) {
  if (Array.isArray(node)) node.forEach((n) => references(n, out))
  else if (node && typeof node === 'object') {
    const obj = node as Record<string, unknown>
    for (const [k, v] of Object.entries(obj)) {
      if (k === 'reference' && typeof v === 'string') out.push({ value: v, set: (x) => (obj[k] = x) })
      else references(v, out)
    }
  }
  return out
}

/** Finds each kept resource the bundle speaks of (by id, else by a shared identifier) and gives new ones their id. */
export async function planStored(entries: Entry[], refs: References): Promise<StoredPlan[]> {
  const kept = new Map<StoredType, StoredItem[]>()
  const ofType = async (type: StoredType) => {
    let list = kept.get(type)
    if (!list) kept.set(type, (list = await queryAll<StoredItem>({ partition: keys.fhirResourcePartition(type) }, 10_000)))
    return list
  }
  const plans: StoredPlan[] = []
  const claimed = new Map<string, number>()
  for (const entry of entries) {
    if (!isStored(entry.type)) continue
    const type = entry.type
    if (JSON.stringify(entry.resource).length > MAX_RESOURCE) throw new EntryError(entry.index, 413, 'fhir.resource_too_large', `a ${type} is kept up to ${MAX_RESOURCE / 1024} KB`)
    if (entry.resource.contained !== undefined) throw new EntryError(entry.index, 422, 'fhir.contained_not_supported', 'contained resources are not kept: send them as entries of their own')
    // every reference must point somewhere: into the bundle, or at a resource by its type and id
    for (const r of references(entry.resource)) {
      if (r.value.startsWith('#')) continue
      if (refs.inBundle(r.value) !== undefined) continue
      if (r.value.startsWith('urn:')) throw new EntryError(entry.index, 422, 'fhir.dangling_reference', `${r.value.slice(0, 80)} points at nothing in the bundle`)
      if (!/^(?:.*\/)?[A-Za-z]+\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/.test(r.value))
        throw new EntryError(entry.index, 422, 'fhir.invalid_reference', `${r.value.slice(0, 80)} is not a reference (Type/id)`)
    }
    let existing: StoredItem | undefined
    if (entry.id) {
      if (!FHIR_ID.test(entry.id)) throw new EntryError(entry.index, 400, 'fhir.invalid_id', `${entry.id.slice(0, 80)} is not a FHIR id`)
      existing = await getItem<StoredItem>(keys.fhirResource(type, entry.id))
    } else {
      const ids = identifiersOf(entry).filter((i) => i.system)
      existing = ids.length ? (await ofType(type)).find((s) => ((s.resource as any).identifier ?? []).some((x: any) => ids.some((i) => i.system === x.system && i.value === x.value))) : undefined
    }
    const fhirId = existing?.fhirId ?? entry.id ?? `${storedPrefix[type]}-${ulid().toLowerCase()}`
    const key = `${type}/${fhirId}`
    if (claimed.has(key)) throw new EntryError(entry.index, 422, 'fhir.duplicate_entry', `entry ${claimed.get(key)} speaks of the same ${type}`)
    claimed.set(key, entry.index)
    plans.push({ entry, type, fhirId, existing, warnings: [] })
  }
  return plans
}

/**
 * Keeps one resource as received, its references into the bundle rewritten to where those entries now are;
 * unchanged, it is left alone (no new version). Each change is committed with its audit event.
 */
export async function applyStored(plan: StoredPlan, targetOf: (entry: number) => string | undefined, refs: References) {
  const resource = structuredClone(plan.entry.resource) as Resource & Record<string, unknown>
  for (const r of references(resource)) {
    if (r.value.startsWith('#')) continue
    const entry = refs.inBundle(r.value)
    if (entry !== undefined) r.set(targetOf(entry)!)
  }
  const { id: _id, meta, ...body } = resource
  const kept: Resource = { ...body, ...(meta && (meta as Record<string, unknown>).profile ? { meta: { profile: (meta as { profile: string[] }).profile } } : {}) } as Resource
  const e = plan.existing
  if (e && sameData({ ...e.resource, meta: undefined }, { ...kept, meta: undefined }) && sameData(e.resource.meta?.profile, kept.meta?.profile)) {
    plan.result = e
    return
  }
  const now = new Date().toISOString()
  // a Directory-made id (`hcs-<ulid>`) is kept as `hcs_<ulid>`, like the registry's own; a sender's id as `hcs_<its id>`
  const prefix = `${storedPrefix[plan.type]}-`
  const itemId = plan.fhirId.startsWith(prefix) ? plan.fhirId.replace('-', '_') : `${storedPrefix[plan.type]}_${plan.fhirId}`
  const next: StoredItem = { id: e?.id ?? itemId, fhirId: plan.fhirId, type: plan.type, version: (e?.version ?? 0) + 1, createdAt: e?.createdAt ?? now, updatedAt: now, resource: kept }
  const conflict = () => new AppError(409, 'write.conflict', `${plan.type}/${plan.fhirId} changed meanwhile`)
  await commit([{ put: storedItem(next), when: e ? { version: e.version } : 'absent', conflict }], {
    audit: { action: `${auditName[plan.type]}.${e ? 'update' : 'create'}`, entityType: auditName[plan.type], entityId: next.id, before: e?.resource, after: kept },
  })
  plan.created = !e
  plan.result = next
}
