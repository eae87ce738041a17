import * as z from 'zod/mini'
import * as jobs from '../../jobs'
import { CountryCode, Cursor, Id, Limit, pageOf } from '../../core/util/schema'
import { route } from '../route'

const tag = 'jobs'
/** Those who start jobs: an export or offboarding (platform, ministry admin), a move (ministry admin, registrar). */
const owners = ['platform-admin', 'ministry-admin', 'registrar'] as const
const JobParams = z.strictObject({ jobId: Id('job') })
/** a page of jobs, of one kind or one country if asked (the console finds a country's latest export so) */
const JobsQuery = z.strictObject({ cursor: Cursor, limit: Limit, kind: z.optional(jobs.JobKind), tenantId: z.optional(CountryCode) })

export const jobRoutes = [
  route({
    method: 'get', path: '/api/v1/jobs', tag, access: owners, personData: false,
    summary: 'Long operations (exports, moves, offboarding) started in your country, newest first; of one kind or country if asked',
    query: JobsQuery, response: pageOf(jobs.JobInfo),
    handler: async ({ query }) => jobs.list(query.cursor, query.limit, { kind: query.kind, tenantId: query.tenantId }),
  }),
  route({
    method: 'get', path: '/api/v1/jobs/:jobId', tag, access: owners, personData: false,
    summary: 'One job: its state and progress (done of total, items per second, time left)',
    params: JobParams, response: jobs.JobInfo,
    handler: async ({ params }) => jobs.get(params.jobId),
  }),
  route({
    method: 'post', path: '/api/v1/jobs/:jobId/cancel', tag, access: owners, personData: false,
    summary: 'Stop a job (an export; a move or offboarding only before it starts rewriting)',
    params: JobParams, response: jobs.JobInfo,
    handler: async ({ params }) => jobs.cancel(params.jobId),
  }),
  route({
    method: 'get', path: '/api/v1/jobs/:jobId/download', tag, access: ['platform-admin', 'ministry-admin'], personData: 'audited',
    summary: 'The file of a finished export or offboarding (JSON Lines: a header, then one item per line)',
    params: JobParams,
    handler: async ({ params, c }) => {
      const file = await jobs.download(params.jobId)
      // the console asks for the link itself and opens it: the browser saves the file straight to disk (an
      // export can be hundreds of megabytes), where following a redirect in script would hold it in memory
      if ('url' in file) return c.req.header('accept')?.includes('application/json') ? c.json({ url: file.url }) : c.redirect(file.url, 303)
      c.header('Content-Type', 'application/x-ndjson')
      c.header('Content-Length', String(file.bytes))
      c.header('Content-Disposition', `attachment; filename="${params.jobId}.jsonl"`)
      c.header('Cache-Control', 'no-store')
      return c.body(file.stream)
    },
  }),
]
