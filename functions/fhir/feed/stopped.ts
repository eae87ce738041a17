import type { OperationOutcome } from '@medplum/fhirtypes'
import { importFiles } from '../../core/import/files'
import type { JobRecord } from '../../jobs/record'
import { outcome } from '../outcome'
import { feedPaths } from './async'

/**
 * A bundle's job that did not finish (it failed, or was cancelled): its files — the bundle and the answers
 * so far, person data — are removed, and its status URL says so in plain words.
 */
export async function removeFeedFiles(job: Pick<JobRecord, 'tenantId' | 'id'>) {
  await (await importFiles()).removeAll(feedPaths(job.tenantId, job.id).base)
}

type Lang = 'en' | 'fr' | 'pt'
const langs: Lang[] = ['en', 'fr', 'pt']

const words = {
  'fhir.request_failed': {
    en: 'This request stopped on an error on our side before every entry was written: at least {done} of {total} entries were written. Sending the same bundle again writes only what is missing.',
    fr: 'Cette demande s’est arrêtée sur une erreur de notre côté avant que toutes les entrées soient écrites : au moins {done} des {total} entrées ont été écrites. Renvoyer le même Bundle n’écrit que ce qui manque.',
    pt: 'Este pedido parou devido a um erro do nosso lado antes de todas as entradas serem escritas: pelo menos {done} de {total} entradas foram escritas. Enviar de novo o mesmo Bundle escreve apenas o que falta.',
  },
  'fhir.request_cancelled': {
    en: 'This request was cancelled before every entry was written: at least {done} of {total} entries were written. Sending the same bundle again writes only what is missing.',
    fr: 'Cette demande a été annulée avant que toutes les entrées soient écrites : au moins {done} des {total} entrées ont été écrites. Renvoyer le même Bundle n’écrit que ce qui manque.',
    pt: 'Este pedido foi cancelado antes de todas as entradas serem escritas: pelo menos {done} de {total} entradas foram escritas. Enviar de novo o mesmo Bundle escreve apenas o que falta.',
  },
} satisfies Record<string, Record<Lang, string>>

/** The language the client prefers among ours (`Accept-Language`, by its `q`); English when it names none of them. */
export function preferredLang(header: string | undefined): Lang {
  let best: { lang: Lang; q: number } = { lang: 'en', q: 0 }
  for (const part of (header ?? '').split(',')) {
    const [tag = '', ...params] = part.trim().toLowerCase().split(';')
    const lang = tag.split('-')[0] as Lang
    const q = Number(params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean) ?? 1)
    if (langs.includes(lang) && q > best.q) best = { lang, q }
  }
  return best.lang
}

const TRANSLATION = 'http://hl7.org/fhir/StructureDefinition/translation'

/**
 * The status URL of a job that ended without its answer. FHIR's asynchronous pattern answers a request
 * that failed with a 4xx or 5xx and an OperationOutcome; a 5xx would say the status URL itself is broken
 * (and wake the operators' alarm at every poll), so it is 409, as when a concurrent change stops a bundle,
 * with the same advice. The message is in the client's language, the two others as FHIR translations;
 * what went wrong inside stays in the log, never in the answer.
 */
export function stoppedAnswer(job: JobRecord, acceptLanguage: string | undefined) {
  const code = job.state === 'cancelled' ? 'fhir.request_cancelled' : 'fhir.request_failed'
  const say = (lang: Lang) => words[code][lang].replace('{done}', String(job.progress.done)).replace('{total}', String(job.progress.total ?? '?'))
  const lang = preferredLang(acceptLanguage)
  const body: OperationOutcome = outcome(409, code, say(lang))
  const issue = body.issue![0]!
  issue.code = job.state === 'cancelled' ? 'incomplete' : 'exception'
  const others = langs.filter((l) => l !== lang).map((l) => ({ url: TRANSLATION, extension: [{ url: 'lang', valueCode: l }, { url: 'content', valueString: say(l) }] }))
  Object.assign(issue.details!, { _text: { extension: others } })
  return { status: 409, headers: { 'Content-Language': lang }, body }
}
