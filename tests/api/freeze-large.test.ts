import { BatchWriteItemCommand, type BatchWriteItemCommandInput } from '@aws-sdk/client-dynamodb'
import { describe, expect, it } from 'vitest'
import { withActor, type Actor } from '../../functions/core/actor'
import { readCells } from '../../functions/core/aggregate/store'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { keys } from '../../functions/core/db/keys'
import { toAttr } from '../../functions/core/db/marshal'
import { queryAll } from '../../functions/core/db/read'
import * as period from '../../functions/core/period'
import { freshTenant } from '../support/aggregates'

/**
 * Freezing a large country: its snapshot is more than one transaction can carry (4 MB). A country of
 * 100,000 workers has about 44,000 cells (4.3 MB), and its freeze was refused with a 500. Here 5,000 cells
 * with long keys (≈ 4.7 MB, each key under the 1 KB a sort key may hold) stand in for it; the freeze succeeds
 * and the snapshot holds every cell. Few items and long keys: many small items are slow to write on a loaded
 * machine (10,000 outlasted three minutes on CI).
 */
const admin = (tenantId: string): Actor => ({ kind: 'user', requestId: 'test-freeze', userId: 'usr_admintest000000000000000', email: 'admin@test.example', role: 'ministry-admin', sessionId: 'ses_test', tenantId })

type WriteRequest = NonNullable<BatchWriteItemCommandInput['RequestItems']>[string][number]
async function writeAll(requests: WriteRequest[]) {
  for (let i = 0; i < requests.length; i += 200)
    await Promise.all(Array.from({ length: 8 }, (_, j) => requests.slice(i + j * 25, i + j * 25 + 25)).filter((b) => b.length).map(async (batch) => {
      let pending = batch
      while (pending.length) pending = (await dynamo().send(new BatchWriteItemCommand({ RequestItems: { [config.table]: pending } }))).UnprocessedItems?.[config.table] ?? []
    }))
}

describe('freezing a large country', () => {
  it('writes a snapshot larger than a transaction, every part under the item limit, and reads back every cell', async () => {
    const { id } = await freshTenant('CMR')
    const year = new Date().getUTCFullYear() - 1
    const padding = 'x'.repeat(900)
    const cells = Array.from({ length: 5_000 }, (_, i) => [`sa|cad_${padding}${i}|ou_a|ou_b|female|${1960 + (i % 40)}`, 1 + (i % 7)] as [string, number])
    await withActor(admin(id), async () => {
      const items = cells.map(([cell, n]) => ({ PutRequest: { Item: toAttr({ ...keys.aggregateCell(cell), n, v: 1 }) } }))
      await writeAll(items)
      expect((await readCells()).size).toBe(cells.length)

      const frozen = await period.freeze(year, 0)
      expect(frozen).toMatchObject({ year, state: 'frozen', revision: 1 })
      const snapshot = await period.snapshot(frozen)
      expect(snapshot.cells.sort(([a], [b]) => a.localeCompare(b))).toEqual(cells.sort(([a], [b]) => a.localeCompare(b)))

      const { pk, prefix } = keys.periodSnapshotParts(year, 1)
      const parts = await queryAll<Record<string, unknown>>({ partition: pk, prefix }, 1000)
      expect(parts.length).toBeGreaterThan(10)
      for (const part of parts) expect(JSON.stringify(part).length).toBeLessThan(400_000)

    })
  }, 300_000)
})
