/**
 * The single table, described once: infra/table.ts deploys it and the local server and tests create it
 * from the same object. Every index is overloaded; what each one serves is listed in the README.
 */
export const tableDefinition = {
  fields: {
    pk: 'string',
    sk: 'string',
    gsi1pk: 'string',
    gsi1sk: 'string',
    gsi2pk: 'string',
    gsi2sk: 'string',
    gsi3pk: 'string',
    gsi3sk: 'string',
    gsi4pk: 'string',
    gsi4sk: 'string',
    gsi5pk: 'string',
    gsi5sk: 'string',
    gsi6pk: 'string',
    gsi6sk: 'string',
    gsi7pk: 'string',
    gsi7sk: 'string',
  },
  primaryIndex: { hashKey: 'pk', rangeKey: 'sk' },
  globalIndexes: {
    gsi1: { hashKey: 'gsi1pk', rangeKey: 'gsi1sk' },
    gsi2: { hashKey: 'gsi2pk', rangeKey: 'gsi2sk' },
    gsi3: { hashKey: 'gsi3pk', rangeKey: 'gsi3sk' },
    gsi4: { hashKey: 'gsi4pk', rangeKey: 'gsi4sk' },
    gsi5: { hashKey: 'gsi5pk', rangeKey: 'gsi5sk' },
    gsi6: { hashKey: 'gsi6pk', rangeKey: 'gsi6sk' },
    gsi7: { hashKey: 'gsi7pk', rangeKey: 'gsi7sk' },
  },
  ttl: 'ttl',
} as const

export type IndexName = keyof typeof tableDefinition.globalIndexes
