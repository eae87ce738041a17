import { beforeAll, describe, expect, it } from 'vitest'
import { startJobLoop } from '../../functions/jobs/loop'
import { call } from '../support/http'
import { download, finished } from '../support/jobs'
import { buildWorld, type World } from '../support/world'

/**
 * An offboarded country's tombstone names the offboarding job, so the console can offer the copy handed back
 * (its file) without walking the platform's jobs; the file itself stays the platform admin's alone.
 */
let w: World
beforeAll(async () => {
  w = await buildWorld()
})

describe('the offboarded country’s copy', () => {
  it('the tombstone names its offboarding job; only the platform downloads its file, no country or partner reaches it', async () => {
    const partner = w.partnerA.admin.token
    expect((await call('POST', '/api/v1/tenants', { token: partner, body: { id: 'SWZ', name: 'Eswatini MoH' } })).status).toBe(201)
    expect((await call('POST', '/api/v1/tenants/SWZ/suspend', { token: w.platform.token })).status).toBe(200)
    const started = await call('POST', '/api/v1/tenants/SWZ/offboard', { token: w.platform.token })
    expect(started.status).toBe(202)
    // before it has finished, the record names no copy
    expect((await call('GET', '/api/v1/tenants/SWZ', { token: w.platform.token })).json.offboardJobId).toBeUndefined()
    const loop = startJobLoop({ pollMs: 200 })
    const off = await finished(w.platform.token, started.json, 120_000).finally(() => loop.stop())
    expect(off.state).toBe('done')

    const tombstone = (await call('GET', '/api/v1/tenants/SWZ', { token: w.platform.token })).json
    expect(tombstone).toMatchObject({ status: 'offboarded', offboardJobId: off.id })
    // the partner's list keeps the tombstone (its Shared page drops it); the id alone opens nothing
    const listed = (await call('GET', '/api/v1/tenants?limit=200', { token: partner })).json.items.find((t: { id: string }) => t.id === 'SWZ')
    expect(listed).toMatchObject({ status: 'offboarded', offboardJobId: off.id })
    expect((await download(w.platform.token, off.id)).header).toMatchObject({ tenantId: 'SWZ', jobId: off.id })

    expect((await call('GET', `/api/v1/jobs/${off.id}/download`, { token: partner })).status).toBe(403)
    for (const token of [w.a.users['ministry-admin'].token, w.b.users['ministry-admin'].token]) {
      // another country's admin: the platform's job is not theirs, as if it did not exist
      expect((await call('GET', `/api/v1/jobs/${off.id}`, { token })).status).toBe(404)
      expect((await call('GET', `/api/v1/jobs/${off.id}/download`, { token })).status).toBe(404)
      expect((await call('GET', '/api/v1/tenants/SWZ', { token })).status).toBe(404)
    }
    // a country that was never offboarded names no copy
    expect((await call('GET', '/api/v1/tenants/KEN', { token: w.platform.token })).json.offboardJobId).toBeUndefined()
  }, 180_000)
})
