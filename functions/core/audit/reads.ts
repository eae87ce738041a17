import { PutItemCommand } from '@aws-sdk/client-dynamodb'
import { useActor } from '../actor'
import { config } from '../config'
import { dynamo } from '../db/client'
import { toAttr } from '../db/marshal'
import { auditItem, type AuditInput } from './event'

/** A read of a person's record leaves a trace too (who looked at whom), written before the data is returned. */
export async function recordRead(input: AuditInput) {
  // audit ids are fresh ULIDs: no condition needed, and none is paid for on every read
  await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr(auditItem(input)) }))
}

/** ids per event: a 200-worker page is ~6 KB, far inside DynamoDB's 400 KB item limit even at this bound */
const IDS_PER_EVENT = 1000

/**
 * A read of several people (a list page, duplicate candidates): one event naming them all, filed under the
 * country whose registry was read. Nothing is written when nobody was shown.
 */
export async function recordBulkRead(action: string, ids: string[], via: string) {
  const actor = useActor()
  const tenantId = actor.kind !== 'public' ? actor.tenantId : undefined
  const writes: Promise<void>[] = []
  for (let i = 0; i < ids.length; i += IDS_PER_EVENT)
    writes.push(recordRead({ action, entityType: 'tenant', entityId: tenantId ?? 'G', via, ids: ids.slice(i, i + IDS_PER_EVENT) }))
  await Promise.all(writes)
}
