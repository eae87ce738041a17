import { DeleteItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import { beforeAll, describe, expect, it } from 'vitest'
import { readCells } from '../../functions/core/aggregate/store'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { keys } from '../../functions/core/db/keys'
import { toAttr } from '../../functions/core/db/marshal'
import { runJob } from '../../functions/jobs/runner'
import { asRegistrar, tenantItems } from '../support/aggregates'
import { call } from '../support/http'
import { independentCells } from '../support/independent-count'
import { runToEnd } from '../support/jobs'
import { buildWorld, type World } from '../support/world'

/**
 * The recount job (POST /indicators/recount): figures for data written around the stream (no consumer runs
 * in this file), repaired after damage, resumable, one at a time, for a country's own admin only. Every
 * figure is checked against an independent count of the raw items.
 */
let w: World
let admin: string
const WORKERS = 30
const today = () => new Date().toISOString().slice(0, 10)

const ok = (r: { status: number; text: string; json: any }, status = 200) => {
  expect(r.status, r.text).toBe(status)
  return r.json
}
const sorted = (m: Map<string, number>) => [...m].sort(([a], [b]) => a.localeCompare(b))
const cellsOf = (tenantId: string) => asRegistrar(tenantId, readCells).then(sorted)
const expected = async (tenantId: string) => sorted(independentCells(await tenantItems(tenantId), tenantId, today()))

beforeAll(async () => {
  w = await buildWorld()
  admin = w.a.users['ministry-admin'].token
  const reg = w.a.users.registrar.token
  const post = (path: string, body: unknown) => call('POST', path, { token: reg, body }).then((r) => ok(r, 201))
  const { facility, cadre } = w.a.registry
  for (let i = 0; i < WORKERS; i++) {
    const wk = await post('/api/v1/workers', {
      givenName: `Counted${i}`, familyName: `Recount${i}`, sex: i % 3 ? 'female' : 'male', birthDate: `${1962 + i}-04-0${1 + (i % 9)}`, cadreId: cadre.id,
      nationality: i % 4 ? w.a.id : 'UGA', trainingCountry: i % 5 ? w.a.id : 'IND', orgUnitId: i % 2 ? facility.id : w.a.registry.district.id, confirmNotDuplicate: true,
    })
    if (i % 3) await post(`/api/v1/workers/${wk.id}/licences`, { council: 'KMPDC', number: `RC-${i}`, issuedAt: '2023-01-01', expiresAt: i % 4 ? '2099-01-01' : '2024-01-01' })
    if (i % 4 === 0) await post(`/api/v1/workers/${wk.id}/deployments`, { facilityId: facility.id, position: 'Nurse', startDate: '2024-02-01' })
    if (i === 7) await post(`/api/v1/workers/${wk.id}/exits`, { kind: 'voluntary', reason: 'emigration', date: '2025-06-01', destinationCountry: 'GBR' })
  }
}, 300_000)

describe('recount of the figures', () => {
  it('only a whole country’s admin starts it', async () => {
    for (const role of ['registrar', 'manager', 'viewer'] as const) expect((await call('POST', '/api/v1/indicators/recount', { token: w.a.users[role].token })).status, role).toBe(403)
    expect((await call('POST', '/api/v1/indicators/recount', { token: w.donor.token })).status).toBe(403)
  })

  it('counts data written around the stream, resumably, one at a time, and another country cannot see it', async () => {
    const want = await expected(w.a.id)
    expect(want.length).toBeGreaterThan(20)
    expect(await cellsOf(w.a.id)).toEqual([])
    const other = await cellsOf(w.b.id)

    const job = ok(await call('POST', '/api/v1/indicators/recount', { token: admin }), 202)
    expect(job).toMatchObject({ kind: 'aggregates.rebuild', state: 'queued', cancellable: false })
    const again = await call('POST', '/api/v1/indicators/recount', { token: admin })
    expect(again.status).toBe(409)
    expect(again.json.code).toBe('indicators.rebuild_running')
    // another country's admin neither sees this job nor is blocked by it
    expect((await call('GET', `/api/v1/jobs/${job.id}`, { token: w.b.users['ministry-admin'].token })).status).toBe(404)

    // a runner stopped after two steps (the count, then the first page of workers): the job says where it is
    expect(await runJob(`T#${w.a.id}`, job.id, { budgetMs: 60_000, maxSteps: 2 })).toBe('more')
    const halfway = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: admin }))
    expect(halfway).toMatchObject({ state: 'running', phase: 'recounting' })
    expect(halfway.progress.done).toBeGreaterThanOrEqual(WORKERS)
    expect(halfway.progress.total).toBe(halfway.progress.done)
    expect(await cellsOf(w.a.id)).toEqual([])

    expect(await runToEnd(`T#${w.a.id}`, job.id)).toBe('finished')
    const done = ok(await call('GET', `/api/v1/jobs/${job.id}`, { token: admin }))
    expect(done).toMatchObject({ state: 'done', result: { workers: halfway.progress.done, moved: halfway.progress.done } })
    expect(done.result.repaired).toBe(want.length)
    expect(await cellsOf(w.a.id)).toEqual(want)
    expect(await cellsOf(w.b.id)).toEqual(other)

    // the figures read through the API are the recounted ones
    const stock = ok(await call('GET', '/api/v1/indicators?indicator=stock&breakdown=national', { token: admin }))
    expect(stock.rows.find((r: any) => r.unitId === null && r.occupation === '*' && r.category === '*').value).toBe(
      want.filter(([cell]) => cell.startsWith('st|')).reduce((s, [, n]) => s + n, 0),
    )
  }, 120_000)

  it('repairs damaged totals and contributions, and changes nothing when all is right', async () => {
    const want = await expected(w.a.id)
    const first = ok(await call('POST', '/api/v1/indicators/recount', { token: admin }), 202)
    expect(await runToEnd(`T#${w.a.id}`, first.id)).toBe('finished')
    expect(ok(await call('GET', `/api/v1/jobs/${first.id}`, { token: admin })).result).toMatchObject({ moved: 0, repaired: 0 })

    const [workerA, workerB] = (await tenantItems(w.a.id)).filter((i) => i.sk === 'W').map((i) => i.id as string)
    await asRegistrar(w.a.id, async () => {
      const [cell] = [...(await readCells()).keys()].filter((c) => c.startsWith('st|'))
      await dynamo().send(new UpdateItemCommand({ TableName: config.table, Key: toAttr(keys.aggregateCell(cell!)), UpdateExpression: 'ADD n :n, v :one', ExpressionAttributeValues: toAttr({ ':n': 3, ':one': 1 }) }))
      await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr(keys.contribution(workerA!)) }))
      await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...keys.contribution(workerB!), cells: ['st|x|-|-|active'], version: 9 }) }))
      // a worker counted once but gone from the registry since (deleted without its record reaching the consumer)
      await dynamo().send(new PutItemCommand({ TableName: config.table, Item: toAttr({ ...keys.contribution('wrk_01gonegonegonegonegonegone'), cells: [cell!], version: 1 }) }))
    })
    expect(await cellsOf(w.a.id)).not.toEqual(want)
    const repair = ok(await call('POST', '/api/v1/indicators/recount', { token: admin }), 202)
    expect(await runToEnd(`T#${w.a.id}`, repair.id)).toBe('finished')
    expect(ok(await call('GET', `/api/v1/jobs/${repair.id}`, { token: admin })).result).toMatchObject({ moved: 3 })
    expect(await cellsOf(w.a.id)).toEqual(want)
  }, 120_000)
})
