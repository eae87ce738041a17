import type { Resource } from '@medplum/fhirtypes'
import { AppError } from '../core/error'

/**
 * FHIR XML through FHIR.js (npm `fhir`): it walks each resource by the R4 StructureDefinitions, so elements
 * come in the order the specification gives, primitives as `value` attributes, their `_field` extensions and
 * ids on the same element, the narrative `div` as XHTML. The library and its 3 MB of definitions are loaded
 * by `import()` on the first XML request (about 0.3 s, once per instance): a JSON request never reads them.
 */
export const FHIR_XML = 'application/fhir+xml; fhirVersion=4.0'
const FHIR_NS = 'http://hl7.org/fhir'

/** A CommonJS module's exports: Node names them, a split esbuild bundle gives them as `default` only. */
const commonJs = <T>(module: T): T => (module as { default?: T }).default ?? module

type Codec = { toXml(resource: Resource): string; fromXml(xml: string): unknown }
let codec: Promise<Codec> | undefined

function load(): Promise<Codec> {
  codec ??= (async (): Promise<Codec> => {
    const [{ ConvertToXml }, { ConvertToJs }, { ParseConformance }] = await Promise.all([
      import('fhir/convertToXml.js').then(commonJs),
      import('fhir/convertToJs.js').then(commonJs),
      import('fhir/parseConformance.js').then(commonJs),
    ])
    // the R4 definitions the library ships (1 MB, and 2 MB of value sets that conversion does not read but
    // that come with them: loading its types apart would ship them twice and call a private method)
    const parser = new ParseConformance(true)
    return {
      toXml: (resource) => new ConvertToXml(parser).convert(resource),
      // `convertToJSON`, not `convert`: decimals stay numbers with their precision (1.50), not strings
      fromXml: (xml) => JSON.parse(new ConvertToJs(parser).convertToJSON(xml)),
    }
  })().catch((error: unknown) => {
    codec = undefined
    throw error
  })
  return codec
}

export async function toXml(resource: Resource): Promise<string> {
  return (await load()).toXml(resource)
}

const invalidXml = (why: string) => new AppError(400, 'fhir.invalid_xml', `The body is not a FHIR XML resource: ${why}`)

/**
 * A request body in FHIR XML, as the JSON the rest of the Directory reads. The library's parser does not
 * check the namespace, lets a document that stops before its root closes through (xml-js swallows the
 * end-of-input error), and reads nothing when a comment stands beside the root: so the root element is found
 * and checked here first, and only it is handed over. A cut-off Bundle must not be fed as a shorter one.
 */
export async function fromXml(xml: string): Promise<unknown> {
  const root = rootElement(xml)
  const lib = await load()
  try {
    return lib.fromXml(root)
  } catch (error) {
    throw invalidXml(((error as Error)?.message ?? 'unreadable').split('\n')[0]!.slice(0, 200))
  }
}

/** The root element's text, without the prolog and comments around it (every step linear in the body's size). */
function rootElement(xml: string): string {
  const text = xml.replace(/^\uFEFF/, '').trim()
  if (!text) throw invalidXml('it is empty')
  if (/<!DOCTYPE/i.test(text)) throw invalidXml('a document type declaration is not allowed in FHIR')
  const open = /^((?:<\?xml[^>]*\?>\s*)?(?:<!--[\s\S]*?-->\s*)*)<([A-Za-z]+)(\s[^>]*?)?(\/?)>/.exec(text)
  if (!open) throw invalidXml('it does not start with a resource element')
  const [whole, prolog = '', name, attributes = '', selfClosed] = open
  if (!new RegExp(`\\sxmlns\\s*=\\s*(["'])${FHIR_NS.replaceAll('.', '\\.')}\\1`).test(attributes)) throw invalidXml(`the root element must be in the namespace ${FHIR_NS}`)
  let end = whole.length
  if (!selfClosed) {
    const close = /<\/([A-Za-z]+)\s*>/g
    close.lastIndex = text.lastIndexOf(`</${name}`)
    const last = close.lastIndex >= prolog.length ? close.exec(text) : null
    if (!last || last[1] !== name) throw invalidXml(`it ends before </${name}>`)
    end = last.index + last[0].length
  }
  if (!onlyComments(text.slice(end))) throw invalidXml(`there is more after </${name}>`)
  return text.slice(prolog.length, end)
}

function onlyComments(rest: string): boolean {
  for (let at = 0; ; ) {
    while (at < rest.length && /\s/.test(rest[at]!)) at++
    if (at === rest.length) return true
    if (!rest.startsWith('<!--', at)) return false
    const close = rest.indexOf('-->', at + 4)
    if (close < 0) return false
    at = close + 3
  }
}
