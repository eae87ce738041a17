import { keys } from '../db/keys'
import type { Write } from '../db/write'
import { versionMismatch } from '../error'
import { normalizeName } from '../util/text'
import type { WorkerInfo } from './schema'

export const fullName = (w: Pick<WorkerInfo, 'givenName' | 'familyName'>) => normalizeName(`${w.familyName} ${w.givenName}`)
const givenFirst = (w: Pick<WorkerInfo, 'givenName' | 'familyName'>) => normalizeName(`${w.givenName} ${w.familyName}`)

/** What a search result shows: never the photo, contacts or qualifications. */
export function summaryOf(w: WorkerInfo) {
  const { photo: _p, contacts: _c, qualifications: _q, ...summary } = w
  return summary
}

/**
 * A worker is written as: the record (indexed by family name, by org-unit path, by cadre, and in the change
 * feed), a second name entry (given name first), and a birth-cohort entry for duplicate detection.
 * A merged record leaves the search indexes but stays readable.
 */
export function workerWrites(w: WorkerInfo, when: 'absent' | { version: number }): Write[] {
  const searchable = w.status !== 'merged'
  const record = {
    ...keys.worker(w.id),
    ...(searchable ? { ...keys.workerNameIndex(fullName(w), w.id), ...keys.workerPathIndex(w.path, w.id), ...keys.workerCadreIndex(w.cadreId, w.path, w.id) } : {}),
    ...keys.changeFeed(w.updatedAt, w.id),
    ...w,
  }
  const writes: Write[] = [{ put: record, when, conflict: () => versionMismatch() }]
  if (searchable) writes.push({ put: { ...keys.workerAltName(w.id), ...keys.workerGivenNameIndex(givenFirst(w), w.id), ...summaryOf(w) } })
  else writes.push({ delete: keys.workerAltName(w.id) })
  return writes
}

export function cohortItem(w: WorkerInfo) {
  return { ...keys.birthCohort(w.birthDate, w.sex, w.id), workerId: w.id, name: fullName(w), path: w.path }
}
