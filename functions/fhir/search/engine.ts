import type { Resource } from '@medplum/fhirtypes'
import { BATCH } from './sources'
import { createHmac, timingSafeEqual } from 'node:crypto'
import { useTenant } from '../../core/actor'
import { config } from '../../core/config'
import { AppError } from '../../core/error'
import { dateMatches, dateBounds, invalid, parseDate, splitValues, type Criterion } from './params'
import type { ParamDef, Source, TypeDef } from './types'

/** Parameters that shape the result rather than select resources. */
export const resultParams = new Set(['_count', '_include', '_revinclude', '_cursor', '_format', '_pretty'])
const STRING_MODIFIERS = new Set(['exact', 'contains'])

export const DEFAULT_COUNT = 50
export const MAX_COUNT = 200
/** a page reads at most this many batches of candidates; past it, the page is returned short with a next link */
const MAX_BATCHES = 20

export interface SearchRequest {
  criteria: Criterion[]
  count: number
  cursor?: string
  include: string[]
  revinclude: string[]
  /** parameters that were not understood and ignored (`Prefer: handling=lenient`) */
  ignored: string[]
}

/**
 * Reads a search from its parameters: every name must be one the type declares (or a result parameter), every
 * modifier one its type allows. Strict by default, as FHIR asks; `lenient` ignores what it does not know.
 */
export function parseSearch(def: TypeDef, params: [string, string][], lenient: boolean): SearchRequest {
  const out: SearchRequest = { criteria: [], count: DEFAULT_COUNT, include: [], revinclude: [], ignored: [] }
  const reject = (name: string, message: string) => {
    if (lenient) return void out.ignored.push(name)
    throw new AppError(400, 'fhir.unknown_parameter', message, { parameter: name })
  }
  for (const [key, raw] of params) {
    const [name = '', modifier, ...rest] = key.split(':')
    if (resultParams.has(name)) {
      if (name === '_count') {
        const n = Number(raw)
        if (!Number.isInteger(n) || n < 0) throw invalid('_count must be a whole number')
        out.count = Math.min(n, MAX_COUNT)
      } else if (name === '_include') {
        if (!def.includes[raw]) reject(key, `_include=${raw} is not supported on ${def.type}`)
        else out.include.push(raw)
      } else if (name === '_revinclude') {
        if (!def.revincludes[raw]) reject(key, `_revinclude=${raw} is not supported on ${def.type}`)
        else out.revinclude.push(raw)
      } else if (name === '_cursor') out.cursor = raw
      continue
    }
    const param = def.params[name]
    if (!param || rest.length) {
      reject(key, `${def.type} has no search parameter "${key.slice(0, 60)}"`)
      continue
    }
    if (modifier !== undefined && !(param.type === 'string' && STRING_MODIFIERS.has(modifier))) {
      reject(key, `The modifier :${modifier.slice(0, 30)} is not supported on ${name}`)
      continue
    }
    const values = splitValues(raw).filter(Boolean)
    if (!values.length) continue
    // a malformed date is the caller's mistake whatever the handling: say so rather than ignore the filter
    if (param.type === 'date') values.forEach(parseDate)
    out.criteria.push({ name, modifier, values })
  }
  return out
}

const matchesAll = <R extends Resource>(def: TypeDef<R>, criteria: Criterion[], r: R) =>
  criteria.every((c) => c.values.some((v) => (def.params[c.name] as ParamDef<R>).match(r, v, c.modifier)))

/** The index that serves the search most cheaply: the named parameter with the lowest rank, else the type's walk. */
function driver<R extends Resource>(def: TypeDef<R>, criteria: Criterion[]): { key: string; source: Source<R> } {
  let best: { rank: number; key: string; source: Source<R> } | undefined
  for (const c of criteria) {
    const index = def.params[c.name]?.index
    if (!index || (best && index.rank >= best.rank)) continue
    const source = index.source(c, criteria)
    if (source) best = { rank: index.rank, key: `${c.name}${c.modifier ? `:${c.modifier}` : ''}`, source }
  }
  return best ?? { key: '', source: def.all }
}

/** `b`: the size of the batch a page stopped inside, which the next page reads again to skip `o` of it */
type PageCursor = { k: string; c: string | null; o: number; b?: number }

/**
 * A page cursor is the index's own cursor (signed and bound to its partition by core/db/read.ts) plus an
 * offset inside its batch, signed again with the country and the search's driver: a cursor from another
 * country, another search or edited by hand is a 400.
 */
const mac = (body: string) => createHmac('sha256', config.jwtSecret).update(`fhir-cursor:${useTenant()}:${body}`).digest('base64url').slice(0, 22)
function encode(p: PageCursor) {
  const body = Buffer.from(JSON.stringify(p)).toString('base64url')
  return `${body}.${mac(body)}`
}
function decode(raw: string, key: string): PageCursor {
  const bad = new AppError(400, 'cursor.invalid', 'The paging cursor is not valid for this search')
  const [body = '', sig = ''] = raw.split('.')
  if (sig.length !== 22 || !timingSafeEqual(Buffer.from(sig), Buffer.from(mac(body)))) throw bad
  const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as PageCursor
  if (p.k !== key) throw bad
  return p
}

/**
 * One page of what a source yields and `keep` accepts. Candidates come a batch at a time; a page that ends
 * inside a batch resumes at the same batch, skipping what it already returned. A page reads at most
 * MAX_BATCHES batches: a rare match can leave a page short, with a next link, but never makes it unbounded.
 */
export async function readPage<T>(source: Source<T>, key: string, keep: (t: T) => boolean, count: number, cursor?: string): Promise<{ items: T[]; next: string | null }> {
  const start = cursor ? decode(cursor, key) : { k: key, c: null, o: 0 }
  const items: T[] = []
  if (count === 0) return { items, next: null }
  let at = start.c
  let skip = start.o
  // batches the size of the page (at least 10, so a thinning filter needs few of them): a small page reads a
  // small batch, its cost set by the page and not by how many candidates the index holds
  const size = Math.min(BATCH, Math.max(10, count))
  // a page resumed inside a batch reads that batch again at the size it had (cursors made before sizes: BATCH)
  let batchSize = skip ? (start.b ?? BATCH) : size
  for (let batches = 0; ; batches++) {
    const batch = await source(at, batchSize)
    const fresh = batch.items.filter(keep).slice(skip)
    const room = count - items.length
    if (fresh.length > room) {
      items.push(...fresh.slice(0, room))
      return { items, next: encode({ k: key, c: at, o: skip + room, b: batchSize }) }
    }
    items.push(...fresh)
    skip = 0
    batchSize = size
    if (!batch.cursor) return { items, next: null }
    at = batch.cursor
    if (items.length === count || batches + 1 >= MAX_BATCHES) return { items, next: encode({ k: key, c: at, o: 0 }) }
  }
}

/** One page of a search: the driving index's candidates, each checked against every criterion on the built resource. */
export async function runSearch<R extends Resource>(def: TypeDef<R>, req: SearchRequest) {
  const { key, source } = driver(def, req.criteria)
  const page = await readPage(source, `${def.type}:${key}`, (r) => matchesAll(def, req.criteria, r), req.count, req.cursor)
  return { matches: page.items, next: page.next }
}

/** `_lastUpdated` bounds as ISO instants for the change feed's sort key. */
export function lastUpdatedRange(criteria: Criterion[]): [string, string] {
  const [lo, hi] = dateBounds(criteria.filter((c) => c.name === '_lastUpdated').map((c) => c.values.map(parseDate)))
  const iso = (ms: number, fallback: string) => (Number.isFinite(ms) ? new Date(Math.max(0, Math.min(ms, 253402300799999))).toISOString() : fallback)
  return [iso(lo, '0000'), iso(hi, '9999')]
}

export const lastUpdatedMatches = (r: Resource, raw: string) => {
  const at = r.meta?.lastUpdated ? Date.parse(r.meta.lastUpdated) : NaN
  return Number.isFinite(at) && dateMatches(at, parseDate(raw))
}
