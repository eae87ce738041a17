import { useTenant, useUser } from '../actor'
import { keys } from '../db/keys'
import { strip } from '../db/marshal'
import { getItem, queryAll } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, notFound, versionMismatch } from '../error'
import { liveFrameData, type FrameData } from '../indicator/frame'
import { bumped, created } from '../util/entity'
import { ReopenInput, type PeriodInfo } from './schema'

export * from './schema'

/**
 * A snapshot is cut into parts by size, not by count (a cell's key grows with its ids): each part under
 * DynamoDB's 400 KB item limit, and the parts written a few at a time, each transaction under its 4 MB. A
 * 100,000-worker country has about 44,000 cells, 4.3 MB: it once went as one transaction and was refused.
 */
const PART_BYTES = 300_000
const TRANSACTION_BYTES = 3_000_000
const item = (p: PeriodInfo) => ({ ...keys.period(p.year), ...p })

export async function get(year: number): Promise<PeriodInfo> {
  const found = await getItem(keys.period(year))
  if (found) return strip<PeriodInfo>(found)
  return { year, state: 'open', revision: 0, history: [], version: 0, createdAt: '', updatedAt: '' }
}

export async function list() {
  const items = await queryAll<PeriodInfo>({ partition: keys.periods(), prefix: 'Y#' }, 200)
  return { items: items.map((i) => strip<PeriodInfo>(i as never)).sort((a, b) => b.year - a.year), cursor: null }
}

const by = () => useUser().email

async function save(current: PeriodInfo, next: PeriodInfo, action: string, extra: Write[] = []) {
  await commit([{ put: item(next), when: current.version ? { version: current.version } : 'absent', conflict: () => versionMismatch() }, ...extra], {
    audit: { action: `period.${action}`, entityType: 'period', entityId: useTenant(), before: current.version ? current : undefined, after: next },
    result: next,
  })
  return next
}

/**
 * Freezes a year: the tenant's aggregates as they stand now (and the cadre mapping, unit names and
 * populations that shape the figures) are copied into a snapshot that later edits never touch. The parts
 * are written first, under a new revision nobody reads yet; the period then points at them, with its audit.
 */
export async function freeze(year: number, version: number) {
  const current = await get(year)
  if (current.version !== version) throw versionMismatch(current.version)
  if (current.state !== 'open') throw new AppError(409, 'period.not_open', `${year} is ${current.state}; reopen it first`)
  if (year > new Date().getUTCFullYear()) throw new AppError(400, 'period.future', 'A year is frozen once it has begun', { field: 'year' })
  const data = await liveFrameData()
  const revision = current.revision + 1
  const parts = splitParts(data)
  // a new revision nobody reads yet: its parts need not be written at once, only before the period points at them
  for (const group of groupsUnder(parts, TRANSACTION_BYTES)) await commit(group.map(({ part, index }) => ({ put: { ...keys.periodSnapshot(year, revision, index), ...part } })))
  const now = new Date().toISOString()
  const next: PeriodInfo = {
    ...current,
    year,
    state: 'frozen',
    revision,
    frozenAt: now,
    frozenBy: by(),
    approvedAt: undefined,
    approvedBy: undefined,
    history: [...current.history, { action: 'freeze', at: now, by: by() }].slice(-50),
    ...(current.version ? bumped(current) : created()),
  }
  return save(current, next, 'freeze')
}

export async function approve(year: number, version: number) {
  const current = await get(year)
  if (current.version !== version) throw versionMismatch(current.version)
  if (current.state !== 'frozen') throw new AppError(409, 'period.not_frozen', `Freeze ${year} before approving it`)
  const now = new Date().toISOString()
  return save(current, { ...current, state: 'approved', approvedAt: now, approvedBy: by(), history: [...current.history, { action: 'approve', at: now, by: by() }].slice(-50), ...bumped(current) }, 'approve')
}

export async function reopen(year: number, version: number, input: { reason: string }) {
  const { reason } = ReopenInput.parse(input)
  const current = await get(year)
  if (current.version !== version) throw versionMismatch(current.version)
  if (current.state === 'open') throw new AppError(409, 'period.open', `${year} is open already`)
  const now = new Date().toISOString()
  return save(current, { ...current, state: 'open', history: [...current.history, { action: 'reopen', at: now, by: by(), reason }].slice(-50), ...bumped(current) }, 'reopen')
}

const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value))

function splitParts(data: FrameData) {
  const head = { isco: data.isco, units: data.units, population: data.population }
  const parts: Record<string, unknown>[] = []
  let cells: [string, number][] = []
  let bytes = sizeOf(head)
  for (const cell of data.cells) {
    const size = sizeOf(cell) + 1
    if (cells.length && bytes + size > PART_BYTES) {
      parts.push(parts.length ? { cells } : { ...head, cells })
      cells = []
      bytes = 0
    }
    cells.push(cell)
    bytes += size
  }
  parts.push(parts.length ? { cells } : { ...head, cells })
  return parts
}

/** consecutive parts, with their index, in groups of at most 25 whose sizes add up to no more than `limit` */
function groupsUnder(parts: Record<string, unknown>[], limit: number) {
  const groups: { part: Record<string, unknown>; index: number }[][] = [[]]
  let bytes = 0
  parts.forEach((part, index) => {
    const size = sizeOf(part)
    if (groups.at(-1)!.length && (bytes + size > limit || groups.at(-1)!.length === 25)) groups.push([]), (bytes = 0)
    groups.at(-1)!.push({ part, index })
    bytes += size
  })
  return groups
}

/** A frozen period's frame data, as it was when frozen. */
export async function snapshot(period: PeriodInfo): Promise<FrameData> {
  if (period.state === 'open' || !period.revision) throw new AppError(409, 'period.not_frozen', `${period.year} is not frozen`)
  const { pk, prefix } = keys.periodSnapshotParts(period.year, period.revision)
  const parts = await queryAll<Record<string, any>>({ partition: pk, prefix }, 10_000)
  if (!parts.length) throw notFound('period')
  const head = parts[0]!
  return { isco: head.isco, units: head.units, population: head.population, cells: parts.flatMap((p) => p.cells as [string, number][]) }
}
