import { z } from 'zod'
import { FacilityId, ownerships } from '../orgunit/schema'
import { Id, IsoDate, Text, Versioned } from '../util/schema'

export const fundingSources = ['government', 'donor', 'private', 'other'] as const

export const DeploymentCreate = z
  .strictObject({
    facilityId: FacilityId,
    position: Text(120),
    /** defaults to the worker's cadre */
    cadreId: Id('cadre').optional(),
    /** defaults to the facility's ownership */
    sector: z.enum(ownerships).optional(),
    fte: z.number().min(0.05).max(1).default(1),
    startDate: IsoDate,
    endDate: IsoDate.optional(),
    fundingSource: z.enum(fundingSources).default('government'),
  })
  .refine((d) => !d.endDate || d.endDate >= d.startDate, { message: 'ends on or after its start', path: ['endDate'] })

export const DeploymentEnd = z.strictObject({ endDate: IsoDate, reason: z.string().trim().max(300).optional() })

export const DeploymentInfo = Versioned.extend({
  id: Id('deployment'),
  workerId: Id('worker'),
  facilityId: FacilityId,
  facilityName: z.string(),
  position: z.string(),
  cadreId: Id('cadre'),
  sector: z.enum(ownerships),
  fte: z.number(),
  startDate: IsoDate,
  endDate: IsoDate.optional(),
  endReason: z.string().optional(),
  fundingSource: z.enum(fundingSources),
})
export type DeploymentInfo = z.infer<typeof DeploymentInfo>
