import { SignJWT, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { JwtRejected, signHs256, verifyHs256 } from '../../functions/core/auth/jwt'

/** The API's HS256 tokens, checked against an independent JOSE implementation both ways. */
const secret = 'a-secret-of-at-least-thirty-two-characters'
const key = new TextEncoder().encode(secret)
const expect_ = { issuer: 'cadre', audience: 'cadre-api' }
const now = () => Math.floor(Date.now() / 1000)
const claims = () => ({ sub: 'usr_1', role: 'registrar', iss: 'cadre', aud: 'cadre-api', iat: now(), exp: now() + 60 })
const reason = (f: () => unknown) => {
  try {
    f()
    return 'accepted'
  } catch (e) {
    return e instanceof JwtRejected ? e.reason : 'other error'
  }
}

describe('HS256 tokens', () => {
  it('signs what a standard library verifies, and verifies what it signs', async () => {
    const ours = signHs256(claims(), secret)
    const { payload } = await jwtVerify(ours, key, { issuer: 'cadre', audience: 'cadre-api', algorithms: ['HS256'] })
    expect(payload.sub).toBe('usr_1')
    const theirs = await new SignJWT({ sub: 'usr_2' }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('cadre').setAudience(['x', 'cadre-api']).setIssuedAt().setExpirationTime('1m').sign(key)
    expect(verifyHs256(theirs, secret, expect_).sub).toBe('usr_2')
  })

  it('refuses tampering, other keys, other algorithms, issuers, audiences and expired or future tokens', async () => {
    const good = signHs256(claims(), secret)
    const [h, p, s] = good.split('.') as [string, string, string]
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    expect(reason(() => verifyHs256(good, secret, expect_))).toBe('accepted')
    expect(reason(() => verifyHs256(`${h}.${b64({ ...claims(), role: 'platform-admin' })}.${s}`, secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256(claims(), 'another-secret-another-secret-another'), secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(`${b64({ alg: 'none' })}.${p}.`, secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(`${b64({ alg: 'HS512' })}.${p}.${s}`, secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(`${h}.${p}.${s}x`, secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(`${h}.${p}`, secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256('not a token', secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256({ ...claims(), iss: 'someone' }, secret), secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256({ ...claims(), aud: 'another-api' }, secret), secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256({ ...claims(), nbf: now() + 600 }, secret), secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256({ ...claims(), exp: undefined }, secret), secret, expect_))).toBe('invalid')
    expect(reason(() => verifyHs256(signHs256({ ...claims(), exp: now() - 1 }, secret), secret, expect_))).toBe('expired')
    const jose = await new SignJWT({}).setProtectedHeader({ alg: 'HS384' }).setIssuer('cadre').setAudience('cadre-api').setExpirationTime('1m').sign(key)
    expect(reason(() => verifyHs256(jose, secret, expect_))).toBe('invalid')
  })
})
