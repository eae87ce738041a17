import { DeleteItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countFromRegistry, rebuild } from '../../functions/core/aggregate/rebuild'
import { readCells } from '../../functions/core/aggregate/store'
import * as cadre from '../../functions/core/cadre'
import { config } from '../../functions/core/config'
import { dynamo } from '../../functions/core/db/client'
import { keys } from '../../functions/core/db/keys'
import { toAttr } from '../../functions/core/db/marshal'
import * as deployment from '../../functions/core/deployment'
import * as exit from '../../functions/core/exit'
import * as licence from '../../functions/core/licence'
import * as orgunit from '../../functions/core/orgunit'
import { move } from '../../functions/core/orgunit/move'
import * as worker from '../../functions/core/worker'
import { merge } from '../../functions/core/worker/merge'
import { applyRecords } from '../../functions/streams/apply'
import { startPoller, type Poller } from '../../functions/streams/poller'
import * as jobs from '../../functions/jobs'
import { startJobLoop } from '../../functions/jobs/loop'
import { terminal } from '../../functions/jobs/schema'
import { allStreamRecords, asRegistrar, freshTenant, tenantItems } from '../support/aggregates'
import { independentCells } from '../support/independent-count'

/**
 * Random histories of creates, edits, transfers, exits, merges, facility changes, unit moves and deletions:
 * after each, the incremental aggregates (the stream consumer), the rebuild's count from the registry and a
 * count made by test code from the raw items are equal; a replay of the whole stream in shuffled order and
 * a rebuild change nothing.
 */
let poller: Poller
let jobLoop: ReturnType<typeof startJobLoop>
beforeAll(() => {
  poller = startPoller({ onError: (e) => console.error(e) })
  jobLoop = startJobLoop({ pollMs: 50 })
})
afterAll(async () => {
  await jobLoop.stop()
  await poller.stop()
})

const today = () => new Date().toISOString().slice(0, 10)
const countries = ['KEN', 'UGA', 'TZA', 'RWA', 'MWI', 'ZMB', 'SEN', 'GHA', 'NGA', 'ETH', 'MOZ', 'ZWE', 'BWA', 'NAM', 'LSO', 'BDI', 'COD', 'CMR', 'CIV', 'MLI']
let nextCountry = 0

const pick = fc.nat({ max: 1000 })
const op = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('create' as const), sex: fc.constantFrom('female', 'male'), year: fc.integer({ min: 1960, max: 2004 }), unit: pick, cadre: pick, national: fc.constantFrom('KEN', 'UGA', undefined), trained: fc.constantFrom('home', 'GBR', undefined) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('edit' as const), w: pick, status: fc.constantFrom('active', 'on-leave', 'suspended'), cadre: pick, year: fc.integer({ min: 1960, max: 2004 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('licence' as const), w: pick, valid: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('suspendLicence' as const), w: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('deploy' as const), w: pick, facility: pick, sector: fc.constantFrom(undefined, 'private-for-profit') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('endDeployment' as const), w: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('exit' as const), w: pick, reason: fc.constantFrom('retirement', 'emigration', 'death', 'resignation'), year: fc.constantFrom(2025, 2026) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('return' as const), w: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('merge' as const), a: pick, b: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('facilityType' as const), facility: pick, type: fc.constantFrom('hospital', 'clinic', 'dispensary') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('moveDistrict' as const), district: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), w: pick }) },
)

async function setup(country: string) {
  await freshTenant(country)
  return asRegistrar(country, async () => {
    const regions = [await orgunit.createUnit({ name: 'North' }), await orgunit.createUnit({ name: 'South' })]
    const districts = [
      await orgunit.createUnit({ name: 'D1', parentId: regions[0]!.id }),
      await orgunit.createUnit({ name: 'D2', parentId: regions[0]!.id }),
      await orgunit.createUnit({ name: 'D3', parentId: regions[1]!.id }),
    ]
    const facilities = [
      await orgunit.createFacility({ name: 'F1', parentId: districts[0]!.id, facilityType: 'hospital', ownership: 'public' }),
      await orgunit.createFacility({ name: 'F2', parentId: districts[1]!.id, facilityType: 'clinic', ownership: 'private-not-for-profit' }),
      await orgunit.createFacility({ name: 'F3', parentId: districts[2]!.id, facilityType: 'health-centre', ownership: 'public' }),
      // a facility straight under a region: its workers have no second-level unit
      await orgunit.createFacility({ name: 'F4', parentId: regions[1]!.id, facilityType: 'pharmacy', ownership: 'private-for-profit' }),
    ]
    const cadres = [await cadre.create({ name: 'Nurse', iscoCode: '2221' }), await cadre.create({ name: 'Doctor', iscoCode: '2211' })]
    return { regions, districts, facilities, cadres, workers: [] as string[] }
  })
}

type World = Awaited<ReturnType<typeof setup>>

async function run(country: string, wld: World, o: fc.Arbitrary<any> extends fc.Arbitrary<infer T> ? T : never) {
  const at = <T>(list: T[], i: number) => list[i % list.length]!
  const anyWorker = (i: number) => (wld.workers.length ? at(wld.workers, i) : undefined)
  const units = [undefined, ...wld.regions, ...wld.districts]
  switch (o.kind) {
    case 'create': {
      const unit = at(units, o.unit)
      const w = await worker.create({
        givenName: 'G', familyName: `F${wld.workers.length}`, sex: o.sex, birthDate: `${o.year}-06-15`, cadreId: at(wld.cadres, o.cadre).id,
        orgUnitId: unit?.id, nationality: o.national, trainingCountry: o.trained === 'home' ? country : o.trained, confirmNotDuplicate: true,
      })
      wld.workers.push(w.id)
      return
    }
    case 'edit': {
      const id = anyWorker(o.w)
      if (!id) return
      const w = await worker.load(id)
      if (w.status === 'merged' || w.status === 'exited' || w.status === 'deceased') return
      await worker.update(id, w.version, { status: o.status, cadreId: at(wld.cadres, o.cadre).id, birthDate: `${o.year}-01-01` })
      return
    }
    case 'licence': {
      const id = anyWorker(o.w)
      if (!id || (await worker.load(id)).status === 'merged') return
      const expires = o.valid ? '2099-12-31' : '2020-12-31'
      await licence.create(id, { council: 'Council', number: `N-${id.slice(-8)}-${Math.random().toString(36).slice(2, 8)}`, issuedAt: '2019-01-01', expiresAt: expires })
      return
    }
    case 'suspendLicence': {
      const id = anyWorker(o.w)
      if (!id || (await worker.load(id)).status === 'merged') return
      const l = (await licence.list(id)).items.find((x) => x.status === 'active')
      if (l) await licence.discipline(id, l.id, l.version, { date: today(), action: 'suspension' })
      return
    }
    case 'deploy': {
      const id = anyWorker(o.w)
      if (!id) return
      const w = await worker.load(id)
      if (w.status !== 'active' && w.status !== 'on-leave' && w.status !== 'suspended') return
      const open = (await deployment.list(id)).items.filter((d) => !d.endDate)
      const start = open.length ? open.reduce((a, d) => (d.startDate > a ? d.startDate : a), '2024-01-01') : '2024-01-01'
      await deployment.create(id, { facilityId: at(wld.facilities, o.facility).id, position: 'x', startDate: start, sector: o.sector })
      return
    }
    case 'endDeployment': {
      const id = anyWorker(o.w)
      if (!id || (await worker.load(id)).status === 'merged') return
      const open = (await deployment.list(id)).items.find((d) => !d.endDate)
      if (open) await deployment.end(id, open.id, open.version, { endDate: open.startDate })
      return
    }
    case 'exit': {
      const id = anyWorker(o.w)
      if (!id) return
      const w = await worker.load(id)
      if (w.status === 'merged' || w.status === 'exited' || w.status === 'deceased') return
      await exit.create(id, { kind: o.reason === 'death' ? 'involuntary' : 'voluntary', reason: o.reason, date: `${o.year}-03-01`, destinationCountry: o.reason === 'emigration' ? 'GBR' : undefined })
      return
    }
    case 'return': {
      const id = anyWorker(o.w)
      if (!id) return
      const w = await worker.load(id)
      if (w.status === 'exited') await worker.update(id, w.version, { status: 'active' })
      return
    }
    case 'merge': {
      const a = anyWorker(o.a)
      const b = anyWorker(o.b)
      if (!a || !b || a === b) return
      const [wa, wb] = [await worker.load(a), await worker.load(b)]
      if (wa.status === 'merged' || wb.status === 'merged') return
      await merge(a, b)
      return
    }
    case 'facilityType': {
      const f = at(wld.facilities, o.facility)
      const current = await orgunit.get(f.id)
      await orgunit.update(f.id, current.version, { facilityType: o.type, ownership: current.ownership === 'public' ? 'private-for-profit' : 'public' })
      return
    }
    case 'moveDistrict': {
      const d = at(wld.districts, o.district)
      const current = await orgunit.get(d.id)
      const target = wld.regions.find((r) => !current.path.startsWith(r.path))!
      const job = await move(d.id, current.version, target.id)
      // the move rewrites its subtree as a job: wait for it (by its state, not a delay)
      while (!terminal((await jobs.get(job.id)).state)) await new Promise((r) => setTimeout(r, 20))
      return
    }
    case 'delete': {
      // an erasure: the worker's whole partition removed (what an offboarding or a right-to-erasure does)
      const id = anyWorker(o.w)
      if (!id) return
      for (const item of await tenantItems(country)) {
        if (item.pk === keys.workerPartition(id).pk) await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr({ pk: item.pk, sk: item.sk }) }))
      }
      wld.workers = wld.workers.filter((w) => w !== id)
      return
    }
  }
}

const sorted = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, n]) => n !== 0).sort(([a], [b]) => a.localeCompare(b)))

describe('aggregates: incremental == rebuild == independent count', () => {
  it('holds on random histories, and after a shuffled replay of the whole stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 30 }), fc.nat(), async (ops, seed) => {
        const country = countries[nextCountry++ % countries.length]!
        if (nextCountry > countries.length) return
        const wld = await setup(country)
        await asRegistrar(country, async () => {
          for (const o of ops) await run(country, wld, o)
        })
        await poller.settle()
        const day = today()
        const incremental = sorted(await asRegistrar(country, readCells))
        const fromRegistry = sorted(await asRegistrar(country, () => countFromRegistry(day)))
        const independent = sorted(independentCells(await tenantItems(country), country, day))
        expect(incremental).toEqual(independent)
        expect(fromRegistry).toEqual(independent)

        // replayed, out of order, in random batches: nothing moves
        const records = (await allStreamRecords()).filter((r) => r.dynamodb?.Keys?.pk?.S?.startsWith(`T#${country}#`))
        let s = seed
        const shuffled = records.map((r) => ({ r, k: (s = (s * 1103515245 + 12345) % 2 ** 31) })).sort((a, b) => a.k - b.k).map((x) => x.r)
        for (let i = 0; i < shuffled.length; i += 37) await applyRecords(shuffled.slice(i, i + 37))
        expect(sorted(await asRegistrar(country, readCells))).toEqual(independent)

        const rebuilt = await asRegistrar(country, () => rebuild({ day }))
        expect(rebuilt).toMatchObject({ moved: 0, repaired: 0 })
        expect(sorted(await asRegistrar(country, readCells))).toEqual(independent)
      }),
      { numRuns: 6, endOnFailure: true },
    )
  }, 600_000)

  it('a rebuild repairs cells and contributions that were damaged', async () => {
    const country = 'BFA'
    const wld = await setup(country)
    await asRegistrar(country, async () => {
      for (let i = 0; i < 6; i++) await run(country, wld, { kind: 'create', sex: 'female', year: 1980 + i, unit: i, cadre: i, national: 'KEN', trained: 'home' })
    })
    await poller.settle()
    const day = today()
    const expected = sorted(independentCells(await tenantItems(country), country, day))
    await asRegistrar(country, async () => {
      const [cell] = [...(await readCells()).keys()]
      await dynamo().send(new UpdateItemCommand({ TableName: config.table, Key: toAttr(keys.aggregateCell(cell!)), UpdateExpression: 'ADD n :n, v :one', ExpressionAttributeValues: toAttr({ ':n': 3, ':one': 1 }) }))
      await dynamo().send(new DeleteItemCommand({ TableName: config.table, Key: toAttr(keys.contribution(wld.workers[0]!)) }))
    })
    expect(sorted(await asRegistrar(country, readCells))).not.toEqual(expected)
    const out = await asRegistrar(country, () => rebuild({ day }))
    expect(out.repaired).toBeGreaterThan(0)
    expect(sorted(await asRegistrar(country, readCells))).toEqual(expected)
  }, 120_000)
})
