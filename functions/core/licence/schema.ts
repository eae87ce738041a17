import { z } from 'zod'
import { Id, IsoDate, Text, Timestamp, Versioned } from '../util/schema'

export const licenceStatuses = ['active', 'expired', 'suspended', 'revoked'] as const
const LicenceNumber = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, space . / -')

const Dates = { issuedAt: IsoDate, expiresAt: IsoDate }
const ordered = (l: { issuedAt?: string; expiresAt?: string }) => !l.issuedAt || !l.expiresAt || l.expiresAt > l.issuedAt

export const LicenceCreate = z
  .strictObject({ council: Text(120), number: LicenceNumber, ...Dates, status: z.enum(['active', 'suspended']).default('active') })
  .refine(ordered, { message: 'expires after it is issued', path: ['expiresAt'] })

export const LicenceUpdate = z
  .strictObject({ council: Text(120).optional(), number: LicenceNumber.optional(), issuedAt: IsoDate.optional(), expiresAt: IsoDate.optional() })
  .refine(ordered, { message: 'expires after it is issued', path: ['expiresAt'] })
export type LicenceUpdate = z.infer<typeof LicenceUpdate>

export const LicenceRenewal = z.strictObject({ expiresAt: IsoDate, note: z.string().trim().max(500).optional() })

export const disciplinaryActions = ['warning', 'fine', 'suspension', 'revocation', 'reinstatement'] as const
export const DisciplinaryAction = z.strictObject({ date: IsoDate, action: z.enum(disciplinaryActions), note: z.string().trim().max(1000).optional() })

export const LicenceInfo = Versioned.extend({
  id: Id('licence'),
  workerId: Id('worker'),
  council: z.string(),
  number: z.string(),
  issuedAt: IsoDate,
  expiresAt: IsoDate,
  /** `expired` is computed from `expiresAt` on every read: no sweep is needed for it to be right */
  status: z.enum(licenceStatuses),
  renewals: z.array(z.object({ from: IsoDate, to: IsoDate, at: Timestamp, by: z.string(), note: z.string().optional() })),
  actions: z.array(DisciplinaryAction.extend({ at: Timestamp, by: z.string() })),
})
export type LicenceInfo = z.infer<typeof LicenceInfo>
