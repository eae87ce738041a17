import type { ColumnDef, SortingState } from '@tanstack/solid-table'
import { createMemo, createSignal, Show } from 'solid-js'
import { CsvDownload } from '../components/CsvDownload'
import { DataTable, type Page } from '../components/DataTable'
import { SelectField } from '../components/Field'
import { UnitSelect } from '../components/UnitSelect'
import { api, pageUrl } from '../lib/api'
import { t, tStatus } from '../lib/i18n'
import { label } from '../lib/labels'
import { cadreName, unitById, useCadres } from '../lib/reference'
import { navigate, searchParam } from '../lib/router'
import { hasRole } from '../lib/session'
import { day, today, words } from '../lib/words'

export type WorkerRow = { id: string; givenName: string; familyName: string; sex: string; birthDate: string; nationalId?: string; cadreId: string; status: string; facilityId?: string; orgUnitId?: string; path: string; licenceExpiresAt?: string }

const statuses = ['active', 'on-leave', 'suspended', 'exited', 'deceased']

const w = words({
  en: {
    noMatch: 'No worker matches this search or these filters.',
    noneYet: 'No health workers are registered yet.',
    byExpiry: 'Sorted by licence expiry date, soonest first.',
    home: 'home unit',
    clear: 'Clear filters',
    licenceExpires: 'Licence expires',
    expired: 'expired',
    export: 'Download this list (CSV)',
  },
  fr: {
    noMatch: 'Aucun agent ne correspond à cette recherche ou à ces filtres.',
    noneYet: 'Aucun agent de santé n’est encore enregistré.',
    byExpiry: 'Trié par date d’expiration de la licence, la plus proche d’abord.',
    home: 'unité de rattachement',
    clear: 'Effacer les filtres',
    licenceExpires: 'Licence expire le',
    expired: 'expirée',
    export: 'Télécharger cette liste (CSV)',
  },
  pt: {
    noMatch: 'Nenhum profissional corresponde a esta pesquisa ou a estes filtros.',
    noneYet: 'Ainda não há profissionais de saúde registados.',
    byExpiry: 'Ordenado pela data de validade da licença, a mais próxima primeiro.',
    home: 'unidade de origem',
    clear: 'Limpar filtros',
    licenceExpires: 'Licença expira em',
    expired: 'expirada',
    export: 'Descarregar esta lista (CSV)',
  },
})

/** Where a worker is: the facility of the current deployment, else the home unit (marked as such). */
export function WorkplaceCell(props: { row: Pick<WorkerRow, 'facilityId' | 'orgUnitId' | 'path'> }) {
  const facility = () => unitById(props.row.facilityId)
  const home = () => unitById(props.row.orgUnitId ?? props.row.path.split('/').filter(Boolean).pop())
  return (
    <Show when={facility()} fallback={<Show when={home()}>{(h) => <span class="muted">{h().name} ({w('home')})</span>}</Show>}>
      {(f) => <>{f().name}</>}
    </Show>
  )
}

export function Workers() {
  const [cadres] = useCadres()
  const [q, setQ] = createSignal('')
  // a link (from Home: licences expiring soon) may open the list already filtered
  const [filters, setFilters] = createSignal<Record<string, string>>(Object.fromEntries(['cadreId', 'orgUnitId', 'status', 'licenceExpiringBefore'].map((k) => [k, searchParam(k) ?? '']).filter(([, v]) => v)))
  const [sorting, setSorting] = createSignal<SortingState>([])
  let debounce: ReturnType<typeof setTimeout> | undefined
  let searchBox!: HTMLInputElement
  const setFilter = (name: string, value: string) => setFilters({ ...filters(), [name]: value })
  const byExpiry = () => !!filters().licenceExpiringBefore
  const filtered = () => !!q().trim() || Object.values(filters()).some(Boolean)

  const query = createMemo(() => {
    const params = new URLSearchParams({ limit: '25' })
    if (q().trim()) params.set('q', q().trim())
    for (const [k, v] of Object.entries(filters())) if (v) params.set(k, v)
    const s = sorting()[0]
    // the expiry list reads in expiry order: a name sort does not apply to it
    if (s && !byExpiry()) params.set('sort', s.desc ? '-name' : 'name')
    return params.toString()
  })
  const columns = createMemo(() => {
    const cols: ColumnDef<WorkerRow, any>[] = [
      {
        id: 'name',
        header: t('name'),
        accessorFn: (r) => `${r.familyName}, ${r.givenName}`,
        enableSorting: !byExpiry(),
        cell: (c) => (
          <a href={`/workers/${c.row.original.id}`} onClick={(e) => (e.preventDefault(), navigate(`/workers/${c.row.original.id}`))}>
            {c.row.original.familyName}, {c.row.original.givenName}
          </a>
        ),
      },
      { accessorKey: 'nationalId', header: t('nationalId'), enableSorting: false, cell: (c) => c.getValue() ?? '—' },
      // cells render JSX so they follow the shared reference data when it arrives
      { id: 'cadre', header: t('cadre'), enableSorting: false, cell: (c) => <>{cadreName(c.row.original.cadreId)}</> },
      { id: 'facility', header: t('facility'), enableSorting: false, cell: (c) => <WorkplaceCell row={c.row.original} /> },
      { accessorKey: 'sex', header: t('sex'), enableSorting: false, cell: (c) => <>{label('sex', c.getValue() as string)}</> },
      { accessorKey: 'birthDate', header: t('birthDate'), enableSorting: false, cell: (c) => <>{day(c.getValue() as string)}</> },
      { accessorKey: 'status', header: t('status'), enableSorting: false, cell: (c) => <>{tStatus(c.getValue() as string)}</> },
    ]
    if (byExpiry())
      cols.splice(1, 0, {
        accessorKey: 'licenceExpiresAt',
        header: w('licenceExpires'),
        enableSorting: false,
        cell: (c) => (
          <>
            {day(c.getValue() as string)} <Show when={(c.getValue() as string) < today()}><span class="badge expired">{w('expired')}</span></Show>
          </>
        ),
      })
    return cols
  })
  // the export takes the list's search, filters and order, every row of it (not the page on screen)
  const exportPath = () => {
    const params = new URLSearchParams(query())
    params.delete('limit')
    return `/api/v1/exports/workers.csv?${params}`
  }
  const exportName = () => (byExpiry() ? `licences-expiring-before-${filters().licenceExpiringBefore}.csv` : `workers-${today()}.csv`)
  const clear = () => {
    clearTimeout(debounce)
    searchBox.value = ''
    setQ('')
    setFilters({})
    for (const el of document.querySelectorAll<HTMLSelectElement | HTMLInputElement>('form.filters select, form.filters input')) el.value = ''
  }
  return (
    <section>
      <div class="heading">
        <h1>{t('workers')}</h1>
        <Show when={hasRole('ministry-admin', 'registrar', 'manager')}>
          <div class="actions wrap">
            <CsvDownload path={exportPath} fileName={exportName} label={w('export')} />
            <button onClick={() => navigate('/workers/new')}>{t('newWorker')}</button>
          </div>
        </Show>
      </div>
      <form
        class="filters"
        role="search"
        aria-label={t('search')}
        onSubmit={(e) => {
          e.preventDefault()
          clearTimeout(debounce)
          setQ(searchBox.value)
        }}
      >
        <div class="field">
          <label for="q">{t('search')}</label>
          <input
            id="q"
            ref={searchBox}
            type="search"
            placeholder={t('searchPlaceholder')}
            onInput={(e) => {
              const v = e.currentTarget.value
              clearTimeout(debounce)
              debounce = setTimeout(() => setQ(v), 300)
            }}
          />
        </div>
        <SelectField id="f-cadre" label={t('cadre')} value={filters().cadreId ?? ''} placeholder={t('any')} options={(cadres() ?? []).map((c) => ({ value: c.id, label: c.name }))} onChange={(v) => setFilter('cadreId', v)} />
        <UnitSelect id="f-unit" label={t('subtree')} value={filters().orgUnitId ?? ''} placeholder={t('everywhere')} onChange={(v) => setFilter('orgUnitId', v)} />
        <SelectField id="f-status" label={t('status')} value={filters().status ?? ''} placeholder={t('any')} options={statuses.map((s) => ({ value: s, label: tStatus(s) }))} onChange={(v) => setFilter('status', v)} />
        <div class="field">
          <label for="f-exp">{t('licenceExpiringBefore')}</label>
          <input id="f-exp" type="date" value={filters().licenceExpiringBefore ?? ''} onChange={(e) => setFilter('licenceExpiringBefore', e.currentTarget.value)} />
        </div>
        <Show when={filtered()}>
          <div class="actions">
            <button type="button" class="secondary" onClick={clear}>{w('clear')}</button>
          </div>
        </Show>
      </form>
      <Show when={byExpiry()}>
        <p class="muted" role="note">{w('byExpiry')}</p>
      </Show>
      <DataTable
        label={t('workers')}
        columns={columns()}
        reloadKey={query}
        sorting={() => (byExpiry() ? [] : sorting())}
        onSortingChange={setSorting}
        onRowClick={(r) => navigate(`/workers/${r.id}`)}
        emptyText={() => (filtered() ? w('noMatch') : w('noneYet'))}
        fetchPage={(cursor) => api<Page<WorkerRow>>('GET', pageUrl(`/api/v1/workers?${query()}`, cursor))}
      />
    </section>
  )
}
