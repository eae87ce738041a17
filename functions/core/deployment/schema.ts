import * as z from 'zod/mini'
import { FacilityId, ownerships } from '../orgunit/schema'
import { Id, IsoDate, Note, Num, Text, Versioned } from '../util/schema'

export const fundingSources = ['government', 'donor', 'private', 'other'] as const

export const DeploymentCreate = z
  .strictObject({
    facilityId: FacilityId,
    position: Text(120),
    /** defaults to the worker's cadre */
    cadreId: z.optional(Id('cadre')),
    /** defaults to the facility's ownership */
    sector: z.optional(z.enum(ownerships)),
    fte: z._default(Num(0.05, 1), 1),
    startDate: IsoDate,
    endDate: z.optional(IsoDate),
    fundingSource: z._default(z.enum(fundingSources), 'government'),
  })
  .check(z.refine((d) => !d.endDate || d.endDate >= d.startDate, { message: 'ends on or after its start', path: ['endDate'] }))

export const DeploymentEnd = z.strictObject({ endDate: IsoDate, reason: z.optional(Note(300)) })

export const DeploymentInfo = z.extend(Versioned, {
  id: Id('deployment'),
  workerId: Id('worker'),
  facilityId: FacilityId,
  facilityName: z.string(),
  position: z.string(),
  cadreId: Id('cadre'),
  sector: z.enum(ownerships),
  fte: z.number(),
  startDate: IsoDate,
  endDate: z.optional(IsoDate),
  endReason: z.optional(z.string()),
  fundingSource: z.enum(fundingSources),
})
export type DeploymentInfo = z.infer<typeof DeploymentInfo>
