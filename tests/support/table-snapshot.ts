import { ScanCommand } from '@aws-sdk/client-dynamodb'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { fromAttr } from '../../functions/core/db/marshal'

export type Stored = Record<string, unknown> & { pk: string; sk: string }

/** Every item of the test file's table, read straight from DynamoDB: what the API wrote, not what it says. */
export async function scanTable(): Promise<Stored[]> {
  const items: Stored[] = []
  let start: Record<string, any> | undefined
  do {
    const out = await dynamo().send(new ScanCommand({ TableName: config.table, ExclusiveStartKey: start }))
    items.push(...(out.Items ?? []).map((i) => fromAttr<Stored>(i)))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}

const keyOf = (i: Stored) => `${i.pk} | ${i.sk}`

/** The chosen items as `pk | sk` → their JSON, for comparing two moments of the table. */
export function picture(items: Stored[], which: (i: Stored) => boolean): Record<string, string> {
  return Object.fromEntries(items.filter(which).map((i) => [keyOf(i), JSON.stringify(i)] as const).sort(([a], [b]) => a.localeCompare(b)))
}

/** Whether an item mentions any of these strings anywhere in its attributes. */
export const mentions = (needles: string[]) => (i: Stored) => {
  const text = JSON.stringify(i)
  return needles.some((n) => text.includes(n))
}

/** Request counters and the platform's security events change with every probe, by design. */
export const bookkeeping = (i: Stored) => i.pk.includes('#RATE') || i.pk.startsWith('G#SEC#') || i.pk.startsWith('G#LOGIN#')
