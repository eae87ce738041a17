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
 * The status index (gsi7) holds the few: a worker whose status is not `active` (nor `merged`), by status then
 * family name, so a list by a rare status reads only the workers who have it.
 */
export const statusIndexKeys = (w: WorkerInfo) =>
  w.status === 'active' || w.status === 'merged' ? {} : keys.workerStatusIndex(w.status, fullName(w), w.id)

/**
 * A worker is one item, indexed by family name (gsi1), given name (gsi6), org-unit path (gsi2), cadre within
 * path (gsi3), birth cohort for duplicate detection (gsi4), the change feed (gsi5) and, unless active, by
 * status (gsi7). A merged record leaves every index but the change feed, and stays readable. Every write of
 * a worker puts the whole item from here, so a change of status moves it in or out of the status index.
 */
export function workerWrites(w: WorkerInfo, when: 'absent' | { version: number }): Write[] {
  const searchable = w.status !== 'merged'
  const record = {
    ...keys.worker(w.id),
    ...(searchable
      ? {
          ...keys.workerNameIndex(fullName(w), w.id),
          ...keys.workerGivenNameIndex(givenFirst(w), w.id),
          ...keys.workerPathIndex(w.path, w.id),
          ...keys.workerCadreIndex(w.cadreId, w.path, w.id),
          ...keys.birthCohort(w.birthDate, w.sex, w.id),
          ...statusIndexKeys(w),
        }
      : {}),
    ...keys.changeFeed(w.updatedAt, w.id),
    ...w,
  }
  return [{ put: record, when, conflict: () => versionMismatch() }]
}
