import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { dynamo } from '../../functions/core/db/client'
import { ensureTable } from '../../functions/core/db/create-table'
import { importItems } from '../../functions/core/tenant/export'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

let w: World
beforeAll(async () => {
  w = await buildWorld()
}, 120_000)

describe('backup and restore', () => {
  it('exports a whole tenant, imports it into an empty table, and gets identical data back', async () => {
    // some history: a transfer, a training record, an exit
    const reg = w.a.users.registrar.token
    const id = w.a.registry.worker.id
    await call('POST', `/api/v1/workers/${id}/training`, { token: reg, body: { kind: 'cpd', title: 'Round trip', credits: 3 } })
    await call('POST', `/api/v1/workers/${id}/exits`, { token: reg, body: { kind: 'voluntary', reason: 'emigration', date: '2026-06-01', destinationCountry: 'CAN' } })

    const first = await call('GET', `/api/v1/tenants/${w.a.id}/export`, { token: w.platform.token })
    expect(first.status).toBe(200)
    expect(first.json.items.length).toBeGreaterThan(20)
    expect(JSON.stringify(first.json.items)).not.toContain('UGA')
    // taking every person's record is a read, and leaves its trace in the country's log
    const log = await call('GET', '/api/v1/audit?limit=5', { token: w.a.users['ministry-admin'].token })
    expect(log.json.items[0]).toMatchObject({ action: 'tenant.export', actor: { email: w.platform.email } })

    const original = process.env.CADRE_TABLE
    process.env.CADRE_TABLE = `restore_${randomBytes(4).toString('hex')}`
    try {
      await ensureTable(dynamo(), process.env.CADRE_TABLE)
      await importItems(first.json.items)
      const again = await call('GET', `/api/v1/tenants/${w.a.id}/export`, { token: w.platform.token })
      expect(again.status).toBe(200)
      expect(again.json.items).toEqual(first.json.items)
      // and the restored registry works: the worker, its record and its history are all there
      const rec = await call('GET', `/api/v1/workers/${id}/record`, { token: reg })
      expect(rec.status).toBe(200)
      expect(rec.json.exits[0].destinationCountry).toBe('CAN')
      expect(rec.json.history.map((h: any) => h.action)).toEqual(expect.arrayContaining(['worker.create', 'exit.create']))
    } finally {
      process.env.CADRE_TABLE = original
    }
  })
})
