import type { AnyRoute } from '../../functions/api/route'
import { prefixes } from '../../functions/core/id-kinds'
import type { World } from './world'

/** Another tenant's id for every path parameter name. A route whose parameter is missing here fails the suite. */
export function otherTenantParams(w: World): Record<string, string> {
  return {
    tenantId: w.b.id,
    userId: w.b.users.registrar.userId,
    partnerId: w.partnerB.id,
    donorId: w.donorId,
    orgUnitId: w.b.registry.district.id,
    facilityId: w.b.registry.facility.id,
    cadreId: w.b.registry.cadre.id,
    workerId: w.b.registry.worker.id,
    licenceId: w.b.registry.licence.id,
    deploymentId: w.b.registry.deployment.id,
    jobId: w.b.job.id,
    invitationId: w.b.invitation.id,
    clientId: w.b.client.id,
    importId: w.b.upload.id,
  }
}

export function fillPath(route: AnyRoute, params: Record<string, string>) {
  return route.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name]
    if (!value) throw new Error(`no fixture for path parameter :${name} of ${route.method} ${route.path}: add it to tests/support/route-calls.ts`)
    return value
  })
}

/** The route's example body with every mention of tenant A turned into tenant B. */
export function exampleFor(route: AnyRoute, w: World) {
  if (!route.body) return undefined
  const b = w.b.registry
  const swaps: Record<string, string> = { [w.a.id]: w.b.id }
  // the examples' placeholder ids become tenant B's real ones
  for (const [prefix, id] of [['ou_', b.district.id], ['fac_', b.facility.id], ['cad_', b.cadre.id], ['wrk_', b.worker.id]] as const) swaps[`${prefix}01jabcdefghjkmnpqrstvwxyz0`] = id
  let text = JSON.stringify(route.example ?? {})
  for (const [from, to] of Object.entries(swaps)) text = text.replaceAll(`"${from}"`, `"${to}"`)
  return JSON.parse(text)
}

/** Strings of tenant B that must never reach a caller from tenant A. */
export function secretsOf(w: World) {
  return ['MARKER-TB', 'MARKER-PB', 'WorkerUGA', 'NID-UGA-1', 'LIC-UGA-1', 'District UGA', 'Hospital UGA', 'Nurse UGA', ...Object.values(w.b.users).flatMap((u) => [u.email, u.userId])]
}

/** The response without the fields that echo the request itself (the path in `instance`). */
export function withoutEcho(json: unknown) {
  if (!json || typeof json !== 'object') return JSON.stringify(json ?? '')
  const { instance: _i, ...rest } = json as Record<string, unknown>
  return JSON.stringify(rest)
}

// Generated probes: every query parameter and every body field that takes an id, read from the route's schemas,
// so a parameter or field added to a route is probed the day it is added.

/** What a probe aims at: another tenant, or the part of the caller's own tenant outside their subtree. */
export interface Target {
  label: string
  /** ids to put in paths, by path-parameter name */
  params: Record<string, string>
  /** every id the target holds, most specific first: tried in each field and parameter that takes an id */
  ids: string[]
  /** its country code, tried where a field takes a tenant */
  tenantId?: string
  /** words that find its people in a search: names, identifiers */
  terms: string[]
  /** emails of its users, tried where a filter takes who acted */
  emails?: string[]
  /** cursors of its own lists, by route path */
  cursors: Record<string, string>
  /** what must never come back: every id, name, identifier and email it holds */
  secrets: string[]
}

type Schema = { _zod: { def: any }; safeParse: (v: unknown) => { success: boolean } }
const wrappers = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'])

/** The schema a caller's value meets first: wrappers and pipes opened (a pipe's input side). */
export function leafOf(schema: Schema): Schema {
  const def = schema._zod.def
  if (wrappers.has(def.type)) return leafOf(def.innerType)
  if (def.type === 'pipe') return leafOf(def.in)
  return schema
}

const sampleIds = Object.values(prefixes).map((p) => `${p}_${'0'.repeat(26)}`)
/** A field takes an id when its name says so, or when it accepts an id but not an arbitrary word of the same shape. */
function takesId(name: string | number, leaf: Schema) {
  // an identifier of another system (a national id) takes free words too: it names nothing of ours
  if (leaf._zod.def.type !== 'string' || leaf.safeParse('not-an-id-1').success) return false
  if (typeof name === 'string' && /(^id$|Id$)/.test(name)) return true
  return sampleIds.some((s) => leaf.safeParse(s).success) && !leaf.safeParse(`q_${'0'.repeat(26)}`).success
}

/** The values of a target a field accepts: its ids (and country code) that pass the field's own schema. */
function idsFor(leaf: Schema, target: { ids: string[]; tenantId?: string }) {
  return [...target.ids, ...(target.tenantId ? [target.tenantId] : [])].filter((v) => leaf.safeParse(v).success)
}

/** Query parameters that take neither an id nor a choice from a list: what to try in each. */
const freeQuery: Record<string, (t: Target, route: AnyRoute) => string[]> = {
  q: (t) => t.terms,
  actor: (t) => t.emails ?? [],
  action: () => ['worker.create', 'worker.read', 'user.create'],
  from: () => ['2000-01-01'],
  to: () => ['2099-12-31'],
  licenceExpiringBefore: () => ['2099-12-31'],
  period: () => [String(new Date().getUTCFullYear()), '2025'],
  year: () => [String(new Date().getUTCFullYear()), '2025'],
  cursor: (t, route) => (t.cursors[route.path] ? [t.cursors[route.path]!] : t.cursors['*'] ? [t.cursors['*']] : []),
  limit: () => ['200'],
}
export const pagingParams = new Set(['cursor', 'limit'])
/** A parameter that picks from a fixed list (an enum or a literal): a filter, not a way to name data. */
export const isChoice = (schema: Schema) => ['enum', 'literal'].includes(leafOf(schema)._zod.def.type)

/**
 * What to try in each query parameter of a route. Fails for a parameter it cannot fill, so a new one
 * cannot go unprobed; `strict` (another tenant, which holds one of everything) also fails for an id
 * parameter the target has no id for.
 */
export function queryCandidates(route: AnyRoute, target: Target, strict: boolean): Record<string, string[]> {
  if (!route.query) return {}
  const shape = (route.query as Schema)._zod.def.shape as Record<string, Schema>
  const out: Record<string, string[]> = {}
  for (const [key, schema] of Object.entries(shape)) {
    const leaf = leafOf(schema)
    const def = leaf._zod.def
    let values: string[]
    if (freeQuery[key]) values = freeQuery[key](target, route)
    else if (def.type === 'enum') values = Object.values(def.entries as Record<string, string>)
    else if (def.type === 'literal') values = (def.values as unknown[]).map(String)
    else if (takesId(key, leaf)) {
      values = idsFor(leaf, target)
      if (strict && !values.length) throw new Error(`${target.label} has no id for query parameter ${key} of ${route.method.toUpperCase()} ${route.path}: add one to the world`)
    } else throw new Error(`no probe for query parameter ${key} of ${route.method.toUpperCase()} ${route.path}: add it to freeQuery in tests/support/route-calls.ts`)
    out[key] = values
  }
  return out
}

/**
 * Each candidate alone, then every pair of parameters with their first candidates (filters combine in search
 * paths); a parameter the route requires is in every variant, with its first candidate unless varied.
 */
export function queryVariants(route: AnyRoute, candidates: Record<string, string[]>): Record<string, string>[] {
  const shape = (route.query as Schema)._zod.def.shape as Record<string, Schema>
  const required = Object.fromEntries(Object.keys(candidates).filter((k) => !['optional', 'default', 'prefault'].includes(shape[k]!._zod.def.type) && candidates[k]!.length).map((k) => [k, candidates[k]![0]!]))
  const keys = Object.keys(candidates).filter((k) => candidates[k]!.length)
  const variants: Record<string, string>[] = []
  for (const k of keys) for (const v of candidates[k]!) variants.push({ ...required, [k]: v })
  for (let i = 0; i < keys.length; i++)
    for (let j = i + 1; j < keys.length; j++) variants.push({ ...required, [keys[i]!]: candidates[keys[i]!]![0]!, [keys[j]!]: candidates[keys[j]!]![0]! })
  return variants
}

export type FieldPath = (string | number)[]

/** Every field of a route's body that takes an id, found in its schema (nested objects, arrays, unions) and in its example. */
export function idFields(route: AnyRoute): { path: FieldPath; leaf: Schema }[] {
  const found = new Map<string, { path: FieldPath; leaf: Schema }>()
  const walk = (schema: Schema, path: FieldPath) => {
    const leaf = leafOf(schema)
    const def = leaf._zod.def
    if (def.type === 'object') for (const [k, v] of Object.entries(def.shape as Record<string, Schema>)) walk(v, [...path, k])
    else if (def.type === 'array') walk(def.element, [...path, 0])
    else if (def.type === 'union') for (const option of def.options as Schema[]) walk(option, path)
    else if (path.length && takesId(path[path.length - 1]!, leaf)) found.set(JSON.stringify(path), { path, leaf })
  }
  if (route.body) walk(route.body as Schema, [])
  return [...found.values()]
}

export const getAt = (value: unknown, path: FieldPath): unknown => path.reduce<any>((v, k) => (v == null ? undefined : v[k]), value)

/** A copy of `value` with `path` set (objects and arrays made on the way). */
export function setAt<T>(value: T, path: FieldPath, to: unknown): T {
  const copy: any = structuredClone(value ?? {})
  let node = copy
  path.forEach((k, i) => {
    if (i === path.length - 1) node[k] = to
    else node = node[k] ??= typeof path[i + 1] === 'number' ? [] : {}
  })
  return copy
}

/**
 * The route's example made acceptable for the caller's own data: each placeholder id swapped for an own id of
 * its kind, every id field the example leaves out filled with one, and values that must be unique made so.
 */
export function ownBody(route: AnyRoute, own: { ids: string[]; tenantId: string }, n: number) {
  let text = JSON.stringify(route.example ?? {})
  for (const id of own.ids) text = text.replace(new RegExp(`"${id.split('_')[0]}_01jabcdefghjkmnpqrstvwxyz0"`, 'g'), `"${id}"`)
  let body = uniquely(JSON.parse(text), n)
  for (const { path, leaf } of idFields(route)) {
    const value = getAt(body, path)
    if (value !== undefined) continue
    const mine = idsFor(leaf, own)[0]
    if (mine) body = setAt(body, path, mine)
  }
  // an org-unit scope needs a registry role (a ministry admin works country-wide)
  if (body.role === 'ministry-admin' && getAt(body, ['orgUnitId'])) body.role = 'registrar'
  return body
}

const unusedCountries = ['TZA', 'ZMB', 'GHA', 'NGA', 'ETH', 'MOZ', 'ZWE', 'BWA', 'NAM', 'SEN', 'CIV', 'CMR', 'BEN', 'TGO', 'MLI', 'NER']
const letters = (n: number) => String.fromCharCode(97 + (n % 26)) + String.fromCharCode(97 + (Math.floor(n / 26) % 26))

/** Fields that must be unique (identifiers, emails, names among siblings, a new country's code) made unique by `n`. */
function uniquely(body: Record<string, any>, n: number) {
  const out: Record<string, any> = { ...body }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v !== 'string') continue
    if (k === 'email') out[k] = `u${n}.${v}`
    else if (['nationalId', 'registryNumber', 'number'].includes(k)) out[k] = `${v}-${n}`
    else if (['name', 'givenName', 'familyName', 'title'].includes(k)) out[k] = `${v} ${letters(n)}`
    else if (k === 'id' && /^[A-Z]{3}$/.test(v)) out[k] = unusedCountries[n % unusedCountries.length]
  }
  return out
}

/** The secrets of a target found in a reply (the request's own path in `instance` aside). */
export function leaked(reply: { json: unknown; text: string }, secrets: string[]) {
  const body = withoutEcho(reply.json ?? reply.text)
  return secrets.filter((s) => body.includes(s))
}
