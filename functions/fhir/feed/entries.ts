import type { OperationOutcomeIssue } from '@medplum/fhirtypes'
import { AppError } from '../../core/error'

/** The types the feed takes: the first four become the registry's records, the others are kept as received. */
export const fedTypes = ['Location', 'Organization', 'Practitioner', 'PractitionerRole', 'HealthcareService', 'Endpoint', 'OrganizationAffiliation'] as const
export type FedType = (typeof fedTypes)[number]

/** At most this many entries in one bundle (more than `SYNC_ENTRIES` are written by a job): a larger feed is split by the sender. */
export const MAX_ENTRIES = 4000

export interface Entry {
  index: number
  fullUrl?: string
  method: 'POST' | 'PUT'
  /** the request url: `Type`, `Type/id` or `Type?identifier=...` */
  url: string
  type: FedType
  /** the id in a `PUT Type/id` */
  id?: string
  /** `identifier=system|value` from `ifNoneExist` or a conditional PUT */
  conditional?: string
  resource: any
}

/** A refusal of one entry: the OperationOutcome names the entry by its place in the bundle. */
export class EntryError extends AppError {
  constructor(
    readonly entry: number,
    status: number,
    code: string,
    message: string,
  ) {
    super(status, code, `Bundle.entry[${entry}]: ${message}`)
  }
}

/** A warning for one entry, returned in its `response.outcome` (the entry was applied). */
export type Warning = OperationOutcomeIssue

export const warning = (entry: number, message: string): Warning => ({ severity: 'warning', code: 'informational', diagnostics: message, expression: [`Bundle.entry[${entry}]`] })

/** Reads the bundle's entries, refusing what the feed does not do, each refusal naming its entry. */
export function readEntries(bundle: any): { type: 'transaction' | 'batch'; entries: Entry[] } {
  if (!bundle || typeof bundle !== 'object' || bundle.resourceType !== 'Bundle') throw new AppError(400, 'fhir.not_a_bundle', 'Send a Bundle of type transaction or batch')
  if (bundle.type !== 'transaction' && bundle.type !== 'batch') throw new AppError(400, 'fhir.bundle_type', `This endpoint takes a Bundle of type transaction or batch, not ${String(bundle.type).slice(0, 40)}`)
  const raw: unknown[] = Array.isArray(bundle.entry) ? bundle.entry : []
  if (raw.length > MAX_ENTRIES) throw new AppError(413, 'fhir.bundle_too_large', `At most ${MAX_ENTRIES} entries in one bundle; send the rest in further bundles`)
  const seen = new Set<string>()
  const entries = raw.map((e: any, index): Entry => {
    const fail = (message: string, status = 400, code = 'fhir.invalid_entry') => new EntryError(index, status, code, message)
    if (!e || typeof e !== 'object') throw fail('is not an entry')
    const method = e.request?.method
    const url = typeof e.request?.url === 'string' ? e.request.url : ''
    if (method === 'DELETE') throw fail('DELETE is not taken: a worker leaves the registry through an exit, a facility stays on record', 422, 'fhir.delete_not_supported')
    if (method !== 'POST' && method !== 'PUT') throw fail('request.method must be POST or PUT')
    const resource = e.resource
    if (!resource || typeof resource !== 'object' || typeof resource.resourceType !== 'string') throw fail('has no resource')
    const type = resource.resourceType as FedType
    if (!fedTypes.includes(type)) throw fail(`${String(type).slice(0, 40)} is not taken by this feed (it takes ${fedTypes.join(', ')})`, 422, 'fhir.unsupported')
    const [path = '', query] = url.split('?')
    const [urlType, id, ...more] = path.replace(/^\//, '').split('/')
    if (urlType !== type || more.length || (method === 'POST' && id)) throw fail(`request.url ${url.slice(0, 80)} does not fit a ${method} of a ${type}`)
    if (method === 'PUT' && !id && !query) throw fail('a PUT names the resource: Type/id or Type?identifier=system|value')
    if (id && resource.id !== undefined && resource.id !== id) throw fail(`the resource id ${String(resource.id).slice(0, 64)} is not the one in request.url`)
    // some feeds also put the condition of a POST in its url (`Organization?identifier=x`): read it as ifNoneExist
    const conditional = conditionOf(method === 'POST' ? (e.request.ifNoneExist ?? query) : query, fail)
    if (typeof e.fullUrl === 'string') {
      if (seen.has(e.fullUrl)) throw fail(`fullUrl ${e.fullUrl.slice(0, 80)} appears twice`)
      seen.add(e.fullUrl)
    }
    return { index, fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : undefined, method, url, type, id, conditional, resource }
  })
  return { type: bundle.type, entries }
}

/** Only `identifier=system|value` conditions: what the registry can find without a scan. */
function conditionOf(raw: unknown, fail: (m: string) => Error): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (typeof raw !== 'string') throw fail('ifNoneExist must be a search string')
  const params = [...new URLSearchParams(raw).entries()]
  if (params.length !== 1 || params[0]![0] !== 'identifier' || !params[0]![1]) throw fail(`the condition ${raw.slice(0, 80)} is not supported: use identifier=system|value`)
  return params[0]![1]
}

/** `system|value` (or `value`) as a pair. */
export function splitToken(token: string): { system?: string; value: string } {
  const bar = token.indexOf('|')
  return bar < 0 ? { value: token } : { system: token.slice(0, bar) || undefined, value: token.slice(bar + 1) }
}

/** The identifiers of an entry: those of its resource, and the one its condition names. */
export function identifiersOf(entry: Entry): { system?: string; value: string; typeCode?: string }[] {
  const out: { system?: string; value: string; typeCode?: string }[] = []
  for (const i of Array.isArray(entry.resource.identifier) ? entry.resource.identifier : [])
    if (i && typeof i.value === 'string') out.push({ system: typeof i.system === 'string' ? i.system : undefined, value: i.value.trim(), typeCode: i.type?.coding?.find((c: any) => typeof c?.code === 'string')?.code })
  if (entry.conditional) out.push(splitToken(entry.conditional))
  return out
}

/**
 * The place a reference points at: another entry of the bundle (by fullUrl, `urn:uuid:` or absolute, or by
 * `Type/id` of an entry that names its id) or a resource already in the Directory (`Type/id`).
 */
export type Target = { entry: number } | { existing: string }

export class References {
  private byUrl = new Map<string, number>()

  constructor(entries: Entry[], base: string) {
    for (const e of entries) {
      if (e.fullUrl) this.byUrl.set(e.fullUrl, e.index)
      const id = e.id ?? (typeof e.resource.id === 'string' ? e.resource.id : undefined)
      if (id) {
        this.byUrl.set(`${e.type}/${id}`, e.index)
        this.byUrl.set(`${base}/${e.type}/${id}`, e.index)
      }
    }
  }

  /** The entry a reference string names, if it names one of this bundle. */
  inBundle(reference: string): number | undefined {
    return this.byUrl.get(reference)
  }

  /** Where a reference of the given type points, or an error naming the entry that holds it. */
  resolve(entry: number, ref: unknown, type: string, what: string): Target {
    if (typeof ref === 'string') throw new EntryError(entry, 422, 'fhir.invalid_reference', `${what} is a string where a Reference ({ "reference": "${type}/..." }) belongs`)
    const reference = (ref as { reference?: unknown })?.reference
    if (typeof reference !== 'string' || !reference) throw new EntryError(entry, 422, 'fhir.invalid_reference', `${what} has no reference`)
    const inBundle = this.byUrl.get(reference)
    if (inBundle !== undefined) return { entry: inBundle }
    const m = /^(?:.*\/)?([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(reference)
    if (!m || reference.startsWith('urn:')) throw new EntryError(entry, 422, 'fhir.dangling_reference', `${what} ${reference.slice(0, 80)} points at nothing in the bundle`)
    if (m[1] !== type) throw new EntryError(entry, 422, 'fhir.invalid_reference', `${what} must point at a ${type}, not ${m[1]}`)
    return { existing: m[2]! }
  }
}

/** Equal as data, whatever the order of keys (DynamoDB does not keep the order of a map's keys). */
export function sameData(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(norm)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, norm(x)]))
        : v
  return JSON.stringify(norm(a)) === JSON.stringify(norm(b))
}
