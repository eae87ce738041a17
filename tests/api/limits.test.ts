import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_MAX_BODY } from '../../functions/api/mount'
import { call } from '../support/http'
import { buildWorld, type World } from '../support/world'

/** Every limit a caller controls, at the limit (accepted) and one past it (refused with a clear 4xx). */
let w: World
let token: string
let cadreId: string
beforeAll(async () => {
  w = await buildWorld()
  token = w.a.users.registrar.token
  cadreId = w.a.registry.cadre.id
}, 120_000)

let n = 0
const worker = (extra: Record<string, unknown>) => ({ givenName: 'Limit', familyName: `Case${n++}`, sex: 'female', birthDate: `1970-02-${String((n % 27) + 1).padStart(2, '0')}`, cadreId, confirmNotDuplicate: true, ...extra })
const post = (body: unknown) => call('POST', '/api/v1/workers', { token, body })

describe('limits', () => {
  it('string lengths: a name of 100 characters, not 101', async () => {
    expect((await post(worker({ givenName: 'a'.repeat(100) }))).status).toBe(201)
    const past = await post(worker({ givenName: 'a'.repeat(101) }))
    expect(past.status).toBe(400)
    expect(past.json.errors[0]).toMatchObject({ path: 'givenName', code: 'too_big' })
  })

  it('array lengths: 20 qualifications, not 21', async () => {
    const q = (k: number) => Array.from({ length: k }, (_, i) => ({ title: `Diploma ${i}` }))
    expect((await post(worker({ qualifications: q(20) }))).status).toBe(201)
    const past = await post(worker({ qualifications: q(21) }))
    expect(past.status).toBe(400)
    expect(past.json.errors[0].path).toBe('qualifications')
  })

  it(`body bytes: ${DEFAULT_MAX_BODY} bytes, not one more`, async () => {
    const base = JSON.stringify({ email: 'someone@example.org', password: '' })
    const exactly = JSON.stringify({ email: 'someone@example.org', password: 'x'.repeat(DEFAULT_MAX_BODY - base.length) })
    expect(Buffer.byteLength(exactly)).toBe(DEFAULT_MAX_BODY)
    const at = await call('POST', '/api/v1/auth/login', { raw: exactly })
    expect(at.status).toBe(400) // read and validated (the password is too long), not refused for size
    expect(at.json.code).toBe('request.invalid')
    const past = await call('POST', '/api/v1/auth/login', { raw: exactly.replace('"}', 'x"}') })
    expect(past.status).toBe(413)
    expect(past.json).toMatchObject({ code: 'request.too_large', maxBytes: DEFAULT_MAX_BODY })
  })

  it('page size: 200, not 201', async () => {
    expect((await call('GET', '/api/v1/workers?limit=200', { token })).status).toBe(200)
    const past = await call('GET', '/api/v1/workers?limit=201', { token })
    expect(past.status).toBe(400)
    expect(past.json.errors[0].path).toBe('limit')
  })

  it('photo: a data URL up to 90,000 characters', async () => {
    const photo = (len: number) => `data:image/png;base64,${'A'.repeat(len - 'data:image/png;base64,'.length)}`
    expect((await post(worker({ photo: photo(90_000) }))).status).toBe(201)
    expect((await post(worker({ photo: photo(90_001) }))).status).toBe(400)
  })

  it('idempotency keys: 128 characters, not 129', async () => {
    const body = { name: 'Key length cadre', iscoCode: '2221' }
    expect((await call('POST', '/api/v1/cadres', { token, body, headers: { 'idempotency-key': 'k'.repeat(128) } })).status).toBe(201)
    expect((await call('POST', '/api/v1/cadres', { token, body, headers: { 'idempotency-key': 'k'.repeat(129) } })).status).toBe(400)
  })
})
