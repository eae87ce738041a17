import { createResource } from 'solid-js'
import { api } from './api'
import type { Page } from '../components/DataTable'

export type Cadre = { id: string; name: string; iscoCode: string; version: number }
export type Unit = { id: string; name: string; kind: 'unit' | 'facility'; path: string; depth: number; parentId?: string; level?: string; facilityType?: string; ownership?: string; version: number }

/** The country's cadres and its whole hierarchy, read once per page for the pickers (tens to a few thousand items). */
export function useCadres() {
  return createResource(() => api<Page<Cadre>>('GET', '/api/v1/cadres').then((p) => p.items))
}

export async function allUnits(): Promise<Unit[]> {
  const roots = (await api<Page<Unit>>('GET', '/api/v1/org-units?limit=200')).items
  const below = await Promise.all(roots.map((r) => collect(`/api/v1/org-units?under=${r.id}&limit=200`)))
  return [...roots, ...below.flat()].sort((a, b) => a.path.localeCompare(b.path))
}

async function collect(path: string) {
  const out: Unit[] = []
  let cursor: string | null = null
  do {
    const page: Page<Unit> = await api<Page<Unit>>('GET', `${path}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    out.push(...page.items)
    cursor = page.cursor
  } while (cursor && out.length < 5000)
  return out
}

export const useUnits = () => createResource(allUnits)
/** An indented label, so a flat select reads as the tree. */
export const unitLabel = (u: Unit) => `${'  '.repeat(u.depth)}${u.kind === 'facility' ? '◦ ' : ''}${u.name}`
