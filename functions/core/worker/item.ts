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
 * A worker is one item, indexed by family name (gsi1), given name (gsi6), org-unit path (gsi2), cadre within
 * path (gsi3), birth cohort for duplicate detection (gsi4) and the change feed (gsi5). A merged record
 * leaves every index but the change feed, and stays readable.
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
        }
      : {}),
    ...keys.changeFeed(w.updatedAt, w.id),
    ...w,
  }
  return [{ put: record, when, conflict: () => versionMismatch() }]
}
