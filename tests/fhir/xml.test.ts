import { DOMParser, onWarningStopParsing, type Element } from '@xmldom/xmldom'
import fhirJs from 'fhir'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { bundleAsSst } from '../../bench/bundle'
import { apiNodejs } from '../../infra/api-bundle'
import { call, type Reply } from '../support/http'
import { buildWorld, type World } from '../support/world'
import { fid, kenyaDirectory, type KenyaDirectory } from './fixture'
import { problems } from './validator'

/**
 * FHIR XML on the Directory: every interaction answers in XML when `_format` or `Accept` asks for it, and
 * each answer, read back by FHIR.js and checked by a plain namespace-aware XML parse, is the JSON answer;
 * errors are XML OperationOutcomes (another country's token too); an unsupported format is 406; a
 * transaction Bundle can be sent in XML, and an XML body that is cut off or outside the FHIR namespace
 * writes nothing.
 */
let w: World
let k: KenyaDirectory
let token: string

const FHIR_NS = 'http://hl7.org/fhir'
const XHTML_NS = 'http://www.w3.org/1999/xhtml'
const XML = 'application/fhir+xml'
const library = new fhirJs.Fhir()

beforeAll(async () => {
  w = await buildWorld()
  k = await kenyaDirectory(w)
  token = w.a.users.registrar.token
}, 180_000)

const get = (path: string, headers: Record<string, string> = {}, as = token) => call('GET', path, { token: as, headers })

/** A well-formed document (any error or warning stops the parse) and its root element. */
function dom(text: string) {
  const doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(text, 'application/xml')
  return doc.documentElement!
}

/** The `value` attribute of the first element of that name in the FHIR namespace, under `root`. */
const valueOf = (root: Element, name: string) => root.getElementsByTagNameNS(FHIR_NS, name)[0]?.getAttribute('value')

/** The XML answer read back by FHIR.js, as JSON (decimals as numbers). */
const readBack = (r: Reply) => JSON.parse(library.xmlToJson(r.text))

function expectXml(r: Reply, rootName: string) {
  expect(r.headers.get('content-type'), r.text).toBe('application/fhir+xml; fhirVersion=4.0')
  const root = dom(r.text)
  expect(root.localName).toBe(rootName)
  expect(root.namespaceURI).toBe(FHIR_NS)
  return root
}

/** A Bundle's own id and time are new on every answer; the rest must match. */
// a Bundle's own id and time differ between two answers, and so may a next link's cursor (sealed with a fresh IV)
const withoutEnvelope = (b: any) => ({
  ...b,
  id: undefined,
  meta: undefined,
  link: b.link?.map((l: any) => ({ ...l, url: l.url.replace(/([?&]_cursor=)[^&]*/, '$1…') })),
})

/** The same request answered in JSON and in XML (through `Accept`, so the links match), compared. */
async function both(path: string, rootName: string, as = token) {
  const json = await get(path, {}, as)
  const xml = await get(path, { accept: XML }, as)
  expect(xml.status, xml.text).toBe(json.status)
  const root = expectXml(xml, rootName)
  const back = readBack(xml)
  expect(problems(back)).toEqual([])
  return { json, xml, root, back }
}

describe('reads in XML', () => {
  it('a Practitioner: root in the FHIR namespace, values as attributes, the same resource as in JSON', async () => {
    const path = `/fhir/KEN/Practitioner/${fid(k.workers.achieng.id)}`
    const { json, xml, root, back } = await both(path, 'Practitioner')
    expect(json.status).toBe(200)
    expect(back).toEqual(json.json)
    expect(valueOf(root, 'id')).toBe(json.json.id)
    expect(valueOf(root, 'family')).toBe('Otieno')
    expect(valueOf(root, 'birthDate')).toBe('1990-05-01')
    // the licence status extension of a qualification: its url an attribute, its value a child element
    const extension = root.getElementsByTagNameNS(FHIR_NS, 'extension')[0]!
    expect(extension.getAttribute('url')).toMatch(/^https?:\/\//)
    expect(extension.getElementsByTagNameNS(FHIR_NS, 'valueCode')[0]?.getAttribute('value')).toBeTruthy()
    expect(xml.headers.get('etag')).toBe(json.headers.get('etag'))
    // elements in the order of the StructureDefinition: identifier, active, name, gender, birthDate, qualification
    const order = Array.from(root.childNodes).filter((n) => n.nodeType === 1).map((n) => (n as Element).localName)
    const positions = ['identifier', 'active', 'name', 'gender', 'birthDate', 'qualification'].map((n) => order.indexOf(n))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
  })

  it('a Location: decimals keep their value, references and codes are the JSON ones', async () => {
    const { json, root, back } = await both(`/fhir/KEN/Location/${fid(k.cgh.id)}`, 'Location')
    expect(back).toEqual(json.json)
    expect(valueOf(root, 'name')).toBe('Coast General Hospital')
    expect(valueOf(root, 'latitude')).toBe('-4.05')
    expect(valueOf(root, 'longitude')).toBe('39.67')
    expect(back.position).toEqual({ latitude: -4.05, longitude: 39.67 })
  })

  it('vread, and `_format` in each of its spellings', async () => {
    const path = `/fhir/KEN/Location/${fid(k.cgh.id)}`
    const current = (await get(path)).json
    const { json, back } = await both(`${path}/_history/${current.meta.versionId}`, 'Location')
    expect(back).toEqual(json.json)
    for (const format of ['xml', 'text/xml', 'application/xml', XML, `${XML};fhirVersion=4.0`]) {
      const r = await get(`${path}?_format=${encodeURIComponent(format)}`)
      expect(r.status, format).toBe(200)
      expect(readBack(r)).toEqual(current)
    }
  })
})

describe('Bundles in XML', () => {
  it('a search with an _include: every entry, its search mode and the links are the JSON ones', async () => {
    const path = `/fhir/KEN/PractitionerRole?location=Location/${fid(k.cgh.id)}&_include=PractitionerRole:practitioner`
    const { json, root, back } = await both(path, 'Bundle')
    expect(json.json.entry.length).toBeGreaterThan(1)
    expect(withoutEnvelope(back)).toEqual(withoutEnvelope(json.json))
    expect(valueOf(root, 'type')).toBe('searchset')
    // entry resources sit inside <resource> in the FHIR namespace, without a namespace declaration of their own
    const practitioners = root.getElementsByTagNameNS(FHIR_NS, 'Practitioner')
    expect(practitioners.length).toBe(json.json.entry.filter((e: any) => e.resource.resourceType === 'Practitioner').length)
    expect(practitioners[0]!.parentNode && (practitioners[0]!.parentNode as Element).localName).toBe('resource')
  })

  it('a history page', async () => {
    const { json, back } = await both('/fhir/KEN/Location/_history?_count=5', 'Bundle')
    expect(json.json.type).toBe('history')
    expect(withoutEnvelope(back)).toEqual(withoutEnvelope(json.json))
  })

  it('POST _search answers in XML too', async () => {
    const r = await call('POST', '/fhir/KEN/Location/_search', { token, raw: 'name=likoni', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: XML } })
    expect(r.status, r.text).toBe(200)
    expectXml(r, 'Bundle')
    expect(readBack(r).entry.map((e: any) => e.resource.id)).toEqual([fid(k.likoni.id)])
  })
})

describe('the CapabilityStatement and errors in XML', () => {
  it('metadata is the JSON CapabilityStatement, and lists xml among its formats', async () => {
    const { json, root, back } = await both('/fhir/KEN/metadata', 'CapabilityStatement', '')
    // the JSON names types without any _include as `searchInclude: []`, which XML has no way to say
    const withoutEmptyLists = (value: unknown) => JSON.parse(JSON.stringify(value, (_, v) => (Array.isArray(v) && !v.length ? undefined : v)))
    expect(back).toEqual(withoutEmptyLists(json.json))
    expect(back.format).toEqual(expect.arrayContaining(['application/fhir+xml', 'xml', 'application/fhir+json']))
    expect(valueOf(root, 'fhirVersion')).toBe('4.0.1')
  })

  it('a 404 and a 400 are XML OperationOutcomes, the same as in JSON', async () => {
    for (const path of ['/fhir/KEN/Practitioner/wrk-does-not-exist', '/fhir/KEN/Location?colour=blue', '/fhir/KEN/Nonsense/1']) {
      const { json, xml, root, back } = await both(path, 'OperationOutcome')
      expect(xml.status, path).toBeGreaterThanOrEqual(400)
      expect(back).toEqual(json.json)
      expect(valueOf(root, 'severity')).toBe('error')
      expect(valueOf(root, 'diagnostics')).toBe(json.json.issue[0].diagnostics)
    }
  })

  it("another country's token, or a Kenyan token on another country's ids: 404 OperationOutcome in XML, nothing of the other country", async () => {
    const achieng = `/fhir/KEN/Practitioner/${fid(k.workers.achieng.id)}`
    for (const [path, as] of [
      [achieng, w.b.users.viewer.token],
      [`${achieng}?_format=xml`, w.b.users['ministry-admin'].token],
      ['/fhir/KEN/Practitioner?family=otieno', w.b.users.viewer.token],
      [`/fhir/KEN/Practitioner/${fid(w.b.registry.worker.id)}`, token],
      [`/fhir/UGA/Practitioner/${fid(w.b.registry.worker.id)}`, token],
    ] as const) {
      const r = await get(path, { accept: XML }, as)
      expect(r.status, path).toBe(404)
      expect(valueOf(expectXml(r, 'OperationOutcome'), 'code')).toBe('not-found')
      expect(r.text).not.toContain('Achieng')
      expect(r.text).not.toContain('WorkerUGA')
    }
  })
})

describe('choosing the format', () => {
  const path = () => `/fhir/KEN/Location/${fid(k.cgh.id)}`
  const typeOf = (r: Reply) => r.headers.get('content-type')?.split(';')[0]

  it('JSON by default and for */*; _format=json wins over Accept; Accept by preference', async () => {
    expect(typeOf(await get(path()))).toBe('application/fhir+json')
    expect(typeOf(await get(path(), { accept: '*/*' }))).toBe('application/fhir+json')
    expect(typeOf(await get(`${path()}?_format=json`, { accept: XML }))).toBe('application/fhir+json')
    expect(typeOf(await get(`${path()}?_format=xml`, { accept: 'application/fhir+json' }))).toBe('application/fhir+xml')
    expect(typeOf(await get(path(), { accept: 'application/fhir+json;q=0.5, application/fhir+xml' }))).toBe('application/fhir+xml')
    expect(typeOf(await get(path(), { accept: 'application/fhir+xml;q=0.5, application/fhir+json' }))).toBe('application/fhir+json')
    // what a browser sends
    expect(typeOf(await get(path(), { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }))).toBe('application/fhir+xml')
  })

  it('a format the server does not speak is a 406 OperationOutcome (in JSON)', async () => {
    for (const [query, accept] of [['?_format=turtle', undefined], ['?_format=constructor', undefined], ['', 'text/html'], ['', 'application/fhir+xml;q=0']] as const) {
      const r = await get(`${path()}${query}`, accept ? { accept } : {})
      expect(r.status, `${query} ${accept}`).toBe(406)
      expect(typeOf(r)).toBe('application/fhir+json')
      expect(r.json.issue[0].code).toBe('not-supported')
    }
  })
})

describe('a transaction Bundle in XML', () => {
  const ORIGIN = 'https://moh.example.org/fhir/sid'
  const bundle = (serviceName: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!-- a feed from another registry -->
<Bundle xmlns="${FHIR_NS}">
  <type value="transaction"/>
  <entry>
    <fullUrl value="urn:uuid:7c2d1f4a-0000-4000-8000-000000000001"/>
    <resource>
      <HealthcareService>
        <meta><profile value="https://profiles.ihe.net/ITI/mCSD/StructureDefinition/IHE.mCSD.HealthcareService"/></meta>
        <text><status value="generated"/><div xmlns="${XHTML_NS}"><p>${serviceName} at <b>Coast General</b></p></div></text>
        <extension url="https://moh.example.org/fhir/StructureDefinition/catchment"><valueString value="Mombasa &amp; Likoni"/></extension>
        <identifier><system value="${ORIGIN}/services"/><value value="XML-${serviceName.length}"/></identifier>
        <active value="true"/>
        <providedBy><reference value="Organization/${fid(k.cgh.id)}"/></providedBy>
        <type><coding><system value="http://terminology.hl7.org/CodeSystem/service-type"/><code value="124"/></coding></type>
        <location><reference value="Location/${fid(k.cgh.id)}"/></location>
        <name value="${serviceName}"><extension url="https://moh.example.org/fhir/StructureDefinition/name-source"><valueCode value="moh"/></extension></name>
      </HealthcareService>
    </resource>
    <request><method value="POST"/><url value="HealthcareService"/></request>
  </entry>
</Bundle>
`
  const post = (body: string, contentType = XML) => call('POST', '/fhir/KEN', { token, raw: body, headers: { 'content-type': contentType } })
  const servicesNamed = async (name: string) => (await get(`/fhir/KEN/HealthcareService?name:exact=${encodeURIComponent(name)}`)).json.entry ?? []

  it('is written, answered in XML, and read back with its narrative, extensions and primitive extensions', async () => {
    const r = await post(bundle('Immunisation'))
    expect(r.status, r.text).toBe(200)
    const answer = readBack(r)
    expectXml(r, 'Bundle')
    expect(answer.type).toBe('transaction-response')
    expect(answer.entry[0].response.status).toMatch(/^201/)
    const [found] = await servicesNamed('Immunisation')
    expect(found, 'the service fed in XML').toBeDefined()
    const id = found.resource.id
    const { json, root, back } = await both(`/fhir/KEN/HealthcareService/${id}`, 'HealthcareService')
    expect(back).toEqual(json.json)
    expect(json.json.extension).toEqual([{ url: 'https://moh.example.org/fhir/StructureDefinition/catchment', valueString: 'Mombasa & Likoni' }])
    expect(json.json._name).toEqual({ extension: [{ url: 'https://moh.example.org/fhir/StructureDefinition/name-source', valueCode: 'moh' }] })
    expect(json.json.text.div).toBe(`<div xmlns="${XHTML_NS}"><p>Immunisation at <b>Coast General</b></p></div>`)
    const div = root.getElementsByTagNameNS(XHTML_NS, 'div')[0]!
    expect(div.textContent).toBe('Immunisation at Coast General')
  })

  it('cut off, outside the FHIR namespace, with a DTD or not XML at all: 400, and nothing is written', async () => {
    const whole = bundle('Family planning')
    const bad = [
      whole.slice(0, whole.lastIndexOf('</Bundle>')),
      whole.slice(0, whole.lastIndexOf('</entry>')),
      whole.replace(` xmlns="${FHIR_NS}"`, ''),
      whole.replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE Bundle [<!ENTITY x "Family">]>'),
      whole.replace('<active value="true"/>', '<active value="yes"/>'),
      '{"resourceType":"Bundle","type":"transaction"}',
      '',
    ]
    for (const body of bad) {
      const r = await post(body)
      expect(r.status, `${body.slice(-60)}: ${r.text}`).toBe(400)
      expect(valueOf(expectXml(r, 'OperationOutcome'), 'code')).toBe('invalid')
    }
    expect(await servicesNamed('Family planning')).toEqual([])
    // the same bundle whole is taken
    expect((await post(whole)).status).toBe(200)
    expect(await servicesNamed('Family planning')).toHaveLength(1)
  })
})

describe('the api function bundle', () => {
  /** A fresh Node process, as a Lambda cold start: imports the bundle and answers one GET. */
  function coldRequest(entryFile: string, path: string, headers: Record<string, string>) {
    const source = `
const { handler } = await import(${JSON.stringify(entryFile)})
const event = { version: '2.0', routeKey: '$default', rawPath: ${JSON.stringify(path)}, rawQueryString: '', headers: ${JSON.stringify({ host: 'x', ...headers })}, isBase64Encoded: false,
  requestContext: { http: { method: 'GET', path: ${JSON.stringify(path)}, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r', routeKey: '$default', stage: '$default', time: '', timeEpoch: 0, accountId: '1', apiId: 'a', domainName: 'x', domainPrefix: 'x' } }
const res = await handler(event, {})
console.log(JSON.stringify({ status: res.statusCode, type: res.headers['content-type'], body: res.body }))`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], { env: process.env, encoding: 'utf8' })
    return JSON.parse(out.trim().split('\n').pop()!) as { status: number; type: string; body: string }
  }

  it('keeps FHIR.js out of a cold start: JSON is served with its chunk gone, XML needs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadre-xml-bundle-'))
    try {
      const bundle = await bundleAsSst('functions/api.ts', dir, apiNodejs)
      expect(bundle.coldInputs.filter((input) => input.includes('node_modules/fhir/'))).toEqual([])
      // by its end: where node_modules is a link (a second worktree), esbuild names the path through it
      expect(bundle.inputs.some((input) => input.endsWith('node_modules/fhir/convertToXml.js'))).toBe(true)
      const metadata = '/fhir/KEN/metadata'
      expect(coldRequest(bundle.entryFile, metadata, { accept: XML })).toMatchObject({ status: 200, type: 'application/fhir+xml; fhirVersion=4.0' })
      // the chunk that holds the converter, removed: a JSON answer never asks for it
      const chunks = readdirSync(dir).filter((file) => readFileSync(join(dir, file), 'utf8').includes('The embedded xhtml is not properly formatted'))
      expect(chunks).toHaveLength(1)
      rmSync(join(dir, chunks[0]!))
      const json = coldRequest(bundle.entryFile, metadata, { accept: 'application/fhir+json' })
      expect(json.status).toBe(200)
      expect(JSON.parse(json.body).resourceType).toBe('CapabilityStatement')
      expect(coldRequest(bundle.entryFile, metadata, { accept: XML }).status).toBe(500)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
