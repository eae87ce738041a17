import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { ensureTable } from '../../functions/core/db/create-table'
import { importItems } from '../../functions/core/tenant/export'
import { startJobLoop } from '../../functions/jobs/loop'
import { call } from '../support/http'
import { download, finished } from '../support/jobs'
import { buildWorld, PASSWORD, type World } from '../support/world'

process.env.CADRE_EXPORT_DIR = mkdtempSync(join(tmpdir(), 'cadre-backup-test-'))

let w: World
let loop: ReturnType<typeof startJobLoop>
beforeAll(async () => {
  w = await buildWorld()
  loop = startJobLoop({ pollMs: 200 })
}, 120_000)
afterAll(() => loop.stop())

async function exportOf(tenantId: string, token: string) {
  const started = await call('POST', `/api/v1/tenants/${tenantId}/export`, { token })
  expect(started.status, started.text).toBe(202)
  const job = await finished(token, started.json)
  expect(job.state, JSON.stringify(job)).toBe('done')
  return download(token, job.id)
}

describe('backup and restore', () => {
  it('exports a whole tenant, imports it into an empty table, and gets identical data back; its users sign in', async () => {
    // some history: a transfer, a training record, an exit
    const reg = w.a.users.registrar.token
    const id = w.a.registry.worker.id
    await call('POST', `/api/v1/workers/${id}/training`, { token: reg, body: { kind: 'cpd', title: 'Round trip', credits: 3 } })
    await call('POST', `/api/v1/workers/${id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'emigration', date: '2026-06-01', destinationCountry: 'CAN' } })

    const first = await exportOf(w.a.id, w.platform.token)
    expect(first.contentType).toBe('application/x-ndjson')
    expect(first.items.length).toBeGreaterThan(20)
    expect(JSON.stringify(first.items)).not.toContain('UGA')
    // taking every person's record is a read, and leaves its trace in the country's log
    const log = await call('GET', '/api/v1/audit?limit=5', { token: w.a.users['ministry-admin'].token })
    expect(log.json.items.map((e: any) => [e.action, e.actor.email])).toContainEqual(['tenant.export', w.platform.email])

    const original = process.env.CADRE_TABLE
    const restored = `restore_${randomBytes(4).toString('hex')}`
    // created before the app is pointed at it: the job loop polls whatever table is configured
    await ensureTable(dynamo(), restored)
    process.env.CADRE_TABLE = restored
    try {
      await importItems(first.items)
      // the people of the country sign in to the restored copy with their own passwords
      const login = await call('POST', '/api/v1/auth/login', { body: { email: w.a.users.registrar.email, password: PASSWORD, tenantId: w.a.id } })
      expect(login.status, login.text).toBe(200)
      const admin = await call('POST', '/api/v1/auth/login', { body: { email: w.a.users['ministry-admin'].email, password: PASSWORD, tenantId: w.a.id } })
      expect(admin.status, admin.text).toBe(200)
      // the platform's account is not the country's: it is not in the export
      expect((await call('POST', '/api/v1/auth/login', { body: { email: w.platform.email, password: PASSWORD } })).status).toBe(401)

      const again = await exportOf(w.a.id, admin.json.accessToken)
      // identical, but for the two sign-ins above, which the country's log has recorded since
      const signIns = again.items.filter((i) => i.action === 'auth.login' && !first.items.some((f) => f.sk === i.sk))
      expect(signIns).toHaveLength(2)
      expect(again.items.filter((i) => !signIns.includes(i))).toEqual(first.items)
      // and the restored registry works: the worker, its record and its history are all there
      const rec = await call('GET', `/api/v1/workers/${id}/record`, { token: login.json.accessToken })
      expect(rec.status).toBe(200)
      expect(rec.json.exits[0].destinationCountry).toBe('CAN')
      expect(rec.json.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(['worker.create', 'exit.create']))
    } finally {
      process.env.CADRE_TABLE = original
    }
  }, 120_000)
})
