import { createResource, createSignal, Show } from 'solid-js'
import { api } from '../lib/api'
import { errorText } from '../lib/problems'
import { count, words } from '../lib/words'
import { JobProgress, type Job } from './JobProgress'

const w = words({
  en: {
    title: 'Figures from the registry',
    intro: 'The figures follow every change to the registry within seconds. If they ever disagree with the registry (after a fault, or records loaded by other means), recount them: every health worker is counted again and every total set to match. It takes a few minutes in a large country; the figures stay readable meanwhile, and once started the recount runs to the end.',
    start: 'Recount the figures',
    result: '{workers} health workers recounted; {moved} counted differently than before; {repaired} totals corrected.',
  },
  fr: {
    title: 'Chiffres tirés du registre',
    intro: 'Les chiffres suivent chaque modification du registre en quelques secondes. S’ils ne concordent plus avec le registre (après une panne, ou des fiches chargées par un autre moyen), recomptez-les : chaque personnel de santé est compté à nouveau et chaque total remis en accord. Cela prend quelques minutes dans un grand pays ; les chiffres restent lisibles pendant ce temps, et une fois lancé le recomptage va jusqu’au bout.',
    start: 'Recompter les chiffres',
    result: '{workers} personnels de santé recomptés ; {moved} comptés autrement qu’avant ; {repaired} totaux corrigés.',
  },
  pt: {
    title: 'Números a partir do registo',
    intro: 'Os números acompanham cada alteração do registo em poucos segundos. Se alguma vez não coincidirem com o registo (depois de uma falha, ou de registos carregados por outra via), reconte-os: cada profissional de saúde é contado de novo e cada total acertado. Demora alguns minutos num país grande; os números continuam legíveis entretanto e, uma vez iniciada, a recontagem vai até ao fim.',
    start: 'Recontar os números',
    result: '{workers} profissionais de saúde recontados; {moved} contados de forma diferente de antes; {repaired} totais corrigidos.',
  },
})

/** A ministry admin's recount of the country's figures (POST /indicators/recount), and one already under way. */
export function Recount() {
  const [job, setJob] = createSignal<Job>()
  const [error, setError] = createSignal<string>()
  // a recount started earlier (by anyone in the country) and still running is shown, not started twice
  createResource(async () => {
    const page = await api<{ items: Job[] }>('GET', '/api/v1/jobs?kind=aggregates.rebuild&limit=1').catch(() => undefined)
    const running = page?.items.find((j) => j.state === 'queued' || j.state === 'running')
    if (running && !job()) setJob(running)
    return true
  })
  const start = async () => {
    setError()
    try {
      setJob(await api<Job>('POST', '/api/v1/indicators/recount'))
    } catch (err) {
      setError(errorText(err))
    }
  }
  const summary = (j: Job) => {
    const r = (j.result ?? {}) as { workers?: number; moved?: number; repaired?: number }
    return <p>{w('result', { workers: count(r.workers ?? 0), moved: count(r.moved ?? 0), repaired: count(r.repaired ?? 0) })}</p>
  }
  const running = () => job() && (job()!.state === 'queued' || job()!.state === 'running')
  return (
    <section class="card">
      <h2>{w('title')}</h2>
      <p class="muted">{w('intro')}</p>
      <div class="actions">
        <button type="button" class="secondary" disabled={!!running()} onClick={start}>{w('start')}</button>
      </div>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <Show when={job()} keyed>
        {(j) => <JobProgress job={j} summary={summary} onFinished={(done) => setJob(done)} />}
      </Show>
    </section>
  )
}
