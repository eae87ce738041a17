import { createSignal, onCleanup, Show, type JSX } from 'solid-js'
import { api, ApiError } from '../lib/api'
import { problemText } from '../lib/problems'
import { count, words } from '../lib/words'

/** A job as GET /api/v1/jobs/{id} answers it (functions/jobs/schema.ts). */
export type Job = {
  id: string
  kind: string
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'
  phase?: string
  progress: { done: number; total: number | null }
  itemsPerSecond: number | null
  secondsLeft: number | null
  result?: Record<string, unknown>
  error?: { code: string; message: string }
  cancellable: boolean
  tenantId?: string
  createdAt?: string
  finishedAt?: string
}

const w = words({
  en: {
    queued: 'Waiting to start…',
    running: 'Working…',
    done: 'Finished.',
    failed: 'It stopped. {error}',
    cancelled: 'Cancelled.',
    phase_counting: 'Counting what to do',
    phase_units: 'Moving the units below',
    phase_workers: 'Moving the health workers',
    phase_exporting: 'Copying the country’s records',
    phase_deleting: 'Deleting the country’s records',
    phase_files: 'Removing the country’s files',
    phase_recounting: 'Recounting each health worker',
    phase_totalling: 'Adding up the figures',
    of: '{done} of {total}',
    rate: '{n} per second',
    left: 'about {time} left',
    cancel: 'Cancel',
    lost: 'Progress cannot be read right now; the work goes on and this page will try again.',
  },
  fr: {
    queued: 'En attente de démarrage…',
    running: 'En cours…',
    done: 'Terminé.',
    failed: 'Arrêté. {error}',
    cancelled: 'Annulé.',
    phase_counting: 'Calcul de ce qu’il y a à faire',
    phase_units: 'Déplacement des unités en dessous',
    phase_workers: 'Déplacement des personnels de santé',
    phase_exporting: 'Copie des données du pays',
    phase_deleting: 'Suppression des données du pays',
    phase_files: 'Suppression des fichiers du pays',
    phase_recounting: 'Nouveau décompte de chaque personnel de santé',
    phase_totalling: 'Calcul des totaux',
    of: '{done} sur {total}',
    rate: '{n} par seconde',
    left: 'encore environ {time}',
    cancel: 'Annuler',
    lost: 'L’avancement ne peut pas être lu pour l’instant ; le travail continue et la page réessaiera.',
  },
  pt: {
    queued: 'À espera de começar…',
    running: 'Em curso…',
    done: 'Concluído.',
    failed: 'Parou. {error}',
    cancelled: 'Cancelado.',
    phase_counting: 'A contar o que há a fazer',
    phase_units: 'A mover as unidades abaixo',
    phase_workers: 'A mover os profissionais de saúde',
    phase_exporting: 'A copiar os registos do país',
    phase_deleting: 'A apagar os registos do país',
    phase_files: 'A apagar os ficheiros do país',
    phase_recounting: 'A recontar cada profissional de saúde',
    phase_totalling: 'A somar os números',
    of: '{done} de {total}',
    rate: '{n} por segundo',
    left: 'cerca de {time} em falta',
    cancel: 'Cancelar',
    lost: 'O progresso não pode ser lido agora; o trabalho continua e a página tentará de novo.',
  },
})

const duration = (seconds: number) => (seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`)
const finished = (j: Job) => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled'

/**
 * Work that outlasts a request (a move, an export, an import) as the user sees it: a bar with what is done of
 * how much, the speed and the time left, polled until it ends; then `summary` says what it did. Leaving the
 * page does not stop the job: it runs on the server.
 */
export function JobProgress(props: { job: Job; summary?: (job: Job) => JSX.Element; onFinished?: (job: Job) => void }) {
  const [job, setJob] = createSignal(props.job)
  const [lost, setLost] = createSignal(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const poll = async () => {
    try {
      const next = await api<Job>('GET', `/api/v1/jobs/${props.job.id}`)
      setLost(false)
      setJob(next)
      if (finished(next)) return props.onFinished?.(next)
    } catch (e) {
      if (e instanceof ApiError && e.problem.status === 404) return
      setLost(true)
    }
    timer = setTimeout(poll, 700)
  }
  if (finished(props.job)) props.onFinished?.(props.job)
  else timer = setTimeout(poll, 300)
  onCleanup(() => clearTimeout(timer))
  const cancel = async () => {
    await api('POST', `/api/v1/jobs/${props.job.id}/cancel`).catch(() => undefined)
  }
  const phase = () => {
    const p = job().phase
    return p && ['counting', 'units', 'workers', 'exporting', 'deleting', 'recounting', 'totalling', 'files'].includes(p) ? w(`phase_${p}` as 'phase_units') : ''
  }
  return (
    <div class="job" role="status" aria-live="polite" data-state={job().state}>
      <Show when={!finished(job())} fallback={<p>{job().state === 'failed' ? w('failed', { error: problemText({ status: 500, code: job().error?.code ?? 'job.failed', detail: '' }) }) : w(job().state)}</p>}>
        <p>
          {w(job().state)} {phase()}
        </p>
        {/* without a total yet, a bar with no value: the browser shows it as under way, not as empty */}
        <Show when={job().progress.total} fallback={<progress aria-label={phase() || w('running')} />}>
          {(total) => <progress max={total()} value={Math.min(job().progress.done, total())} aria-label={phase() || w('running')} />}
        </Show>
        <p class="muted">
          <Show when={job().progress.total !== null}>{w('of', { done: count(job().progress.done), total: count(job().progress.total ?? 0) })}</Show>
          <Show when={job().itemsPerSecond}>{(r) => <> · {w('rate', { n: count(Math.round(r())) })}</>}</Show>
          <Show when={job().secondsLeft}>{(s) => <> · {w('left', { time: duration(s()) })}</>}</Show>
        </p>
        <Show when={job().cancellable}>
          <button type="button" class="secondary" onClick={cancel}>{w('cancel')}</button>
        </Show>
      </Show>
      <Show when={job().state === 'done' && props.summary}>{props.summary!(job())}</Show>
      <Show when={lost()}>
        <p class="muted">{w('lost')}</p>
      </Show>
    </div>
  )
}
