import * as z from 'zod/mini'
import { FacilityId, NodeId } from '../orgunit/schema'
import { CountryCode, Cursor, Email, Id, Int, IsoDate, Limit, Line, Name, Note, Raw, Text, Versioned } from '../util/schema'

export const sexes = ['female', 'male', 'other', 'unknown'] as const
export const workerStatuses = ['active', 'on-leave', 'suspended', 'exited', 'deceased', 'merged'] as const
/** Statuses an edit may set; `exited` and `deceased` come from an exit record, `merged` from a merge. */
/** where a worker trained, against the tenant's country (derived from `trainingCountry`) */
export const trainingOrigins = ['domestic', 'foreign', 'unknown'] as const
export const editableStatuses = ['active', 'on-leave', 'suspended'] as const

const Identifier = z.string().check(z.trim(), z.minLength(3), z.maxLength(40), z.regex(/^[A-Za-z0-9][A-Za-z0-9 ./-]*$/, 'letters, digits, space . / -'))
const BirthDate = IsoDate.check(z.refine((d) => d >= '1900-01-01' && d <= new Date().toISOString().slice(0, 10), 'a birth date in the past'))

export const Qualification = z.strictObject({
  title: Text(200),
  institution: z.optional(Line(200)),
  year: z.optional(Int(1940, 2100)),
  country: z.optional(CountryCode),
})

export const Contacts = z.strictObject({
  phone: z.optional(Note(30).check(z.regex(/^\+?[0-9 ()-]{5,30}$/, 'a phone number'))),
  email: z.optional(Email),
  address: z.optional(Note(500)),
})

/** A small photo inline (the table's item limit is 400 KB); larger media belong in object storage. */
export const Photo = Raw(90_000).check(z.regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, 'a PNG, JPEG or WebP data URL'))

const fields = {
  nationalId: z.optional(Identifier),
  registryNumber: z.optional(Identifier),
  givenName: Name(100),
  familyName: Name(100),
  otherNames: z.optional(Line(100)),
  sex: z.enum(sexes),
  birthDate: BirthDate,
  nationality: z.optional(CountryCode),
  placeOfBirth: z.optional(Line(200)),
  /** where the worker trained; domestic or foreign is derived from the tenant */
  trainingCountry: z.optional(CountryCode),
  qualifications: z.array(Qualification).check(z.maxLength(20)),
  cadreId: Id('cadre'),
  contacts: Contacts,
  photo: z.optional(Photo),
  /** where the worker belongs when not deployed (deployments set the facility) */
  orgUnitId: z.optional(NodeId),
}

export const WorkerCreate = z.strictObject({
  ...fields,
  qualifications: z._default(fields.qualifications, []),
  contacts: z._default(fields.contacts, {}),
  status: z._default(z.enum(editableStatuses), 'active'),
  /** set after reviewing probable duplicates, to register the person anyway */
  confirmNotDuplicate: z.optional(z.boolean()),
  /** registering at a facility (`orgUnitId` a facility) deploys there: the position (default: the cadre) and start (default: today) */
  position: z.optional(Text(120)),
  startDate: z.optional(IsoDate),
})
export type WorkerCreate = z.input<typeof WorkerCreate>

export const WorkerUpdate = z.strictObject({
  ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, z.optional(v as z.ZodMiniType)])) as {
    [K in keyof typeof fields]: z.ZodMiniOptional<(typeof fields)[K]>
  },
  nationalId: z.optional(z.nullable(Identifier)),
  registryNumber: z.optional(z.nullable(Identifier)),
  /** `active` also brings back a worker who had exited (a return) */
  status: z.optional(z.enum(editableStatuses)),
})
export type WorkerUpdate = z.infer<typeof WorkerUpdate>

export const WorkerInfo = z.extend(Versioned, {
  id: Id('worker'),
  ...fields,
  status: z.enum(workerStatuses),
  trainingOrigin: z.enum(trainingOrigins),
  facilityId: z.optional(FacilityId),
  /** the org-unit path the worker sits under: current facility, else home unit */
  path: z.string(),
  mergedInto: z.optional(Id('worker')),
})
export type WorkerInfo = z.infer<typeof WorkerInfo>

export const WorkerSummary = z.extend(z.omit(WorkerInfo, { photo: true, qualifications: true, contacts: true }), {
  /** with `licenceExpiringBefore`: the expiry date of the licence that matched (the list is in that order) */
  licenceExpiresAt: z.optional(IsoDate),
})

export const WorkerQuery = z.strictObject({
  /** a name prefix (either name, accents and case ignored) or an exact national id / registry number */
  q: z.optional(Text(100)),
  orgUnitId: z.optional(NodeId),
  cadreId: z.optional(Id('cadre')),
  status: z.optional(z.enum(workerStatuses)),
  /** workers holding a licence that expires before this date */
  licenceExpiringBefore: z.optional(IsoDate),
  /** order by name (either direction); otherwise the chosen index's order (name, or place in the hierarchy) */
  sort: z.optional(z.enum(['name', '-name'])),
  cursor: Cursor,
  limit: Limit,
})
export type WorkerQuery = z.input<typeof WorkerQuery>

export const MergeInput = z.strictObject({ duplicateId: Id('worker') })
