import { createResource, createRoot } from 'solid-js'
import { api } from './api'
import { session } from './session'
import type { Page } from '../components/DataTable'

export type Cadre = { id: string; name: string; iscoCode: string; version: number }
export type Unit = { id: string; name: string; kind: 'unit' | 'facility'; path: string; depth: number; parentId?: string; level?: string; facilityType?: string; ownership?: string; version: number }

/** Parents before children, siblings by name: the order a tree and an indented picker read in. */
function treeOrder(nodes: Unit[]): Unit[] {
  const children = new Map<string, Unit[]>()
  for (const n of nodes) {
    const parent = n.parentId ?? ''
    children.set(parent, [...(children.get(parent) ?? []), n])
  }
  const ids = new Set(nodes.map((n) => n.id))
  const out: Unit[] = []
  const walk = (list: Unit[] | undefined) => {
    for (const n of [...(list ?? [])].sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(n)
      walk(children.get(n.id))
    }
  }
  // the roots of what the caller sees: a scoped user's own unit has a parent they cannot see
  walk(nodes.filter((n) => !n.parentId || !ids.has(n.parentId)))
  return out
}

/** The caller's whole hierarchy in one request (`/org-units/tree`), in tree order. */
export async function allUnits(): Promise<Unit[]> {
  const tree = await api<{ items: Unit[] }>('GET', '/api/v1/org-units/tree')
  return treeOrder(tree.items)
}

/**
 * Reference data is read once per sign-in and shared by every page (a registrar moves between the list,
 * the profile and the forms many times an hour, often on a slow link); a change to it refreshes it.
 */
const registryKey = () => {
  const m = session()?.membership
  return m && ['ministry-admin', 'registrar', 'manager', 'viewer'].includes(m.role) ? `${m.userId}|${m.scope.id}|${m.orgUnitId ?? ''}` : undefined
}
const shared = createRoot(() => {
  // keyed on who is signed in where: another country or role reads its own
  const [units, { refetch: refetchUnits, mutate: setUnits }] = createResource(registryKey, allUnits)
  const [cadres, { refetch: refetchCadres }] = createResource(registryKey, () => api<Page<Cadre>>('GET', '/api/v1/cadres').then((p) => p.items))
  return { units, refetchUnits, setUnits, cadres, refetchCadres }
})

export const useUnits = () => [shared.units, { refetch: shared.refetchUnits }] as const
export const useCadres = () => [shared.cadres, { refetch: shared.refetchCadres }] as const
export const refreshUnits = () => shared.refetchUnits()
export const refreshCadres = () => shared.refetchCadres()

/** Lookups by id over the shared hierarchy. */
export const unitById = (id: string | undefined) => (id ? shared.units()?.find((u) => u.id === id) : undefined)
export const cadreName = (id: string | undefined) => (id ? (shared.cadres()?.find((c) => c.id === id)?.name ?? '') : '')

/** Names from the top down to this node: "Nairobi › Kibra › Kibra Health Centre". */
export function unitPath(id: string | undefined, units = shared.units() ?? []): string {
  const node = id ? units.find((u) => u.id === id) : undefined
  if (!node) return ''
  const names = node.path
    .split('/')
    .filter(Boolean)
    .map((part) => units.find((u) => u.id === part)?.name)
    .filter(Boolean)
  return names.join(' › ')
}

/** An indented label, so a flat select reads as the tree; the level tells a region from a district of the same name. */
export const unitLabel = (u: Unit) => `${'\u00a0\u00a0'.repeat(u.depth)}${u.kind === 'facility' ? '◦ ' : ''}${u.name}${u.level ? ` (${u.level})` : ''}`
