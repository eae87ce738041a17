import type { ColumnDef } from '@tanstack/solid-table'
import { createMemo, createSignal, Show } from 'solid-js'
import { Changes } from '../components/Changes'
import { DataTable, type Page } from '../components/DataTable'
import { Field, SelectField } from '../components/Field'
import { actionCodes, actionLabel } from '../lib/actions'
import { api, pageUrl } from '../lib/api'
import { t } from '../lib/i18n'
import { label, when } from '../lib/labels'
import { errorText } from '../lib/problems'
import { unitById } from '../lib/reference'
import { navigate, searchParam } from '../lib/router'
import { count, words } from '../lib/words'

type Event = { id: string; at: string; action: string; entityType: string; entityId: string; requestId: string; actor: { email?: string; id: string; role?: string }; before?: unknown; after?: unknown }

const w = words({
  en: {
    who: 'Who (email)',
    action: 'What',
    anyAction: 'Any action',
    record: 'Record id',
    from: 'From',
    to: 'To',
    apply: 'Apply',
    clear: 'Clear',
    csv: 'Download CSV',
    csvBusy: 'Preparing the file… {n} events',
    csvDone: '{n} events downloaded.',
    csvCapped: 'The file holds the newest {n} events; narrow the filters for older ones.',
    changes: 'Changes',
    noMatch: 'No event matches these filters.',
    none: 'Nothing recorded yet.',
    worker: 'health worker',
    orgunit: 'unit',
    facility: 'facility',
    user: 'user',
    tenant: 'country',
    cadre: 'cadre',
    invitation: 'invitation',
    import: 'import', period: 'reporting year', client: 'connected system', job: 'background work', fhir: 'FHIR exchange', donor: 'donor', partner: 'partner',
    show: 'show',
    views: 'Also show who viewed which records',
  },
  fr: {
    who: 'Qui (courriel)',
    action: 'Quoi',
    anyAction: 'Toute action',
    record: 'Identifiant de la fiche',
    from: 'Du',
    to: 'Au',
    apply: 'Appliquer',
    clear: 'Effacer',
    csv: 'Télécharger en CSV',
    csvBusy: 'Préparation du fichier… {n} événements',
    csvDone: '{n} événements téléchargés.',
    csvCapped: 'Le fichier contient les {n} événements les plus récents ; affinez les filtres pour les plus anciens.',
    changes: 'Modifications',
    noMatch: 'Aucun événement ne correspond à ces filtres.',
    none: 'Rien d’enregistré pour l’instant.',
    worker: 'agent de santé',
    orgunit: 'unité',
    facility: 'structure',
    user: 'utilisateur',
    tenant: 'pays',
    cadre: 'cadre',
    invitation: 'invitation',
    import: 'import', period: 'année de référence', client: 'système connecté', job: 'travail en arrière-plan', fhir: 'échange FHIR', donor: 'bailleur', partner: 'partenaire',
    show: 'voir',
    views: 'Montrer aussi qui a consulté quelles fiches',
  },
  pt: {
    who: 'Quem (e-mail)',
    action: 'O quê',
    anyAction: 'Qualquer ação',
    record: 'Identificador do registo',
    from: 'De',
    to: 'Até',
    apply: 'Aplicar',
    clear: 'Limpar',
    csv: 'Descarregar CSV',
    csvBusy: 'A preparar o ficheiro… {n} eventos',
    csvDone: '{n} eventos descarregados.',
    csvCapped: 'O ficheiro tem os {n} eventos mais recentes; restrinja os filtros para os mais antigos.',
    changes: 'Alterações',
    noMatch: 'Nenhum evento corresponde a estes filtros.',
    none: 'Ainda nada registado.',
    worker: 'profissional de saúde',
    orgunit: 'unidade',
    facility: 'estrutura',
    user: 'utilizador',
    tenant: 'país',
    cadre: 'categoria',
    invitation: 'convite',
    import: 'importação', period: 'ano de referência', client: 'sistema ligado', job: 'trabalho em segundo plano', fhir: 'troca FHIR', donor: 'doador', partner: 'parceiro',
    show: 'ver',
    views: 'Mostrar também quem consultou que registos',
  },
})

const CSV_MAX = 10_000
const csvCell = (v: unknown) => {
  const s = v === undefined || v === null ? '' : String(v)
  // quotes around every cell; a leading = + - @ is defused so a spreadsheet never runs it as a formula
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`
}

/** Where a record of the log can be opened in the console. */
const recordHref = (e: Event) =>
  e.entityType === 'worker' ? `/workers/${e.entityId}` : e.entityType === 'orgunit' || e.entityType === 'facility' ? `/org-units/${e.entityId}` : undefined

export function Audit() {
  const [filters, setFilters] = createSignal<Record<string, string>>({ entityId: searchParam('entityId') ?? '' })
  // who looked at whom is recorded too, and outnumbers the changes: shown on request
  const [views, setViews] = createSignal(false)
  const [draft, setDraft] = createSignal<Record<string, string>>({ ...filters() })
  const [csv, setCsv] = createSignal('')
  const set = (k: string, v: string) => setDraft({ ...draft(), [k]: v })
  const query = createMemo(() => {
    const p = new URLSearchParams({ limit: '50' })
    for (const [k, v] of Object.entries(filters())) if (v.trim()) p.set(k, v.trim())
    if (!views()) p.set('views', 'without')
    return p.toString()
  })
  const filtered = () => Object.values(filters()).some((v) => v.trim())
  const recordName = (e: Event) => {
    const type = (w as (k: string) => string)(e.entityType) ?? e.entityType
    const unit = e.entityType === 'orgunit' || e.entityType === 'facility' ? unitById(e.entityId)?.name : undefined
    const after = e.after as { givenName?: string; familyName?: string; name?: string } | undefined
    const name = unit ?? (after?.familyName ? `${after.givenName ?? ''} ${after.familyName}` : after?.name)
    return `${type}${name ? `: ${name}` : ''}`
  }
  const columns: ColumnDef<Event, any>[] = [
    { accessorKey: 'at', header: t('when'), cell: (c) => <>{when(c.getValue() as string)}</> },
    { id: 'who', header: t('who'), cell: (c) => <>{c.row.original.actor.email ?? c.row.original.actor.id}{c.row.original.actor.role ? <span class="muted"> ({label('role', c.row.original.actor.role)})</span> : ''}</> },
    { accessorKey: 'action', header: t('action'), cell: (c) => <>{actionLabel(c.getValue() as string)}</> },
    {
      id: 'record',
      header: t('record'),
      cell: (c) => {
        const href = recordHref(c.row.original)
        return href ? <a href={href} onClick={(e) => (e.preventDefault(), navigate(href))}>{recordName(c.row.original)}</a> : <>{recordName(c.row.original)}</>
      },
    },
    {
      id: 'changes',
      header: w('changes'),
      cell: (c) => (
        <Show when={c.row.original.before !== undefined || c.row.original.after !== undefined}>
          <details>
            <summary>{w('show')}</summary>
            <Changes before={c.row.original.before} after={c.row.original.after} />
          </details>
        </Show>
      ),
    },
  ]
  const download = async () => {
    const rows: Event[] = []
    let cursor: string | null = null
    try {
      do {
        setCsv(w('csvBusy', { n: count(rows.length) }))
        const page: Page<Event> = await api<Page<Event>>('GET', pageUrl(`/api/v1/audit?${query().replace('limit=50', 'limit=200')}`, cursor))
        rows.push(...page.items)
        cursor = page.cursor
      } while (cursor && rows.length < CSV_MAX)
    } catch (err) {
      return setCsv(errorText(err))
    }
    const header = ['time', 'who', 'role', 'action', 'what', 'record_type', 'record_id', 'request_id']
    const lines = rows.map((e) => [e.at, e.actor.email ?? e.actor.id, e.actor.role ?? '', e.action, actionLabel(e.action), e.entityType, e.entityId, e.requestId].map(csvCell).join(','))
    const blob = new Blob([`\ufeff${[header.join(','), ...lines].join('\r\n')}\r\n`], { type: 'text/csv;charset=utf-8' })
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = `audit-${new Date().toISOString().slice(0, 10)}.csv`
    a.click()
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000)
    setCsv(cursor ? w('csvCapped', { n: count(rows.length) }) : w('csvDone', { n: count(rows.length) }))
  }
  return (
    <section>
      <div class="heading">
        <h1>{t('audit')}</h1>
        <button type="button" class="secondary" onClick={download}>{w('csv')}</button>
      </div>
      <Show when={csv()}>
        <p class="notice" role="status">{csv()}</p>
      </Show>
      <form class="filters" aria-label={t('search')} onSubmit={(e) => (e.preventDefault(), setFilters({ ...draft() }))}>
        <Field id="a-actor" name="actor" label={w('who')} type="email" value={draft().actor ?? ''} onInput={(e) => set('actor', e.currentTarget.value)} />
        <SelectField id="a-action" label={w('action')} value={draft().action ?? ''} placeholder={w('anyAction')} options={actionCodes.map((a) => ({ value: a, label: actionLabel(a) }))} onChange={(v) => set('action', v)} />
        <Field id="a-entity" name="entityId" label={w('record')} value={draft().entityId ?? ''} onInput={(e) => set('entityId', e.currentTarget.value)} />
        <Field id="a-from" name="from" label={w('from')} type="date" value={draft().from ?? ''} onInput={(e) => set('from', e.currentTarget.value)} />
        <Field id="a-to" name="to" label={w('to')} type="date" value={draft().to ?? ''} onInput={(e) => set('to', e.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={views()} onChange={(e) => setViews(e.currentTarget.checked)} /> {w('views')}
        </label>
        <div class="actions">
          <button type="submit">{w('apply')}</button>
          <Show when={filtered()}>
            <button type="button" class="secondary" onClick={() => (setDraft({}), setFilters({}))}>{w('clear')}</button>
          </Show>
        </div>
      </form>
      <DataTable
        label={t('audit')}
        columns={columns}
        reloadKey={query}
        emptyText={() => (filtered() ? w('noMatch') : w('none'))}
        fetchPage={(cursor) => api<Page<Event>>('GET', pageUrl(`/api/v1/audit?${query()}`, cursor))}
      />
    </section>
  )
}
