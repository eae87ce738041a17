import * as z from 'zod/mini'
import { Id, IsoDate, Note, Text, Timestamp, Versioned } from '../util/schema'

export const licenceStatuses = ['active', 'expired', 'suspended', 'revoked'] as const
const LicenceNumber = Text(40).check(z.regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, space . / -'))

const ordered = (l: { issuedAt?: string; expiresAt?: string }) => !l.issuedAt || !l.expiresAt || l.expiresAt > l.issuedAt
const expiresAfterIssue = z.refine<{ issuedAt?: string; expiresAt?: string }>(ordered, { message: 'expires after it is issued', path: ['expiresAt'] })

export const LicenceCreate = z
  .strictObject({ council: Text(120), number: LicenceNumber, issuedAt: IsoDate, expiresAt: IsoDate, status: z._default(z.enum(['active', 'suspended']), 'active') })
  .check(expiresAfterIssue)

export const LicenceUpdate = z
  .strictObject({ council: z.optional(Text(120)), number: z.optional(LicenceNumber), issuedAt: z.optional(IsoDate), expiresAt: z.optional(IsoDate) })
  .check(expiresAfterIssue)
export type LicenceUpdate = z.infer<typeof LicenceUpdate>

export const LicenceRenewal = z.strictObject({ expiresAt: IsoDate, note: z.optional(Note(500)) })

export const disciplinaryActions = ['warning', 'fine', 'suspension', 'revocation', 'reinstatement'] as const
export const DisciplinaryAction = z.strictObject({ date: IsoDate, action: z.enum(disciplinaryActions), note: z.optional(Note(1000)) })

export const LicenceInfo = z.extend(Versioned, {
  id: Id('licence'),
  workerId: Id('worker'),
  council: z.string(),
  number: z.string(),
  issuedAt: IsoDate,
  expiresAt: IsoDate,
  /** `expired` is computed from `expiresAt` on every read: no sweep is needed for it to be right */
  status: z.enum(licenceStatuses),
  renewals: z.array(z.object({ from: IsoDate, to: IsoDate, at: Timestamp, by: z.string(), note: z.optional(z.string()) })),
  actions: z.array(z.extend(DisciplinaryAction, { at: Timestamp, by: z.string() })),
})
export type LicenceInfo = z.infer<typeof LicenceInfo>
