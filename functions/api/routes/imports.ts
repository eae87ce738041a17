import type { Context } from 'hono'
import * as z from 'zod/mini'
import * as imports from '../../core/import'
import { facilitiesCsv, organisationUnits, workersCsv } from '../../core/import/export'
import { WorkerQuery } from '../../core/worker/schema'
import { JobInfo } from '../../jobs/schema'
import { PageQuery, pageOf } from '../../core/util/schema'
import { route } from '../route'

const tag = 'imports'
/** Who imports: ministry admins (everything) and registrars (workers, inside their area). */
const importers = ['ministry-admin', 'registrar'] as const
// The writes answer with the import and its job (a file name, counts), never a person: `personData: false`.
// The report names the people of the file and the records they matched: reading it is audited.

const Kind = z.enum(imports.importableKinds)
const Upload = z.object({ method: z.literal('PUT'), url: z.string(), headers: z.record(z.string(), z.string()) })
const Shown = z.extend(imports.ImportInfo, { job: z.optional(JobInfo) })
const ReportPage = z.extend(Shown, { rows: z.array(imports.ReportRow), cursor: z.nullable(z.string()) })
const Lang = { lang: z._default(z.enum(imports.reportLanguages), 'en') }
const WorkersExportQuery = z.extend(z.omit(WorkerQuery, { cursor: true, limit: true }), Lang)
const TemplateQuery = z.strictObject({ kind: z._default(imports.ImportKind, 'workers'), lang: z._default(z.enum(imports.reportLanguages), 'en') })

/** A CSV answer through the context, so the request's own headers (its id, the security policy) stay on it. */
function csv(c: Context, body: ReadableStream | string, fileName: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${fileName}"`)
  c.header('Cache-Control', 'no-store')
  return c.body(body)
}

export const importRoutes = [
  route({
    method: 'get', path: '/api/v1/imports/template', tag, access: importers, personData: false,
    summary: 'A CSV template for a kind of import: its columns headed in the chosen language (* marks what a new record needs)',
    query: TemplateQuery,
    handler: async ({ query, c }) => csv(c, imports.template(query.kind, query.lang), `cadre-${query.kind}-${query.lang}.csv`),
  }),
  route({
    method: 'post', path: '/api/v1/imports', tag, access: importers, personData: false, status: 201,
    summary: 'Start an import (facilities and units: MFL CSV or DHIS2 organisationUnits JSON; workers with licence, deployment and training columns): the answer says where to PUT the file',
    body: z.strictObject({ kind: Kind, fileName: imports.ImportCreate.shape.fileName, bytes: imports.ImportCreate.shape.bytes }),
    example: { kind: 'workers', fileName: 'workers.csv', bytes: 2048 },
    response: z.extend(imports.ImportInfo, { upload: Upload }),
    handler: async ({ body }) => imports.create(body),
  }),
  route({
    method: 'put', path: '/api/v1/imports/:importId/file', tag, access: importers, personData: false, status: 202,
    summary: 'The file of an import, sent as it is (CSV or JSON bytes, up to 60 MB, streamed): its dry run starts as a job',
    params: imports.ImportParams, response: Shown,
    handler: async ({ params, c }) => {
      const declared = c.req.header('content-length')
      return imports.upload(params.importId, c.req.raw.body, declared ? Number(declared) : undefined)
    },
  }),
  route({
    method: 'get', path: '/api/v1/imports', tag, access: importers, personData: false,
    summary: 'The country’s imports, newest first', query: PageQuery, response: pageOf(imports.ImportInfo),
    handler: async ({ query }) => imports.list(query.cursor, query.limit),
  }),
  route({
    method: 'get', path: '/api/v1/imports/:importId', tag, access: importers, personData: 'audited',
    summary: 'One import, its job’s progress and a page of its report (every row: valid, update, exists, duplicate, not_found or error, with reasons)',
    params: imports.ImportParams, query: imports.ReportQuery, response: ReportPage,
    handler: async ({ params, query }) => imports.get(params.importId, query),
  }),
  route({
    method: 'post', path: '/api/v1/imports/:importId/check', tag, access: importers, personData: false, status: 202,
    summary: 'Check the file again (or, after an upload to S3, for the first time), with headers mapped as chosen',
    params: imports.ImportParams, body: imports.ImportCheck, example: { mapping: {}, saveMapping: false }, response: Shown,
    handler: async ({ params, body }) => imports.recheck(params.importId, body),
  }),
  route({
    method: 'post', path: '/api/v1/imports/:importId/commit', tag, access: importers, personData: false, status: 202,
    summary: 'Write what the dry run found valid, as a job (each row once, with its audit events; the same file again creates nothing)',
    params: imports.ImportParams, response: Shown,
    handler: async ({ params }) => imports.commitImport(params.importId),
  }),
  route({
    method: 'post', path: '/api/v1/imports/:importId/cancel', tag, access: importers, personData: false,
    summary: 'Stop an import’s dry run or commit between two parts (rows written stay, each whole), or drop a checked import',
    params: imports.ImportParams, response: Shown,
    handler: async ({ params }) => imports.cancel(params.importId),
  }),
  route({
    method: 'get', path: '/api/v1/imports/:importId/report.csv', tag, access: importers, personData: 'audited',
    summary: 'The whole report as CSV (UTF-8 with BOM), reasons in the chosen language',
    params: imports.ImportParams, query: imports.LangQuery,
    handler: async ({ params, query, c }) => csv(c, await imports.reportCsv(params.importId, query.lang), `${params.importId}-report.csv`),
  }),
  route({
    method: 'get', path: '/api/v1/exports/workers.csv', tag: 'exports', access: ['ministry-admin', 'registrar', 'manager'], personData: 'audited',
    summary: 'The worker list with the list’s filters as CSV (UTF-8 with BOM, ISO dates, headed like the import template); each page read is recorded as a bulk read',
    query: WorkersExportQuery,
    handler: async ({ query, c }) => {
      const { lang, ...filters } = query
      return csv(c, await workersCsv(filters, lang), `workers-${new Date().toISOString().slice(0, 10)}.csv`)
    },
  }),
  route({
    method: 'get', path: '/api/v1/exports/facilities.csv', tag: 'exports', access: ['ministry-admin', 'registrar', 'manager', 'viewer'], personData: false,
    summary: 'Facilities as an MFL-shaped CSV: their units as columns, codes (MFL, DHIS2, HMIS), type, ownership, coordinates',
    query: z.strictObject(Lang),
    handler: async ({ query, c }) => csv(c, facilitiesCsv(query.lang), 'facilities.csv'),
  }),
  route({
    method: 'get', path: '/api/v1/exports/organisation-units.json', tag: 'exports', access: ['ministry-admin', 'registrar', 'manager', 'viewer'], personData: false,
    summary: 'Units and facilities as a DHIS2 organisationUnits export (flat: path, level, parent; DHIS2 uid where known)',
    handler: async ({ c }) => {
      c.header('Content-Disposition', 'attachment; filename="organisationUnits.json"')
      return organisationUnits()
    },
  }),
]
