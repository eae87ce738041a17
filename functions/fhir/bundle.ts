import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes'
import { newId } from '../core/id'
import type { Change } from './search/types'

const fullUrl = (base: string, r: Resource) => `${base}/${r.resourceType}/${r.id}`

/** `self` and `next` links; the next page is the same search with the cursor the page ended at. */
function links(url: URL, next: string | null): BundleLink[] {
  const self = new URL(url)
  const out: BundleLink[] = [{ relation: 'self', url: self.toString() }]
  if (next) {
    const n = new URL(url)
    n.searchParams.set('_cursor', next)
    out.push({ relation: 'next', url: n.toString() })
  }
  return out
}

export const bundleId = () => newId('request').replace('_', '-')

export function searchset(base: string, url: URL, matches: Resource[], included: Resource[], next: string | null): Bundle {
  const seen = new Set(matches.map((r) => `${r.resourceType}/${r.id}`))
  const extra = included.filter((r) => !seen.has(`${r.resourceType}/${r.id}`) && (seen.add(`${r.resourceType}/${r.id}`), true))
  return {
    resourceType: 'Bundle',
    id: bundleId(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'searchset',
    link: links(url, next),
    entry: [
      ...matches.map((resource): BundleEntry => ({ fullUrl: fullUrl(base, resource), resource, search: { mode: 'match' } })),
      ...extra.map((resource): BundleEntry => ({ fullUrl: fullUrl(base, resource), resource, search: { mode: 'include' } })),
    ],
  }
}

/**
 * A history page, newest first. The Directory keeps the current version of each resource: a resource that
 * changed since `_since` appears once, at its latest version; a deleted one as a DELETE entry.
 */
export function history(base: string, url: URL, type: string, changes: Change<Resource>[], next: string | null): Bundle {
  return {
    resourceType: 'Bundle',
    id: bundleId(),
    meta: { lastUpdated: new Date().toISOString() },
    type: 'history',
    link: links(url, next),
    entry: changes.map((c): BundleEntry => {
      if (c.deleted)
        return {
          fullUrl: `${base}/${type}/${c.deleted.id}`,
          request: { method: 'DELETE', url: `${type}/${c.deleted.id}` },
          response: { status: '204', lastModified: c.deleted.lastUpdated, etag: `W/"${c.deleted.versionId}"` },
        }
      const r = c.resource
      const created = r.meta?.versionId === '1' || r.meta?.versionId === '1.0'
      return {
        fullUrl: fullUrl(base, r),
        resource: r,
        request: { method: created ? 'POST' : 'PUT', url: created ? type : `${type}/${r.id}` },
        response: { status: created ? '201' : '200', lastModified: r.meta?.lastUpdated, etag: `W/"${r.meta?.versionId}"` },
      }
    }),
  }
}
