import { createSignal, Show } from 'solid-js'
import { ApiError } from '../lib/api'
import { lang } from '../lib/i18n'
import { when } from '../lib/labels'
import { errorText } from '../lib/problems'
import { session } from '../lib/session'
import { count, words } from '../lib/words'
import type { Job } from './JobProgress'

const w = words({
  en: {
    download: 'Download the file',
    busy: 'Downloading…',
    holds: '{items} records, {size}, made on {when}.',
    failed: 'The file could not be downloaded: {why}',
  },
  fr: {
    download: 'Télécharger le fichier',
    busy: 'Téléchargement…',
    holds: '{items} enregistrements, {size}, produit le {when}.',
    failed: 'Le fichier n’a pas pu être téléchargé : {why}',
  },
  pt: {
    download: 'Descarregar o ficheiro',
    busy: 'A descarregar…',
    holds: '{items} registos, {size}, criado em {when}.',
    failed: 'Não foi possível descarregar o ficheiro: {why}',
  },
})

const size = (bytes: number) => {
  const [value, unit] = bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [Math.max(bytes, 1) / 1e3, 'kilobyte']
  return new Intl.NumberFormat(lang(), { style: 'unit', unit, maximumFractionDigits: 1 }).format(value)
}

/**
 * The file of a finished country export or offboarding: what it holds, and a button that fetches it with the
 * session's token (a plain link could not carry it) and saves it as JSON Lines. A file removed since reads
 * `gone` (or the server's own words for it), never a broken download.
 */
export function JobFile(props: { job: Job; gone?: string }) {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  const result = () => props.job.result as { items?: number; bytes?: number } | undefined
  const download = async () => {
    setBusy(true)
    setError('')
    try {
      const res = await fetch(`/api/v1/jobs/${props.job.id}/download`, { headers: { Authorization: `Bearer ${session()?.accessToken ?? ''}`, Accept: 'application/json, application/x-ndjson' } })
      if (!res.ok) throw new ApiError({ status: res.status, code: 'unknown', detail: res.statusText, ...((await res.json().catch(() => ({}))) as object) })
      // in the cloud the answer is a short-lived link to the stored file: opened, the browser saves it to disk
      // as it arrives; served by the API itself (locally) the file comes in the answer
      const link = res.headers.get('content-type')?.startsWith('application/json') ? ((await res.json()) as { url: string }).url : undefined
      const a = document.createElement('a')
      a.href = link ?? URL.createObjectURL(await res.blob())
      a.download = `${props.job.tenantId ?? 'country'}-${(props.job.finishedAt ?? new Date().toISOString()).slice(0, 10)}.jsonl`
      document.body.append(a)
      a.click()
      a.remove()
      if (!link) URL.revokeObjectURL(a.href)
    } catch (e) {
      const gone = e instanceof ApiError && e.problem.code === 'job.file_gone' && props.gone
      setError(gone || w('failed', { why: errorText(e) }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div class="job-file">
      <Show when={result()?.items !== undefined && result()?.bytes !== undefined}>
        <p class="muted">{w('holds', { items: count(result()!.items!), size: size(result()!.bytes!), when: props.job.finishedAt ? when(props.job.finishedAt) : '—' })}</p>
      </Show>
      <button type="button" aria-busy={busy()} disabled={busy()} onClick={download}>
        {busy() ? w('busy') : w('download')}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
    </div>
  )
}
