import { useTenant, useUser } from '../actor'
import { keys } from '../db/keys'
import { getItem } from '../db/read'
import { commit, type Write } from '../db/write'
import { AppError, versionMismatch } from '../error'
import { newId } from '../id'
import type { z } from 'zod/mini'
import { bumped, created } from '../util/entity'
import { normalizeName } from '../util/text'
import { assertWritable, getChild, listChildren } from '../worker/children'
import * as worker from '../worker'
import { DisciplinaryAction, LicenceCreate, LicenceRenewal, LicenceUpdate, type LicenceInfo } from './schema'

export * from './schema'

const today = () => new Date().toISOString().slice(0, 10)
/** The status a reader sees: an active licence past its date is expired, whatever is stored. */
export const present = (l: LicenceInfo): LicenceInfo => (l.status === 'active' && l.expiresAt < today() ? { ...l, status: 'expired' } : l)

const councilKey = (council: string) => normalizeName(council).replaceAll(' ', '-')
/** Licence numbers are unique per council, case and accents ignored in the council's name. */
export const licenceNumberKey = (council: string, number: string) => keys.licenceNumber(councilKey(council), number.toUpperCase())
const numberGuard = (l: LicenceInfo): Write => ({
  put: { ...licenceNumberKey(l.council, l.number), licenceId: l.id, workerId: l.workerId },
  when: 'absent',
  conflict: () => new AppError(409, 'licence.number_taken', `Licence number ${l.number} is already held with ${l.council}`, { field: 'number' }),
})
const item = (l: LicenceInfo) => ({ ...keys.workerChild(l.workerId, 'LIC', l.id), ...keys.licenceExpiry(l.expiresAt, l.id), ...keys.changeFeed(l.updatedAt, l.id), ...l })
/** for writers that commit a licence with other changes (an import row) */
export { item as licenceItem, numberGuard as licenceNumberGuard, councilKey }
const audit = (action: string, l: LicenceInfo, before?: LicenceInfo) => ({ action: `licence.${action}`, entityType: 'worker', entityId: l.workerId, before, after: l })

/** A country that lists its licensing councils accepts only those: a misspelt council would escape the number guard. */
async function assertCouncil(council: string) {
  const tenant = await getItem<{ councils?: string[] }>(keys.tenantRecord(useTenant()), false)
  const listed = tenant?.councils ?? []
  if (listed.length && !listed.some((c) => councilKey(c) === councilKey(council)))
    throw new AppError(400, 'licence.unknown_council', 'Choose one of the country’s licensing councils', { field: 'council' })
}

export async function create(workerId: string, input: z.input<typeof LicenceCreate>) {
  const data = LicenceCreate.parse(input)
  const [w] = await Promise.all([worker.load(workerId), assertCouncil(data.council)])
  assertWritable(w)
  const licence: LicenceInfo = { id: newId('licence'), workerId, ...data, renewals: [], actions: [], ...created() }
  await commit([{ put: item(licence), when: 'absent' }, numberGuard(licence)], { audit: audit('create', licence), result: present(licence) })
  return present(licence)
}

export async function list(workerId: string) {
  await worker.load(workerId)
  const items = await listChildren<LicenceInfo>(workerId, 'LIC')
  return { items: items.map(present).sort((a, b) => b.expiresAt.localeCompare(a.expiresAt)), cursor: null }
}

async function change(workerId: string, id: string, version: number, next: (l: LicenceInfo) => LicenceInfo, action: string) {
  assertWritable(await worker.load(workerId))
  const current = await getChild<LicenceInfo>(workerId, 'LIC', id)
  if (current.version !== version) throw versionMismatch(current.version)
  const updated = { ...next(current), ...bumped(current) }
  const writes: Write[] = [{ put: item(updated), when: { version }, conflict: () => versionMismatch() }]
  if (councilKey(current.council) !== councilKey(updated.council) || current.number.toUpperCase() !== updated.number.toUpperCase())
    writes.push({ delete: licenceNumberKey(current.council, current.number) }, numberGuard(updated))
  await commit(writes, { audit: audit(action, updated, current), result: present(updated) })
  return present(updated)
}

export const update = async (workerId: string, id: string, version: number, changes: LicenceUpdate) => {
  if (changes.council !== undefined) await assertCouncil(changes.council)
  return change(workerId, id, version, (l) => {
    const next = { ...l, ...LicenceUpdate.parse(changes) }
    if (next.expiresAt <= next.issuedAt) throw new AppError(400, 'licence.dates', 'A licence expires after it is issued', { field: 'expiresAt' })
    return next
  }, 'update')
}

export function renew(workerId: string, id: string, version: number, input: z.input<typeof LicenceRenewal>) {
  const { expiresAt, note } = LicenceRenewal.parse(input)
  return change(workerId, id, version, (l) => {
    if (l.status === 'suspended' || l.status === 'revoked') throw new AppError(409, 'licence.not_renewable', `A ${l.status} licence cannot be renewed; reinstate it first`)
    if (expiresAt <= l.expiresAt) throw new AppError(400, 'licence.renewal_not_later', 'A renewal must move the expiry date later', { field: 'expiresAt' })
    return { ...l, expiresAt, renewals: [...l.renewals, { from: l.expiresAt, to: expiresAt, at: new Date().toISOString(), by: useUser().email, note }].slice(-100) }
  }, 'renew')
}

const statusAfter = { suspension: 'suspended', revocation: 'revoked', reinstatement: 'active' } as const

export function discipline(workerId: string, id: string, version: number, input: z.input<typeof DisciplinaryAction>) {
  const action = DisciplinaryAction.parse(input)
  return change(workerId, id, version, (l) => {
    if (l.status === 'revoked' && action.action !== 'reinstatement') throw new AppError(409, 'licence.revoked', 'The licence is revoked')
    const status = statusAfter[action.action as keyof typeof statusAfter] ?? l.status
    return { ...l, status, actions: [...l.actions, { ...action, at: new Date().toISOString(), by: useUser().email }].slice(-100) }
  }, action.action)
}
