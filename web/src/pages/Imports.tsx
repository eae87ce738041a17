import type { ColumnDef } from '@tanstack/solid-table'
import { createSignal, For, onCleanup, Show } from 'solid-js'
import { fields, type ImportKind } from '../../../functions/core/import/fields'
import { reasonText } from '../../../functions/core/import/reasons'
import { DataTable, type Page } from '../components/DataTable'
import { api, ApiError } from '../lib/api'
import { lang } from '../lib/i18n'
import { errorText, problemText } from '../lib/problems'
import { hasRole, session } from '../lib/session'
import { count, words } from '../lib/words'

const statuses = ['valid', 'update', 'exists', 'duplicate', 'not_found', 'error'] as const
type Status = (typeof statuses)[number]
type Issue = { code: string; message: string; column?: string; value?: string; params?: Record<string, unknown>; warning?: boolean }
type ReportRow = { row: number; status: Status; label?: string; issues: Issue[]; outcome?: string }
/** A job as GET /api/v1/jobs/{id} answers it (functions/jobs/schema.ts). */
type Job = { id: string; state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled'; progress: { done: number; total: number | null }; itemsPerSecond: number | null; secondsLeft: number | null; error?: { message: string } }
type Counts = Record<Status, number> & { rows: number; blank: number }
type Import = {
  id: string
  kind: ImportKind
  fileName: string
  state: string
  columns?: string[]
  mapping?: Record<string, string | null>
  missing?: string[]
  counts?: Counts
  committed?: Record<'created' | 'updated' | 'unchanged' | 'skipped' | 'failed', number>
  error?: { code: string; message: string }
  job?: Job
  upload?: { url: string; headers: Record<string, string> }
}

const w = words({
  en: {
    title: 'Import', intro: 'Bring in a list from a spreadsheet or from DHIS2. Nothing is written until you have seen what each row would do.',
    kind: 'What the file holds', facilities: 'Units and facilities (master facility list CSV, DHIS2 org units JSON)', workers: 'Health workers (with licence, deployment, training; those already registered are updated)', cadres: 'Cadres (the country’s names, each with its ISCO-08 code or NHWA occupation)', exits: 'Leavers (worker’s identifier, date, reason, destination country)',
    template: 'Download the template', file: 'File (CSV, Excel .xlsx or DHIS2 JSON, up to 60 MB)', upload: 'Check the file', uploading: 'Sending the file…',
    checking: 'Checking every row against the registry…', report: 'What each row would do', filter: 'Show', all: 'All rows',
    st_valid: 'New', st_update: 'Would update', st_exists: 'Already there', st_duplicate: 'Repeated in the file', st_not_found: 'Not found', st_error: 'Error',
    row: 'Row', status: 'Status', record: 'Record', reasons: 'Reasons', result: 'Result',
    summary: 'Rows in the file: {rows} — new: {valid}, to update: {update}, already there: {exists}, repeated: {duplicate}, not found: {not_found}, with errors: {error}.',
    missing: 'No column gives: {fields}. Rows that create a record need it.', mapping: 'Columns of the file', ignored: '— not imported —',
    recheck: 'Check again with these columns', remember: 'Remember for the next file', commit: 'Import what is ready ({n})', committing: 'Importing…',
    nothing: 'No row can be imported as it is: correct the file and check it again.', csv: 'Download the report (CSV)',
    done: 'Done — created: {created}, updated: {updated}, unchanged: {unchanged}, left out: {skipped}, failed: {failed}.', cancel: 'Drop this import', again: 'Import another file',
    of: '{done} of {total} rows', rate: '{n} rows per second', left: 'about {time} left', stop: 'Stop',
    r_created: 'created', r_updated: 'updated', r_unchanged: 'unchanged', r_skipped: 'left out', r_failed: 'failed',
  },
  fr: {
    title: 'Importer', intro: 'Reprenez une liste d’un tableur ou de DHIS2. Rien n’est écrit avant que vous ayez vu ce que ferait chaque ligne.',
    kind: 'Contenu du fichier', facilities: 'Unités et formations sanitaires (liste CSV, unités d’organisation DHIS2 en JSON)', workers: 'Personnels de santé (avec licence, affectation, formation ; ceux déjà enregistrés sont mis à jour)', cadres: 'Cadres (noms du pays, chacun avec son code CITP-08 ou sa profession NHWA)', exits: 'Sorties (identifiant de l’agent, date, motif, pays de destination)',
    template: 'Télécharger le modèle', file: 'Fichier (CSV, Excel .xlsx ou JSON DHIS2, 60 Mo au plus)', upload: 'Vérifier le fichier', uploading: 'Envoi du fichier…',
    checking: 'Vérification de chaque ligne dans le registre…', report: 'Ce que ferait chaque ligne', filter: 'Afficher', all: 'Toutes les lignes',
    st_valid: 'Nouvelle', st_update: 'Mise à jour', st_exists: 'Déjà présente', st_duplicate: 'Répétée dans le fichier', st_not_found: 'Introuvable', st_error: 'Erreur',
    row: 'Ligne', status: 'Statut', record: 'Fiche', reasons: 'Motifs', result: 'Résultat',
    summary: 'Lignes du fichier : {rows} — nouvelles : {valid}, à mettre à jour : {update}, déjà présentes : {exists}, répétées : {duplicate}, introuvables : {not_found}, en erreur : {error}.',
    missing: 'Aucune colonne ne donne : {fields}. Les lignes qui créent une fiche en ont besoin.', mapping: 'Colonnes du fichier', ignored: '— non importée —',
    recheck: 'Vérifier à nouveau avec ces colonnes', remember: 'Retenir pour le prochain fichier', commit: 'Importer ce qui est prêt ({n})', committing: 'Import en cours…',
    nothing: 'Aucune ligne ne peut être importée telle quelle : corrigez le fichier et vérifiez-le à nouveau.', csv: 'Télécharger le rapport (CSV)',
    done: 'Terminé — créées : {created}, mises à jour : {updated}, inchangées : {unchanged}, écartées : {skipped}, en échec : {failed}.', cancel: 'Abandonner cet import', again: 'Importer un autre fichier',
    of: '{done} lignes sur {total}', rate: '{n} lignes par seconde', left: 'encore environ {time}', stop: 'Arrêter',
    r_created: 'créée', r_updated: 'mise à jour', r_unchanged: 'inchangée', r_skipped: 'écartée', r_failed: 'échec',
  },
  pt: {
    title: 'Importar', intro: 'Traga uma lista de uma folha de cálculo ou do DHIS2. Nada é escrito antes de ver o que cada linha faria.',
    kind: 'Conteúdo do ficheiro', facilities: 'Unidades e unidades sanitárias (lista CSV, unidades organizacionais DHIS2 em JSON)', workers: 'Profissionais de saúde (com licença, colocação, formação; os já registados são atualizados)', cadres: 'Categorias profissionais (nomes do país, cada uma com o código CITP-08 ou a ocupação NHWA)', exits: 'Saídas (identificador do trabalhador, data, motivo, país de destino)',
    template: 'Descarregar o modelo', file: 'Ficheiro (CSV, Excel .xlsx ou JSON DHIS2, até 60 MB)', upload: 'Verificar o ficheiro', uploading: 'A enviar o ficheiro…',
    checking: 'A verificar cada linha no registo…', report: 'O que cada linha faria', filter: 'Mostrar', all: 'Todas as linhas',
    st_valid: 'Nova', st_update: 'Atualizaria', st_exists: 'Já existe', st_duplicate: 'Repetida no ficheiro', st_not_found: 'Não encontrada', st_error: 'Erro',
    row: 'Linha', status: 'Estado', record: 'Registo', reasons: 'Motivos', result: 'Resultado',
    summary: 'Linhas do ficheiro: {rows} — novas: {valid}, a atualizar: {update}, já existentes: {exists}, repetidas: {duplicate}, não encontradas: {not_found}, com erros: {error}.',
    missing: 'Nenhuma coluna indica: {fields}. As linhas que criam um registo precisam disso.', mapping: 'Colunas do ficheiro', ignored: '— não importada —',
    recheck: 'Verificar de novo com estas colunas', remember: 'Lembrar para o próximo ficheiro', commit: 'Importar o que está pronto ({n})', committing: 'A importar…',
    nothing: 'Nenhuma linha pode ser importada assim: corrija o ficheiro e verifique-o de novo.', csv: 'Descarregar o relatório (CSV)',
    done: 'Concluído — criadas: {created}, atualizadas: {updated}, inalteradas: {unchanged}, deixadas de fora: {skipped}, falhadas: {failed}.', cancel: 'Abandonar esta importação', again: 'Importar outro ficheiro',
    of: '{done} de {total} linhas', rate: '{n} linhas por segundo', left: 'cerca de {time} em falta', stop: 'Parar',
    r_created: 'criada', r_updated: 'atualizada', r_unchanged: 'inalterada', r_skipped: 'deixada de fora', r_failed: 'falhada',
  },
})

/** A file the API answers (a template, a report): fetched with the session's token, then saved by the browser. */
async function saveFile(path: string, name: string) {
  const res = await fetch(path, { headers: { Authorization: `Bearer ${session()?.accessToken ?? ''}` } })
  if (!res.ok) throw new ApiError({ status: res.status, code: 'unknown', detail: '', ...(await res.json().catch(() => ({}))) })
  const a = document.createElement('a')
  a.href = URL.createObjectURL(await res.blob())
  a.download = name
  a.click()
  URL.revokeObjectURL(a.href)
}

const finished = (j: Job) => j.state === 'done' || j.state === 'failed' || j.state === 'cancelled'
const duration = (seconds: number) => (seconds < 90 ? `${Math.max(1, Math.round(seconds))} s` : `${Math.round(seconds / 60)} min`)

/** The dry run's or the commit's job as a bar (rows done of all, speed, time left), polled until it ends. */
function Progress(props: { job: Job; onStop: () => void; onFinished: () => void }) {
  const [job, setJob] = createSignal(props.job)
  let timer: ReturnType<typeof setTimeout> | undefined
  const poll = async () => {
    try {
      const next = await api<Job>('GET', `/api/v1/jobs/${props.job.id}`)
      setJob(next)
      if (finished(next)) return props.onFinished()
    } catch (e) {
      if (e instanceof ApiError && e.problem.status === 404) return
    }
    timer = setTimeout(poll, 700)
  }
  timer = setTimeout(poll, 300)
  onCleanup(() => clearTimeout(timer))
  return (
    <div class="job" role="status" aria-live="polite">
      {/* no total yet: a bar without a value (setting `value` to undefined throws in the browser) */}
      <Show when={job().progress.total} fallback={<progress aria-label={w('checking')} />}>
        {(total) => <progress max={total()} value={job().progress.done} aria-label={w('of', { done: count(job().progress.done), total: count(total()) })} />}
      </Show>
      <p class="muted">
        <Show when={job().progress.total !== null}>{w('of', { done: count(job().progress.done), total: count(job().progress.total ?? 0) })}</Show>
        <Show when={job().itemsPerSecond}>{(r) => <> · {w('rate', { n: count(Math.round(r())) })}</>}</Show>
        <Show when={job().secondsLeft}>{(s) => <> · {w('left', { time: duration(s()) })}</>}</Show>
      </p>
      <button type="button" class="secondary" onClick={props.onStop}>{w('stop')}</button>
    </div>
  )
}

const fieldLabel = (kind: ImportKind, key: string) => fields[kind].find((f) => f.key === key)?.label[lang()] ?? key
const reasonOf = (i: Issue) => reasonText(i.code, lang(), { value: i.value, field: i.column, ...i.params })

/**
 * Imports, step by step: the kind and its template, the file, the dry run's report (every row, filtered by
 * status, reasons in the reader's language, columns mapped again if a header was not understood), the
 * commit with its progress, and what it did.
 */
export function Imports() {
  const kinds = (): ImportKind[] => (hasRole('ministry-admin') ? ['facilities', 'cadres', 'workers', 'exits'] : ['workers', 'exits', 'cadres'])
  const [kind, setKind] = createSignal<ImportKind>(kinds()[0]!)
  const [file, setFile] = createSignal<File>()
  const [imp, setImp] = createSignal<Import>()
  const [busy, setBusy] = createSignal('')
  const [error, setError] = createSignal('')
  const [status, setStatus] = createSignal<Status | ''>('')
  const [mapping, setMapping] = createSignal<Record<string, string | null>>({})
  const [remember, setRemember] = createSignal(true)
  const [tick, setTick] = createSignal(0)

  const reload = async (id: string) => {
    const next = await api<Import>('GET', `/api/v1/imports/${id}?limit=1`)
    setImp(next)
    setMapping({ ...(next.mapping ?? {}) })
    setTick(tick() + 1)
  }
  const run = async (label: string, work: () => Promise<void>) => {
    setBusy(label)
    setError('')
    try {
      await work()
    } catch (e) {
      setError(errorText(e))
    } finally {
      setBusy('')
    }
  }
  const upload = () =>
    run(w('uploading'), async () => {
      const f = file()
      if (!f) return
      // the API refuses an empty file as a size out of range; the reader is told what it is
      if (!f.size) throw new ApiError({ status: 422, code: 'import.empty_file', detail: '' })
      const created = await api<Import>('POST', '/api/v1/imports', { body: { kind: kind(), fileName: f.name.slice(0, 200), bytes: f.size } })
      const local = created.upload!.url.startsWith('/')
      const headers: Record<string, string> = { ...created.upload!.headers, ...(local ? { Authorization: `Bearer ${session()?.accessToken ?? ''}`, 'Content-Type': 'application/octet-stream' } : {}) }
      const sent = await fetch(created.upload!.url, { method: 'PUT', headers, body: f })
      if (!sent.ok) {
        // the refusal (an empty file, one too large) said in the reader's words by its code
        const problem = await sent.json().catch(() => ({}))
        throw new ApiError({ status: sent.status, code: 'unknown', detail: '', ...problem })
      }
      // a file sent straight to S3: the dry run is asked for once it is there
      void setImp(local ? ((await sent.json()) as Import) : await api<Import>('POST', `/api/v1/imports/${created.id}/check`, { body: {} }))
    })
  const recheck = () =>
    run(w('checking'), async () => {
      void setImp(await api<Import>('POST', `/api/v1/imports/${imp()!.id}/check`, { body: { mapping: mapping(), saveMapping: remember() } }))
    })
  const commit = () => run(w('committing'), async () => void setImp(await api<Import>('POST', `/api/v1/imports/${imp()!.id}/commit`)))
  const drop = () => run('', async () => (await api('POST', `/api/v1/imports/${imp()!.id}/cancel`), setImp(undefined)))
  const startOver = () => (setImp(undefined), setFile(undefined), setStatus(''))

  const importable = () => (imp()?.counts?.valid ?? 0) + (imp()?.counts?.update ?? 0)
  const committed = () => imp()?.state === 'committed' || imp()?.state === 'committing'
  const columns: ColumnDef<ReportRow, any>[] = [
    { accessorKey: 'row', header: () => w('row') },
    { id: 'status', header: () => w('status'), cell: (c) => <span class={`status-${c.row.original.status}`}>{w(`st_${c.row.original.status}`)}</span> },
    { accessorKey: 'label', header: () => w('record') },
    {
      id: 'reasons', header: () => w('reasons'),
      cell: (c) => (
        <ul class="reasons">
          <For each={c.row.original.issues}>{(i) => <li classList={{ muted: !!i.warning }}>{i.column ? <strong>{i.column}: </strong> : ''}{reasonOf(i)}</li>}</For>
        </ul>
      ),
    },
    { id: 'outcome', header: () => w('result'), cell: (c) => (c.row.original.outcome ? w(`r_${c.row.original.outcome}` as 'r_created') : '') },
  ]

  return (
    <section class="imports">
      <h1>{w('title')}</h1>
      <p class="muted">{w('intro')}</p>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>

      <Show when={!imp()}>
        <form class="filters" onSubmit={(e) => (e.preventDefault(), upload())}>
          <label>
            {w('kind')}
            <select value={kind()} onChange={(e) => setKind(e.currentTarget.value as ImportKind)}>
              <For each={kinds()}>{(k) => <option value={k}>{w(k as 'workers')}</option>}</For>
            </select>
          </label>
          <button type="button" class="secondary" onClick={() => run('', () => saveFile(`/api/v1/imports/template?kind=${kind()}&lang=${lang()}`, `${kind()}-${lang()}.csv`))}>{w('template')}</button>
          <label>
            {w('file')}
            <input type="file" accept=".csv,.txt,.json,.xlsx,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => setFile(e.currentTarget.files?.[0])} />
          </label>
          <div class="actions wrap">
            <button type="submit" disabled={!file() || !!busy()}>{busy() || w('upload')}</button>
          </div>
        </form>
      </Show>

      <Show when={imp()} keyed>
        {(current) => (
          <>
            <h2>{current.fileName}</h2>
            <Show when={current.job && (current.state === 'checking' || current.state === 'committing')}>
              <p>{current.state === 'checking' ? w('checking') : w('committing')}</p>
              <Progress job={current.job!} onStop={drop} onFinished={() => reload(current.id)} />
            </Show>
            <Show when={current.state === 'failed'}>
              <p class="error" role="alert">{problemText({ status: 422, code: current.error?.code ?? 'job.failed', detail: '' })}</p>
              <div class="actions wrap">
                <button type="button" class="secondary" onClick={startOver}>{w('again')}</button>
              </div>
            </Show>
            <Show when={current.counts && (current.state === 'checked' || current.state === 'committed')}>
              <p role="status">{w('summary', Object.fromEntries(Object.entries(current.counts!).map(([k, v]) => [k, count(v)])))}</p>
              <Show when={current.committed}>{(c) => <p class="notice" role="status">{w('done', Object.fromEntries(Object.entries(c()).map(([k, v]) => [k, count(v)])))}</p>}</Show>
              <Show when={current.missing?.length}>
                <p class="notice">{w('missing', { fields: current.missing!.map((f) => fieldLabel(current.kind, f)).join(', ') })}</p>
              </Show>
              <Show when={current.state === 'checked' && current.columns?.length && current.kind !== 'facilities' || (current.state === 'checked' && current.missing?.length)}>
                <details open={!!current.missing?.length}>
                  <summary>{w('mapping')}</summary>
                  <div class="mapping filters">
                    <For each={current.columns ?? []}>
                      {(column) => (
                        <label>
                          {column}
                          <select value={mapping()[column] ?? ''} onChange={(e) => setMapping({ ...mapping(), [column]: e.currentTarget.value || null })}>
                            <option value="">{w('ignored')}</option>
                            <For each={fields[current.kind]}>{(f) => <option value={f.key}>{f.label[lang()]}</option>}</For>
                          </select>
                        </label>
                      )}
                    </For>
                  </div>
                  <label class="check">
                    <input type="checkbox" checked={remember()} onChange={(e) => setRemember(e.currentTarget.checked)} /> {w('remember')}
                  </label>
                  <button type="button" class="secondary" disabled={!!busy()} onClick={recheck}>{w('recheck')}</button>
                </details>
              </Show>
              <div class="actions wrap">
                <Show when={current.state === 'checked'}>
                  <Show when={importable() > 0} fallback={<p>{w('nothing')}</p>}>
                    <button type="button" disabled={!!busy()} onClick={commit}>{w('commit', { n: count(importable()) })}</button>
                  </Show>
                  <button type="button" class="secondary" disabled={!!busy()} onClick={drop}>{w('cancel')}</button>
                </Show>
                <button type="button" class="secondary" onClick={() => run('', () => saveFile(`/api/v1/imports/${current.id}/report.csv?lang=${lang()}`, `${current.fileName.replace(/\.\w+$/, '')}-report.csv`))}>{w('csv')}</button>
                <Show when={committed() || current.state === 'checked'}>
                  <button type="button" class="secondary" onClick={startOver}>{w('again')}</button>
                </Show>
              </div>
              <h3>{w('report')}</h3>
              <label class="filters">
                {w('filter')}
                <select value={status()} onChange={(e) => setStatus(e.currentTarget.value as Status | '')}>
                  <option value="">{w('all')}</option>
                  <For each={statuses}>{(s) => <option value={s}>{w(`st_${s}`)} ({count(current.counts![s])})</option>}</For>
                </select>
              </label>
              <DataTable
                label={w('report')}
                columns={columns}
                reloadKey={() => `${tick()}|${status()}`}
                fetchPage={(cursor) =>
                  api<{ rows: ReportRow[]; cursor: string | null }>('GET', `/api/v1/imports/${current.id}?limit=50${status() ? `&status=${status()}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`).then(
                    (r): Page<ReportRow> => ({ items: r.rows, cursor: r.cursor }),
                  )
                }
              />
            </Show>
          </>
        )}
      </Show>
    </section>
  )
}
