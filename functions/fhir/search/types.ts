import type { Resource } from '@medplum/fhirtypes'
import type { Criterion } from './params'

/** One read of candidates from an index, in the index's order, and where the next read starts. */
export interface Batch<T> {
  items: T[]
  cursor: string | null
}

/**
 * Candidates for a search, read page by page through one index. A source reads the same batch again for the
 * same cursor and size, so a page may stop inside a batch and the next page resume there (cursor + offset).
 * `size` is how many index items the page would like read at once (a source may read fewer or ignore it).
 */
export type Source<T> = (cursor: string | null, size?: number) => Promise<Batch<T>>

export type ParamType = 'string' | 'token' | 'reference' | 'date'

export interface ParamDef<R> {
  type: ParamType
  documentation: string
  /** whether one value matches the resource (alternatives and repeats are combined by the engine) */
  match(resource: R, value: string, modifier: string | undefined): boolean
  /**
   * candidates through an index, for searches that name this parameter; the lowest rank drives. Undefined
   * when this criterion cannot drive (several alternatives, say): another one, or the type's walk, does.
   */
  index?: { rank: number; source(criterion: Criterion, all: Criterion[]): Source<R> | undefined }
}

/** A resource's version in the change feed, or the mark that it was deleted. */
export type Change<R> = { resource: R; deleted?: undefined } | { resource?: undefined; deleted: { id: string; versionId: string; lastUpdated: string } }

export interface TypeDef<R extends Resource = Resource> {
  type: R['resourceType']
  profiles: string[]
  /** reads one resource the caller may see, or undefined */
  read(id: string): Promise<R | undefined>
  params: Record<string, ParamDef<R>>
  /** every resource of the type the caller may see, through the cheapest index that lists them */
  all: Source<R>
  /** the change feed between two instants (ISO strings), newest first or oldest first */
  changes(from: string, to: string, newestFirst: boolean): Source<Change<R>>
  /** `_include` targets this type offers: `Type:param` -> the included resources */
  includes: Record<string, (page: R[]) => Promise<Resource[]>>
  /** `_revinclude` this type accepts: `Other:param` -> resources of the other type pointing at the page */
  revincludes: Record<string, (page: R[]) => Promise<Resource[]>>
}
