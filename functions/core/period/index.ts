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

/** cells per snapshot item: a few hundred KB, under DynamoDB's 400 KB item limit */
const CELLS_PER_PART = 2000
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
  for (let i = 0; i < parts.length; i += 25)
    await commit(parts.slice(i, i + 25).map((p, j) => ({ put: { ...keys.periodSnapshot(year, revision, i + j), ...p } })))
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

function splitParts(data: FrameData) {
  const parts: Record<string, unknown>[] = []
  for (let i = 0; i === 0 || i < data.cells.length; i += CELLS_PER_PART)
    parts.push(i === 0 ? { isco: data.isco, units: data.units, population: data.population, cells: data.cells.slice(0, CELLS_PER_PART) } : { cells: data.cells.slice(i, i + CELLS_PER_PART) })
  return parts
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
