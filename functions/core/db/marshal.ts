import type { AttributeValue } from '@aws-sdk/client-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'

export type Item = Record<string, unknown>
export const toAttr = (item: Item) => marshall(item, { removeUndefinedValues: true, convertEmptyValues: false })
export const fromAttr = <T = Item>(attrs: Record<string, AttributeValue>) => unmarshall(attrs) as T

/** Table-only attributes that never leave the core. */
const internal = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk', 'gsi7pk', 'gsi7sk', 'ttl'])
export function strip<T>(item: Item): T {
  const out: Item = {}
  for (const [k, v] of Object.entries(item)) if (!internal.has(k)) out[k] = v
  return out as T
}
