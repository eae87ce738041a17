import type { ColumnDef, SortingState } from '@tanstack/solid-table'
import { createSignal, For, Show } from 'solid-js'
import { DataTable, type Page } from '../components/DataTable'
import { pageUrl, api } from '../lib/api'
import { t, tStatus } from '../lib/i18n'
import { useCadres, useUnits, unitLabel } from '../lib/reference'
import { navigate } from '../lib/router'
import { hasRole } from '../lib/session'

export type WorkerRow = { id: string; givenName: string; familyName: string; sex: string; birthDate: string; nationalId?: string; cadreId: string; status: string; facilityId?: string; path: string }

const statuses = ['active', 'on-leave', 'suspended', 'exited', 'deceased']

export function Workers() {
  const [cadres] = useCadres()
  const [units] = useUnits()
  const [q, setQ] = createSignal('')
  const [filters, setFilters] = createSignal<Record<string, string>>({})
  const [sorting, setSorting] = createSignal<SortingState>([])
  let debounce: ReturnType<typeof setTimeout> | undefined
  const cadreName = (id: string) => cadres()?.find((c) => c.id === id)?.name ?? ''
  const unitName = (id?: string) => (id ? (units()?.find((u) => u.id === id)?.name ?? '') : '')
  const setFilter = (name: string, value: string) => setFilters({ ...filters(), [name]: value })

  const query = () => {
    const params = new URLSearchParams({ limit: '25' })
    if (q().trim()) params.set('q', q().trim())
    for (const [k, v] of Object.entries(filters())) if (v) params.set(k, v)
    const s = sorting()[0]
    if (s) params.set('sort', s.desc ? '-name' : 'name')
    return params.toString()
  }
  const columns: ColumnDef<WorkerRow, any>[] = [
    { id: 'name', header: t('name'), accessorFn: (w) => `${w.familyName}, ${w.givenName}`, enableSorting: true },
    { accessorKey: 'nationalId', header: t('nationalId'), enableSorting: false },
    // cells, not accessors: they re-render when the pickers' data arrives
    { id: 'cadre', header: t('cadre'), cell: (c) => cadreName(c.row.original.cadreId), enableSorting: false },
    { id: 'facility', header: t('facility'), cell: (c) => unitName(c.row.original.facilityId), enableSorting: false },
    { accessorKey: 'sex', header: t('sex'), enableSorting: false },
    { accessorKey: 'birthDate', header: t('birthDate'), enableSorting: false },
    { accessorKey: 'status', header: t('status'), cell: (c) => tStatus(c.getValue() as string), enableSorting: false },
  ]
  return (
    <section>
      <div class="heading">
        <h1>{t('workers')}</h1>
        <Show when={hasRole('ministry-admin', 'registrar', 'manager')}>
          <button onClick={() => navigate('/workers/new')}>{t('newWorker')}</button>
        </Show>
      </div>
      <form class="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="q">{t('search')}</label>
          <input id="q" type="search" placeholder={t('searchPlaceholder')} value={q()} onInput={(e) => {
            const v = e.currentTarget.value
            clearTimeout(debounce)
            debounce = setTimeout(() => setQ(v), 250)
          }} />
        </div>
        <div class="field">
          <label for="f-cadre">{t('cadre')}</label>
          <select id="f-cadre" onChange={(e) => setFilter('cadreId', e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            <For each={cadres()}>{(c) => <option value={c.id}>{c.name}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="f-unit">{t('subtree')}</label>
          <select id="f-unit" onChange={(e) => setFilter('orgUnitId', e.currentTarget.value)}>
            <option value="">{t('everywhere')}</option>
            <For each={units()}>{(u) => <option value={u.id}>{unitLabel(u)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="f-status">{t('status')}</label>
          <select id="f-status" onChange={(e) => setFilter('status', e.currentTarget.value)}>
            <option value="">{t('any')}</option>
            <For each={statuses}>{(s) => <option value={s}>{tStatus(s)}</option>}</For>
          </select>
        </div>
        <div class="field">
          <label for="f-exp">{t('licenceExpiringBefore')}</label>
          <input id="f-exp" type="date" onChange={(e) => setFilter('licenceExpiringBefore', e.currentTarget.value)} />
        </div>
      </form>
      <DataTable
        label={t('workers')}
        columns={columns}
        reloadKey={query}
        sorting={sorting}
        onSortingChange={setSorting}
        onRowClick={(w) => navigate(`/workers/${w.id}`)}
        fetchPage={(cursor) => api<Page<WorkerRow>>('GET', pageUrl(`/api/v1/workers?${query()}`, cursor))}
      />
    </section>
  )
}
