import { createSignal, Show } from 'solid-js'
import { lang } from '../lib/i18n'
import { session } from '../lib/session'
import { words } from '../lib/words'

const w = words({
  en: { busy: 'Preparing the file…', failed: 'The file could not be downloaded: {why}' },
  fr: { busy: 'Préparation du fichier…', failed: 'Le fichier n’a pas pu être téléchargé : {why}' },
  pt: { busy: 'A preparar o ficheiro…', failed: 'Não foi possível descarregar o ficheiro: {why}' },
})

/**
 * A button that downloads a CSV the API streams (an export): fetched with the session's token (a plain link
 * could not carry it), headed in the reader's language, then saved by the browser under `fileName`.
 */
export function CsvDownload(props: { path: () => string; fileName: () => string; label: string }) {
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  const download = async () => {
    setBusy(true)
    setError('')
    try {
      const path = props.path()
      const res = await fetch(`${path}${path.includes('?') ? '&' : '?'}lang=${lang()}`, { headers: { Authorization: `Bearer ${session()?.accessToken ?? ''}` } })
      if (!res.ok) {
        const problem = (await res.json().catch(() => ({}))) as { detail?: string }
        throw new Error(problem.detail ?? res.statusText)
      }
      const a = document.createElement('a')
      a.href = URL.createObjectURL(await res.blob())
      a.download = props.fileName()
      document.body.append(a)
      a.click()
      a.remove()
      URL.revokeObjectURL(a.href)
    } catch (e) {
      setError(w('failed', { why: e instanceof Error ? e.message : String(e) }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" class="secondary" aria-busy={busy()} disabled={busy()} onClick={download}>
        {busy() ? w('busy') : props.label}
      </button>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
    </>
  )
}
