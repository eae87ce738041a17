import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as cadre from '../../functions/core/cadre'
import * as deployment from '../../functions/core/deployment'
import * as exit from '../../functions/core/exit'
import * as licence from '../../functions/core/licence'
import * as orgunit from '../../functions/core/orgunit'
import * as worker from '../../functions/core/worker'
import { readCells, aggregateStatus } from '../../functions/core/aggregate/store'
import { startPoller, type Poller } from '../../functions/streams/poller'
import { asRegistrar, freshTenant } from '../support/aggregates'

let poller: Poller
beforeAll(() => {
  poller = startPoller({ onError: (e) => console.error(e) })
})
afterAll(() => poller.stop())

describe('the stream consumer', () => {
  it('counts a worker once per family and moves the counts when the worker changes', async () => {
    await freshTenant('KEN')
    const ids = await asRegistrar('KEN', async () => {
      const region = await orgunit.createUnit({ name: 'East' })
      const district = await orgunit.createUnit({ name: 'Kitui', parentId: region.id })
      const fac = await orgunit.createFacility({ name: 'Kitui Hospital', parentId: district.id, facilityType: 'hospital', ownership: 'public' })
      const c = await cadre.create({ name: 'Nurse', iscoCode: '2221' })
      const w = await worker.create({ givenName: 'A', familyName: 'B', sex: 'female', birthDate: '1990-05-01', cadreId: c.id, trainingCountry: 'KEN', nationality: 'UGA', confirmNotDuplicate: true })
      await licence.create(w.id, { council: 'NCK', number: 'N1', issuedAt: '2024-01-01', expiresAt: '2099-01-01' })
      await deployment.create(w.id, { facilityId: fac.id, position: 'Nurse', startDate: '2025-01-01' })
      return { region, district, fac, c, w }
    })
    const written = Date.now()
    await poller.settle()
    const lag = Date.now() - written
    expect(lag).toBeLessThan(5000)
    const cells = await asRegistrar('KEN', readCells)
    const base = `${ids.c.id}|${ids.region.id}|${ids.district.id}`
    expect(Object.fromEntries(cells)).toEqual({
      [`ac|${base}|L|S`]: 1,
      [`en|${base}|${new Date().getFullYear()}|domestic`]: 1,
      [`ft|${base}|hospital`]: 1,
      [`na|${base}|foreign`]: 1,
      [`ow|${base}|public`]: 1,
      [`sa|${base}|female|1990`]: 1,
      [`st|${base}|active`]: 1,
      [`tr|${base}|domestic`]: 1,
    })
    await asRegistrar('KEN', () => exit.create(ids.w.id, { kind: 'voluntary', reason: 'emigration', date: '2026-02-01', destinationCountry: 'GBR' }))
    await poller.settle()
    const after = await asRegistrar('KEN', readCells)
    expect(Object.fromEntries(after)).toEqual({
      [`en|${base}|${new Date().getFullYear()}|domestic`]: 1,
      [`ex|${base}|2026|emigration|voluntary|GBR`]: 1,
    })
    const status = await asRegistrar('KEN', aggregateStatus)
    expect(status.appliedAt).not.toBeNull()
  })
})
