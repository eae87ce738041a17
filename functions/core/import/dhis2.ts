import { AppError } from '../error'

/** The columns a DHIS2 org-unit export becomes, named as the facilities import's synonyms know them. */
export const dhis2Columns = ['id', 'code', 'name', 'parent', 'level', 'openingDate', 'closedDate', 'latitude', 'longitude'] as const
export const dhis2Mapping: Record<(typeof dhis2Columns)[number], string | null> = {
  id: 'dhis2Id', code: 'hmisCode', name: 'name', parent: 'parent', level: 'unitLevel', openingDate: null, closedDate: 'closedDate', latitude: 'latitude', longitude: 'longitude',
}

type Unit = Record<string, unknown>
const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '')

/** A point from `geometry` (2.32 on) or from `featureType` POINT with `coordinates` as a string (before). */
function point(u: Unit): [string, string] {
  const geometry = u.geometry as { type?: string; coordinates?: unknown } | undefined
  let coordinates: unknown = geometry?.type === 'Point' ? geometry.coordinates : undefined
  if (!coordinates && u.featureType === 'POINT' && typeof u.coordinates === 'string') {
    try {
      coordinates = JSON.parse(u.coordinates)
    } catch {
      coordinates = undefined
    }
  }
  if (Array.isArray(coordinates) && coordinates.length === 2 && coordinates.every((c) => typeof c === 'number')) return [String(coordinates[1]), String(coordinates[0])]
  return ['', '']
}

const isWholeUnit = (c: unknown) => !!c && typeof c === 'object' && ('name' in c || 'displayName' in c)

/** The units of an export: `{organisationUnits: [...]}`, a bare array, or one unit on its own. */
function unitsOf(json: unknown): Unit[] {
  if (Array.isArray(json)) return json as Unit[]
  if (json && typeof json === 'object') {
    const o = json as Unit
    if (Array.isArray(o.organisationUnits)) return o.organisationUnits as Unit[]
    if (typeof o.id === 'string') return [o]
  }
  throw new AppError(422, 'import.malformed_file', 'The file is JSON but not a DHIS2 organisationUnits export')
}

/**
 * Rows from a DHIS2 org-unit export, nested (`children`) or flat (`parent`, `path`, `level`). Nested units
 * take their parent and level from where they sit. Parents come before their children (by level, then in
 * the file's order), so a commit creates each unit before the units under it.
 */
export function dhis2Rows(json: unknown): string[][] {
  const out: { level: number; order: number; cells: string[] }[] = []
  const walk = (units: Unit[], parent: string | undefined, depth: number) => {
    for (const u of units) {
      if (!u || typeof u !== 'object') continue
      const id = text(u.id)
      const path = text(u.path).split('/').filter(Boolean)
      const parentId = parent ?? text((u.parent as Unit | undefined)?.id) ?? ''
      const level = Number(u.level) || (path.length ? path.length : depth)
      const [lat, lng] = point(u)
      const name = text(u.name) || text(u.displayName) || text(u.shortName)
      out.push({ level, order: out.length, cells: [id, text(u.code), name, parentId || (path.length > 1 ? path[path.length - 2]! : ''), String(level), text(u.openingDate), text(u.closedDate), lat, lng] })
      // a flat export lists children as bare references ({id}): only a nested one holds whole units
      if (Array.isArray(u.children) && u.children.some(isWholeUnit)) walk(u.children as Unit[], id, level + 1)
    }
  }
  walk(unitsOf(json), undefined, 1)
  return out.sort((a, b) => a.level - b.level || a.order - b.order).map((r) => r.cells)
}
