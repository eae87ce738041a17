import { AppError } from '../core/error'

export type Format = 'json' | 'xml'

/** The names FHIR gives each format, in `_format` and in media types (FHIR http.html#mime-type). */
const formats = new Map<string, Format>([
  ['json', 'json'],
  ['application/json', 'json'],
  ['application/fhir+json', 'json'],
  ['xml', 'xml'],
  ['text/xml', 'xml'],
  ['application/xml', 'xml'],
  ['application/fhir+xml', 'xml'],
])

const notSupported = (asked: string) =>
  new AppError(406, 'fhir.format_not_supported', `This server answers in FHIR JSON (application/fhir+json) or FHIR XML (application/fhir+xml), not ${asked.slice(0, 80)}`)

/**
 * The format of the answer: `_format` when given (it wins over `Accept`, for clients that cannot set
 * headers), else the most preferred media range of `Accept` that names one (ties in the header's order).
 * No `Accept`, or a `*` range, answers in the format of the request's body when it is XML, else JSON;
 * asking only for something else is 406.
 */
export function formatOf(formatParam: string | undefined, accept: string | undefined, contentType = ''): Format {
  if (formatParam !== undefined) {
    const format = formats.get(mediaType(formatParam))
    if (!format) throw notSupported(formatParam)
    return format
  }
  const unsaid: Format = isXmlMediaType(contentType) ? 'xml' : 'json'
  if (!accept?.trim()) return unsaid
  const ranges = accept
    .split(',')
    .map((part, order) => {
      const [type = '', ...params] = part.split(';')
      const q = params.map((p) => p.trim()).find((p) => /^q\s*=/i.test(p))
      return { type: mediaType(type), q: q === undefined ? 1 : Number(q.replace(/^q\s*=/i, '')), order }
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
  for (const { type } of ranges) {
    const format = formats.get(type)
    if (format) return format
    if (type === '*/*' || type === 'application/*') return unsaid
  }
  throw notSupported(accept)
}

/** `application/fhir+xml; fhirVersion=4.0` → `application/fhir+xml` */
const mediaType = (value: string) => value.split(';')[0]!.trim().toLowerCase()

/** A media type that names FHIR XML, for request bodies (`Content-Type`). */
export const isXmlMediaType = (contentType: string) => formats.get(mediaType(contentType)) === 'xml'
