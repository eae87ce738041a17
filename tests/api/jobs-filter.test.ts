import { beforeAll, describe, expect, it } from 'vitest'
import { newJob } from '../../functions/jobs/record'
import { call } from '../support/http'
import { platformJobs } from '../support/jobs'
import { buildWorld, type World } from '../support/world'

/**
 * A country's latest export among the platform's jobs: the console's export card asks for it by kind and
 * country. Read from the newest page alone, an export with more than a page of the platform's jobs started
 * after it was not found, and the card offered a new export instead of the file.
 */
let w: World
let exportOfA: { id: string }
type Job = { id: string; kind: string; tenantId: string }
const ids = (items: Job[]) => items.map((j) => j.id)

beforeAll(async () => {
  w = await buildWorld()
  const started = await call('POST', `/api/v1/tenants/${w.a.id}/export`, { token: w.platform.token })
  expect(started.status).toBe(202)
  exportOfA = started.json
  // then 60 more of the platform's jobs, of other kinds or for another country
  await platformJobs(60, (i) => (i % 2 ? newJob('tenant.export', w.b.id, w.b.id, {}) : newJob('workers.status_index', w.a.id, w.a.id, {})))
}, 120_000)

describe('jobs of one kind or one country', () => {
  it('finds a country’s latest export behind more than a page of newer jobs', async () => {
    const newest = (await call('GET', '/api/v1/jobs?limit=50', { token: w.platform.token })).json.items as Job[]
    expect(ids(newest)).not.toContain(exportOfA.id)
    const latest = await call('GET', `/api/v1/jobs?kind=tenant.export&tenantId=${w.a.id}&limit=1`, { token: w.platform.token })
    expect(latest.status).toBe(200)
    expect(ids(latest.json.items)).toEqual([exportOfA.id])
  })

  it('pages through one kind newest first, every job of it once', async () => {
    const seen: Job[] = []
    let cursor: string | null = null
    do {
      const page = await call('GET', `/api/v1/jobs?kind=tenant.export&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: w.platform.token })
      expect(page.status).toBe(200)
      seen.push(...page.json.items)
      cursor = page.json.cursor
    } while (cursor)
    expect(seen.every((j) => j.kind === 'tenant.export')).toBe(true)
    expect(seen).toHaveLength(31)
    expect(new Set(ids(seen)).size).toBe(31)
    expect(ids(seen).at(-1)).toBe(exportOfA.id)
    const byCountry = (await call('GET', `/api/v1/jobs?tenantId=${w.b.id}&limit=200`, { token: w.platform.token })).json.items as Job[]
    expect(byCountry).toHaveLength(30)
    expect(byCountry.every((j) => j.tenantId === w.b.id && j.kind === 'tenant.export')).toBe(true)
  })

  it('a country’s own people see only their country’s jobs, whatever country they name', async () => {
    const own = await call('POST', `/api/v1/tenants/${w.a.id}/export`, { token: w.a.users['ministry-admin'].token })
    expect(own.status).toBe(202)
    for (const [token, tenantId, expected] of [
      [w.a.users['ministry-admin'].token, w.a.id, [own.json.id]],
      [w.a.users['ministry-admin'].token, w.b.id, []],
      [w.b.users['ministry-admin'].token, w.a.id, []],
      // B's own export, started when the world was built
      [w.b.users['ministry-admin'].token, w.b.id, [w.b.job.id]],
    ] as const) {
      const page = await call('GET', `/api/v1/jobs?kind=tenant.export&tenantId=${tenantId}&limit=50`, { token })
      expect(page.status).toBe(200)
      expect(ids(page.json.items)).toEqual(expected)
    }
  })

  it('an unknown kind or country is a plain 400', async () => {
    for (const query of ['kind=licence.renew', 'tenantId=XXX', 'tenantId=ken']) {
      const res = await call('GET', `/api/v1/jobs?${query}`, { token: w.platform.token })
      expect(res.status).toBe(400)
      expect(res.json.code).toBe('request.invalid')
    }
  })

  it('behind more jobs than a page reads, answers empty with a cursor that leads to it', async () => {
    await platformJobs(1_050, (i) => newJob('workers.status_index', i % 2 ? w.a.id : w.b.id, w.a.id, {}))
    const query = `kind=tenant.export&tenantId=${w.a.id}&limit=1`
    const first = await call('GET', `/api/v1/jobs?${query}`, { token: w.platform.token })
    expect(first.status).toBe(200)
    // the page's read budget (1,000) ran out before the export: nothing yet, and where to read on
    expect(first.json.items).toEqual([])
    expect(first.json.cursor).toEqual(expect.any(String))
    const next = await call('GET', `/api/v1/jobs?${query}&cursor=${encodeURIComponent(first.json.cursor)}`, { token: w.platform.token })
    expect(ids(next.json.items)).toEqual([exportOfA.id])
  }, 120_000)
})
