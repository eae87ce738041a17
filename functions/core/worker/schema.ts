import { z } from 'zod'
import { FacilityId, NodeId } from '../orgunit/schema'
import { CountryCode, Id, IsoDate, Text, Versioned } from '../util/schema'

export const sexes = ['female', 'male', 'other', 'unknown'] as const
export const workerStatuses = ['active', 'on-leave', 'suspended', 'exited', 'deceased', 'merged'] as const
/** Statuses an edit may set; `exited` and `deceased` come from an exit record, `merged` from a merge. */
export const editableStatuses = ['active', 'on-leave', 'suspended'] as const

const Identifier = z.string().trim().min(3).max(40).regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, space . / -')
const BirthDate = IsoDate.refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'a birth date in the past')

export const Qualification = z.strictObject({
  title: Text(200),
  institution: z.string().trim().max(200).optional(),
  year: z.number().int().min(1940).max(2100).optional(),
  country: CountryCode.optional(),
})

export const Contacts = z.strictObject({
  phone: z.string().trim().max(30).regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number').optional(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()).optional(),
  address: z.string().trim().max(500).optional(),
})

/** A small photo inline (the table's item limit is 400 KB); larger media belong in object storage. */
export const Photo = z.string().max(90_000).regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, 'a PNG, JPEG or WebP data URL')

const fields = {
  nationalId: Identifier.optional(),
  registryNumber: Identifier.optional(),
  givenName: Text(100),
  familyName: Text(100),
  otherNames: z.string().trim().max(100).optional(),
  sex: z.enum(sexes),
  birthDate: BirthDate,
  nationality: CountryCode.optional(),
  placeOfBirth: z.string().trim().max(200).optional(),
  /** where the worker trained; domestic or foreign is derived from the tenant */
  trainingCountry: CountryCode.optional(),
  qualifications: z.array(Qualification).max(20),
  cadreId: Id('cadre'),
  contacts: Contacts,
  photo: Photo.optional(),
  /** where the worker belongs when not deployed (deployments set the facility) */
  orgUnitId: NodeId.optional(),
}

export const WorkerCreate = z.strictObject({
  ...fields,
  qualifications: fields.qualifications.default([]),
  contacts: fields.contacts.default({}),
  status: z.enum(editableStatuses).default('active'),
  /** set after reviewing probable duplicates, to register the person anyway */
  confirmNotDuplicate: z.boolean().optional(),
})
export type WorkerCreate = z.input<typeof WorkerCreate>

export const WorkerUpdate = z.strictObject({
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, (v as z.ZodType).optional()])) as {
    [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>
  },
  nationalId: Identifier.nullable().optional(),
  registryNumber: Identifier.nullable().optional(),
  /** `active` also brings back a worker who had exited (a return) */
  status: z.enum(editableStatuses).optional(),
})
export type WorkerUpdate = z.infer<typeof WorkerUpdate>

export const WorkerInfo = Versioned.extend({
  id: Id('worker'),
  ...fields,
  status: z.enum(workerStatuses),
  trainingOrigin: z.enum(['domestic', 'foreign', 'unknown']),
  facilityId: FacilityId.optional(),
  /** the org-unit path the worker sits under: current facility, else home unit */
  path: z.string(),
  mergedInto: Id('worker').optional(),
})
export type WorkerInfo = z.infer<typeof WorkerInfo>

export const WorkerSummary = WorkerInfo.omit({ photo: true, qualifications: true, contacts: true })

export const WorkerQuery = z.strictObject({
  /** a name prefix (either name, accents and case ignored) or an exact national id / registry number */
  q: z.string().trim().min(1).max(100).optional(),
  orgUnitId: NodeId.optional(),
  cadreId: Id('cadre').optional(),
  status: z.enum(workerStatuses).optional(),
  /** workers holding a licence that expires before this date */
  licenceExpiringBefore: IsoDate.optional(),
  /** order by name (either direction); otherwise the chosen index's order (name, or place in the hierarchy) */
  sort: z.enum(['name', '-name']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type WorkerQuery = z.input<typeof WorkerQuery>

export const MergeInput = z.strictObject({ duplicateId: Id('worker') })
