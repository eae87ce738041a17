import * as z from 'zod/mini'
import { Cursor, Limit, Note, Num, Raw, Text, Versioned } from '../util/schema'

export const ownerships = ['public', 'private-not-for-profit', 'private-for-profit'] as const
export const facilityTypes = ['hospital', 'health-centre', 'dispensary', 'clinic', 'laboratory', 'pharmacy', 'training-institution', 'other'] as const

const IdMatching = (pattern: RegExp, message: string) => Raw(40).check(z.regex(pattern, message))
/** An org unit is a node of the country's hierarchy; facilities are its leaves (`fac_` ids). */
export const NodeId = IdMatching(/^(ou|fac)_[0-9a-z]{26}$/, 'must be an org unit or facility id')
export const UnitId = IdMatching(/^ou_[0-9a-z]{26}$/, 'must be an org unit id')
export const FacilityId = IdMatching(/^fac_[0-9a-z]{26}$/, 'must be a facility id')

const ExternalCodes = z.strictObject({
  mfl: z.optional(Note(40)),
  dhis2: z.optional(z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'a DHIS2 uid: 11 characters'))),
  /** the code of the health information system (DHIS2's own `code`, such as `OU_278`) */
  hmis: z.optional(Note(40)),
})
const Coordinates = z.strictObject({ lat: Num(-90, 90), lng: Num(-180, 180) })
const Level = Text(40)

export const OrgUnitInfo = z.extend(Versioned, {
  id: NodeId,
  kind: z.enum(['unit', 'facility']),
  name: Text(),
  /** free text the country chooses: region, county, district, ... */
  level: z.optional(Raw(40)),
  parentId: z.optional(UnitId),
  /** ids from the root down to this node, `/`-separated and `/`-terminated */
  path: z.string(),
  depth: z.int(),
  codes: z.optional(ExternalCodes),
  facilityType: z.optional(z.enum(facilityTypes)),
  ownership: z.optional(z.enum(ownerships)),
  coordinates: z.optional(Coordinates),
})
export type OrgUnitInfo = z.infer<typeof OrgUnitInfo>

export const OrgUnitCreate = z.strictObject({
  name: Text(),
  level: z.optional(Level),
  parentId: z.optional(UnitId),
  codes: z.optional(ExternalCodes),
})

export const FacilityCreate = z.strictObject({
  name: Text(),
  parentId: UnitId,
  facilityType: z.enum(facilityTypes),
  ownership: z.enum(ownerships),
  codes: z.optional(ExternalCodes),
  coordinates: z.optional(Coordinates),
})

export const OrgUnitUpdate = z.strictObject({
  name: z.optional(Text()),
  level: z.optional(Level),
  codes: z.optional(ExternalCodes),
  facilityType: z.optional(z.enum(facilityTypes)),
  ownership: z.optional(z.enum(ownerships)),
  coordinates: z.optional(Coordinates),
})
export type OrgUnitUpdate = z.infer<typeof OrgUnitUpdate>

export const OrgUnitMove = z.strictObject({ parentId: UnitId })

export const OrgUnitQuery = z.strictObject({
  /** children of this unit; the roots when absent */
  parentId: z.optional(UnitId),
  /** everything below this unit (any depth), instead of children */
  under: z.optional(UnitId),
  kind: z.optional(z.enum(['unit', 'facility'])),
  cursor: Cursor,
  limit: Limit,
})
