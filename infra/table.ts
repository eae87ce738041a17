import { tableDefinition } from '../functions/core/db/table-definition'

/**
 * The single table, from the same definition the local server and tests create. Streams feed the aggregate
 * consumer; point-in-time recovery is always on (SST's default); production cannot be deleted by accident.
 */
export const table = new sst.aws.Dynamo('Table', {
  fields: tableDefinition.fields,
  primaryIndex: tableDefinition.primaryIndex,
  globalIndexes: tableDefinition.globalIndexes,
  ttl: tableDefinition.ttl,
  stream: 'new-and-old-images',
  deletionProtection: $app.stage === 'production',
})
