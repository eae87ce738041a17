import { z } from 'zod'
import { Text, Versioned } from '../util/schema'

export const ownerships = ['public', 'private-not-for-profit', 'private-for-profit'] as const
export const facilityTypes = ['hospital', 'health-centre', 'dispensary', 'clinic', 'laboratory', 'pharmacy', 'training-institution', 'other'] as const

/** An org unit is a node of the country's hierarchy; facilities are its leaves (`fac_` ids). */
export const NodeId = z.string().max(40).regex(/^(ou|fac)_[0-9a-z]{26}$/, 'must be an org unit or facility id')
export const UnitId = z.string().max(40).regex(/^ou_[0-9a-z]{26}$/, 'must be an org unit id')
export const FacilityId = z.string().max(40).regex(/^fac_[0-9a-z]{26}$/, 'must be a facility id')

const ExternalCodes = z.strictObject({
  mfl: z.string().trim().max(40).optional(),
  dhis2: z.string().regex(/^[A-Za-z][A-Za-z0-9]{10}$/, 'a DHIS2 uid: 11 characters').optional(),
})
const Coordinates = z.strictObject({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) })

export const OrgUnitInfo = Versioned.extend({
  id: NodeId,
  kind: z.enum(['unit', 'facility']),
  name: Text(),
  /** free text the country chooses: region, county, district, ... */
  level: z.string().max(40).optional(),
  parentId: UnitId.optional(),
  /** ids from the root down to this node, `/`-separated and `/`-terminated */
  path: z.string(),
  depth: z.number().int(),
  codes: ExternalCodes.optional(),
  facilityType: z.enum(facilityTypes).optional(),
  ownership: z.enum(ownerships).optional(),
  coordinates: Coordinates.optional(),
})
export type OrgUnitInfo = z.infer<typeof OrgUnitInfo>

export const OrgUnitCreate = z.strictObject({
  name: Text(),
  level: z.string().trim().min(1).max(40).optional(),
  parentId: UnitId.optional(),
  codes: ExternalCodes.optional(),
})

export const FacilityCreate = z.strictObject({
  name: Text(),
  parentId: UnitId,
  facilityType: z.enum(facilityTypes),
  ownership: z.enum(ownerships),
  codes: ExternalCodes.optional(),
  coordinates: Coordinates.optional(),
})

export const OrgUnitUpdate = z.strictObject({
  name: Text().optional(),
  level: z.string().trim().min(1).max(40).optional(),
  codes: ExternalCodes.optional(),
  facilityType: z.enum(facilityTypes).optional(),
  ownership: z.enum(ownerships).optional(),
  coordinates: Coordinates.optional(),
})
export type OrgUnitUpdate = z.infer<typeof OrgUnitUpdate>

export const OrgUnitMove = z.strictObject({ parentId: UnitId })

export const OrgUnitQuery = z.strictObject({
  /** children of this unit; the roots when absent */
  parentId: UnitId.optional(),
  /** everything below this unit (any depth), instead of children */
  under: UnitId.optional(),
  kind: z.enum(['unit', 'facility']).optional(),
  cursor: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
