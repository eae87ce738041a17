import { useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { query } from '../db/read'
import { AppError, forbidden } from '../error'
import { fn } from '../util/fn'
import { RETENTION_DAYS } from './probe'
import { SecurityEventQuery, type SecurityEvent } from './schema'

export * from './schema'
export { noteProbe, refused } from './probe'

/** months read at once while walking back through the monthly partitions */
const MONTHS_AT_ONCE = 4

const monthOf = (time: number) => new Date(time).toISOString().slice(0, 7)
function monthBefore(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

function parseCursor(cursor: string | undefined) {
  if (!cursor) return undefined
  const m = /^(\d{4}-(?:0[1-9]|1[0-2]))~(aud_[0-9a-z]{26})$/.exec(cursor)
  if (!m) throw new AppError(400, 'cursor.invalid', 'The cursor is not valid for this list')
  return { month: m[1]!, after: m[2]! }
}

/**
 * The platform's security events, newest first, across the monthly partitions of the retention period:
 * a few months are read at once, each from where the last page stopped. Events are few by construction
 * (thresholds per user and window, see probe.ts), so one partition a month stays far from hot.
 */
export const list = fn(SecurityEventQuery, async ({ cursor, limit }) => {
  if (useUser().role !== 'platform-admin') throw forbidden()
  const from = parseCursor(cursor)
  const oldest = monthOf(Date.now() - RETENTION_DAYS * 24 * 3600_000)
  let month = from?.month ?? monthOf(Date.now())
  const items: SecurityEvent[] = []
  while (month >= oldest) {
    const months: string[] = []
    for (let m = month; months.length < MONTHS_AT_ONCE && m >= oldest; m = monthBefore(m)) months.push(m)
    const want = limit - items.length
    const pages = await Promise.all(
      months.map((m) => query({ partition: keys.securityEvents(m), newestFirst: true, limit: want, before: m === from?.month ? from.after : undefined })),
    )
    // each month was asked for what the page still lacked, so a month cut short always fills the page
    for (const [n, page] of pages.entries()) {
      for (const item of page.items) {
        items.push(strip<SecurityEvent>(item))
        if (items.length === limit) return { items, cursor: `${months[n]}~${items.at(-1)!.id}` }
      }
    }
    month = monthBefore(months.at(-1)!)
  }
  return { items, cursor: null }
})
