import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { unmarshall } from '@aws-sdk/util-dynamodb'

/** The part of a DynamoDB Streams record the consumer reads (Lambda's event and GetRecords share the shape). */
export interface ChangeRecord {
  eventName?: string
  dynamodb?: {
    Keys?: Record<string, AttributeValue>
    NewImage?: Record<string, AttributeValue>
    OldImage?: Record<string, AttributeValue>
    SequenceNumber?: string
    /** seconds since the epoch in Lambda's event, a Date from the SDK */
    ApproximateCreationDateTime?: number | Date
  }
}

/** What a change asks the consumer to look at again. */
export type Target =
  | { kind: 'worker'; tenantId: string; workerId: string }
  | { kind: 'facility'; tenantId: string; facilityPath: string }

const workerPartition = /^T#([A-Z]{3})#W#(wrk_[0-9a-z]{26})$/
const orgUnits = /^T#([A-Z]{3})#OU$/

/**
 * A change to anything in a worker's partition (the worker, its licences, deployments, exits) means that
 * worker; a facility whose type or ownership changed means the workers there. Everything else (audit,
 * guards, other tenants' users) is no concern of the aggregates.
 */
export function targetOf(record: ChangeRecord): Target | undefined {
  const keys = record.dynamodb?.Keys
  const pk = keys?.pk?.S
  if (!pk) return undefined
  const w = workerPartition.exec(pk)
  if (w) return { kind: 'worker', tenantId: w[1]!, workerId: w[2]! }
  const ou = orgUnits.exec(pk)
  if (ou && keys?.sk?.S?.startsWith('fac_')) {
    const before = record.dynamodb?.OldImage ? unmarshall(record.dynamodb.OldImage) : undefined
    const after = record.dynamodb?.NewImage ? unmarshall(record.dynamodb.NewImage) : undefined
    if (before && after && before.facilityType === after.facilityType && before.ownership === after.ownership) return undefined
    const path = (after?.path ?? before?.path) as string | undefined
    return path ? { kind: 'facility', tenantId: ou[1]!, facilityPath: path } : undefined
  }
  return undefined
}

export function changeTime(record: ChangeRecord): string {
  const t = record.dynamodb?.ApproximateCreationDateTime
  if (t instanceof Date) return t.toISOString()
  if (typeof t === 'number') return new Date(t * 1000).toISOString()
  return new Date().toISOString()
}
