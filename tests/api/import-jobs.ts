import { expect } from 'vitest'
import { app } from '../../functions/api/app'
import { runJob, type RunOutcome } from '../../functions/jobs/runner'
import { getJob } from '../../functions/jobs/store'
import { call } from '../support/http'

/** Imports driven as the console drives them: create, upload, the dry run's job, the report, the commit's job. */
export function importDriver(tenantId: string) {
  const owner = `T#${tenantId}`
  const ok = (r: { status: number; text: string; json: any }, status = 200) => {
    expect(r.status, r.text).toBe(status)
    return r.json
  }
  async function runToEnd(jobId: string) {
    let outcome: RunOutcome
    do outcome = await runJob(owner, jobId, { budgetMs: 60_000 })
    while (outcome === 'more')
    return (await getJob(owner, jobId))!
  }
  async function report(importId: string, token: string) {
    const first = ok(await call('GET', `/api/v1/imports/${importId}?limit=200`, { token }))
    const rows: any[] = [...first.rows]
    for (let cursor = first.cursor; cursor; ) {
      const page = ok(await call('GET', `/api/v1/imports/${importId}?limit=200&cursor=${encodeURIComponent(cursor)}`, { token }))
      rows.push(...page.rows)
      cursor = page.cursor
    }
    return { ...first, rows, byRow: Object.fromEntries(rows.map((r: any) => [r.row, r])) as Record<number, any> }
  }
  /** Creates an import, sends its file (text, or bytes in another encoding) through the upload route, and runs the dry run to its end. */
  async function dryRun(kind: string, fileName: string, file: string | Uint8Array, token: string) {
    const bytes = typeof file === 'string' ? new TextEncoder().encode(file) : file
    const created = ok(await call('POST', '/api/v1/imports', { token, body: { kind, fileName, bytes: bytes.byteLength } }), 201)
    // locally the file goes to the API itself, as the console sends it
    expect(created.upload.url).toBe(`/api/v1/imports/${created.id}/file`)
    const res = await app.request(created.upload.url, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: bytes })
    const sent = (await res.json()) as any
    expect(res.status, JSON.stringify(sent)).toBe(202)
    const job = await runToEnd(sent.jobId)
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    return report(created.id, token)
  }
  async function commitToEnd(importId: string, token: string) {
    const started = ok(await call('POST', `/api/v1/imports/${importId}/commit`, { token }), 202)
    const job = await runToEnd(started.jobId)
    expect(job.state, JSON.stringify(job.error)).toBe('done')
    return report(importId, token)
  }
  return { ok, runToEnd, report, dryRun, commitToEnd }
}

export const codesOf = (r: any) => r.issues.map((i: any) => i.code)
export const blocking = (r: any) => r.issues.filter((i: any) => !i.warning)
