import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes'
import { $ZodError } from 'zod/v4/core'
import { AppError } from '../core/error'
import { EntryError } from './feed/entries'

type IssueCode = OperationOutcomeIssue['code']

const issueCodeOf = (status: number, code: string): IssueCode => {
  if (code === 'fhir.unknown_parameter' || code === 'fhir.unsupported') return 'not-supported'
  if (status === 400) return 'invalid'
  if (status === 401) return 'login'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 406 || status === 405 || status === 415) return 'not-supported'
  if (status === 409 || status === 412) return 'conflict'
  if (status === 410) return 'deleted'
  if (status === 413) return 'too-costly'
  if (status === 422) return 'processing'
  if (status === 428) return 'required'
  if (status === 429) return 'throttled'
  if (status === 503) return 'transient'
  return 'exception'
}

/** The registry's stable dotted code travels in `details`, beside a plain-language `diagnostics`. */
export function outcome(status: number, code: string, message: string, severity: 'error' | 'warning' | 'information' = 'error'): OperationOutcome {
  return {
    resourceType: 'OperationOutcome',
    issue: [{ severity, code: issueCodeOf(status, code), details: { coding: [{ system: 'https://cadre.health/problems', code }], text: message }, diagnostics: message }],
  }
}

/** Every failure of the FHIR API as an OperationOutcome, never a stack; unknown errors are a 500 with the request id. */
export function toOutcome(error: unknown, requestId: string): { status: number; body: OperationOutcome; headers: Record<string, string> } {
  if (error instanceof EntryError) {
    const body = outcome(error.status, error.code, error.message)
    body.issue![0]!.expression = [`Bundle.entry[${error.entry}]`]
    return { status: error.status, body, headers: error.headers }
  }
  if (error instanceof AppError) return { status: error.status, body: outcome(error.status, error.code, error.message), headers: error.headers }
  if (error instanceof $ZodError) return { status: 400, body: outcome(400, 'request.invalid', error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')), headers: {} }
  const name = (error as { name?: string })?.name ?? ''
  if (/Throttl|ProvisionedThroughput|RequestLimitExceeded|ServiceUnavailable|TimeoutError/.test(name))
    return { status: 503, body: outcome(503, 'service.unavailable', 'The registry is busy; try again shortly.'), headers: { 'Retry-After': '1' } }
  console.error(JSON.stringify({ level: 'error', requestId, name, message: (error as Error)?.message, stack: (error as Error)?.stack }))
  return { status: 500, body: outcome(500, 'internal', `Something went wrong on our side; quote request id ${requestId} when reporting it`), headers: {} }
}
