import { keys } from '../db/keys'
import { getItem } from '../db/read'

/**
 * The status index (gsi7) of a country is used once every worker carries its keys: a new country has it from
 * its first day (written with the tenant), a country registered before the index existed once the backfill
 * (./status-index-job.ts) has run. Until then a list by status reads the name index, filtered: slow for a
 * rare status, never wrong. Read on every list by a status other than `active`: one small item.
 */
export const statusIndexBuilt = async () => !!(await getItem(keys.statusIndexBuilt(), false))

/** The marker, written beside a new country's record (it has no workers to backfill) or at the backfill's end. */
export const statusIndexMarker = (tenantId: string, by: string) => ({ put: { ...keys.statusIndexBuilt(tenantId), builtAt: new Date().toISOString(), by } })
