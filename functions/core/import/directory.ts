import { useTenant } from '../actor'
import type { CadreInfo } from '../cadre/schema'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { query, queryAll } from '../db/read'
import type { OrgUnitInfo } from '../orgunit/schema'
import { scopePath } from '../scope'
import { editDistance, normalizeName } from '../util/text'

/** Words that say a unit's level rather than its name: "Bo District" and "Bo" are one district. */
const levelWords = new Set(['district', 'county', 'sub county', 'subcounty', 'province', 'region', 'chiefdom', 'ward', 'departement', 'distrito', 'provincia', 'regiao', 'municipio', 'zone', 'state'])
export function unitKey(name: string) {
  const n = normalizeName(name)
  for (const word of levelWords) {
    const stripped = n.replace(new RegExp(`(^| )${word}( |$)`), ' ').trim()
    if (stripped && stripped !== n) return stripped
  }
  return n
}

/** A code as compared: case and surrounding spaces ignored. */
export const codeKey = (code: string) => code.trim().toUpperCase()

/** The names nearest to `name` (a few edits, scaled to its length), nearest first. */
export function closest(name: string, candidates: Iterable<string>, count = 3) {
  const key = normalizeName(name)
  const max = Math.max(2, Math.floor(key.length * 0.3))
  const scored: [string, number][] = []
  for (const c of new Set(candidates)) {
    const d = editDistance(key, normalizeName(c), max)
    if (d <= max) scored.push([c, d])
  }
  return scored.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0])).slice(0, count).map(([c]) => c)
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * The country's units, facilities and cadres as an import looks them up: by code (MFL, DHIS2, HMIS), by
 * name among a unit's children, by name anywhere; read once (one index, pages of 1,000: no scan) and kept
 * a little while, so the steps of one import do not read it again and again. A scoped registrar's
 * directory holds their subtree only.
 */
export class Directory {
  readonly units = new Map<string, OrgUnitInfo>()
  readonly byCode = new Map<string, OrgUnitInfo[]>()
  readonly children = new Map<string, Map<string, OrgUnitInfo[]>>()
  readonly facilitiesByName = new Map<string, OrgUnitInfo[]>()
  readonly unitsByName = new Map<string, OrgUnitInfo[]>()
  readonly cadresByName = new Map<string, CadreInfo>()
  readonly cadresByIsco = new Map<string, CadreInfo[]>()

  constructor(units: OrgUnitInfo[], cadres: CadreInfo[], readonly scope: string | undefined) {
    for (const u of units) this.add(u)
    for (const c of cadres) this.addCadre(c)
  }

  add(u: OrgUnitInfo) {
    this.units.set(u.id, u)
    for (const code of [u.codes?.mfl, u.codes?.dhis2, u.codes?.hmis]) if (code) push(this.byCode, codeKey(code), u)
    const siblings = this.children.get(u.parentId ?? 'ROOT') ?? new Map<string, OrgUnitInfo[]>()
    this.children.set(u.parentId ?? 'ROOT', siblings)
    push(siblings, unitKey(u.name), u)
    push(u.kind === 'facility' ? this.facilitiesByName : this.unitsByName, normalizeName(u.name), u)
  }

  addCadre(c: CadreInfo) {
    this.cadresByName.set(normalizeName(c.name), c)
    push(this.cadresByIsco, c.iscoCode, c)
  }

  /** A node's place, for a person to tell two of the same name apart: "Region / District / Clinic". */
  label(u: OrgUnitInfo) {
    return u.path.split('/').filter(Boolean).map((id) => this.units.get(id)?.name ?? '…').join(' / ')
  }

  childNamed(parentId: string | undefined, name: string) {
    return this.children.get(parentId ?? 'ROOT')?.get(unitKey(name)) ?? []
  }

  childNames(parentId: string | undefined) {
    return [...(this.children.get(parentId ?? 'ROOT')?.values() ?? [])].flat().map((u) => u.name)
  }
}

const cache = new Map<string, { at: number; directory: Promise<Directory> }>()
const TTL_MS = 30_000

export async function directory(): Promise<Directory> {
  const scope = await scopePath()
  const key = `${useTenant()}|${scope ?? ''}`
  const hit = cache.get(key)
  if (hit && Date.now() - hit.at < TTL_MS) return hit.directory
  const loading = load(scope)
  cache.set(key, { at: Date.now(), directory: loading })
  loading.catch(() => cache.delete(key))
  return loading
}

/** Forgets what was read: the next step reads the registry afresh (a commit's first step). */
export const forgetDirectory = () => {
  for (const key of cache.keys()) if (key.startsWith(`${useTenant()}|`)) cache.delete(key)
}

async function load(scope: string | undefined) {
  const units: OrgUnitInfo[] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof query<OrgUnitInfo>>> = await query<OrgUnitInfo>({ index: 'gsi2', partition: keys.orgUnitPath('').gsi2pk, prefix: scope ?? '/', cursor, limit: 1000 })
    units.push(...page.items.map((u) => strip<OrgUnitInfo>(u as unknown as Record<string, unknown>)))
    cursor = page.cursor
  } while (cursor)
  const cadres = (await queryAll<CadreInfo>({ partition: keys.cadres().pk }, 5000)).map((c) => strip<CadreInfo>(c as unknown as Record<string, unknown>))
  return new Directory(units, cadres, scope)
}
