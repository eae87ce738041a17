import { createSolidTable, flexRender, getCoreRowModel, type ColumnDef, type SortingState, type VisibilityState } from '@tanstack/solid-table'
import { createEffect, createResource, createSignal, For, on, Show } from 'solid-js'
import { t } from '../lib/i18n'

export type Page<T> = { items: T[]; cursor: string | null }

/**
 * The one table of the console: server-side cursor pagination (the API never counts or scans), column
 * visibility, and loading/empty states. Each list passes its columns and how to fetch a page.
 */
export function DataTable<T>(props: {
  columns: ColumnDef<T, any>[]
  fetchPage: (cursor: string | null) => Promise<Page<T>>
  /** change it to reload from the first page (a filter changed, a record was added) */
  reloadKey?: () => unknown
  label: string
  /** server-side sorting: the table reports the column and direction, the page asks the API */
  sorting?: () => SortingState
  onSortingChange?: (next: SortingState) => void
  onRowClick?: (row: T) => void
}) {
  const [cursors, setCursors] = createSignal<(string | null)[]>([null])
  const [visibility, setVisibility] = createSignal<VisibilityState>({})
  const current = () => cursors()[cursors().length - 1] ?? null
  createEffect(on(() => props.reloadKey?.(), () => setCursors([null]), { defer: true }))
  const [page] = createResource(
    () => ({ cursor: current(), key: props.reloadKey?.() }),
    ({ cursor }) => props.fetchPage(cursor),
  )
  const table = createSolidTable({
    get data() {
      return page.latest?.items ?? []
    },
    get columns() {
      return props.columns
    },
    state: {
      get columnVisibility() {
        return visibility()
      },
      get sorting() {
        return props.sorting?.() ?? []
      },
    },
    manualSorting: true,
    enableSorting: !!props.onSortingChange,
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(props.sorting?.() ?? []) : updater
      setCursors([null])
      props.onSortingChange?.(next)
    },
    onColumnVisibilityChange: (updater) => setVisibility(typeof updater === 'function' ? updater(visibility()) : updater),
    getCoreRowModel: getCoreRowModel(),
  })
  return (
    <div class="datatable">
      <details class="columns">
        <summary>{t('columns')}</summary>
        <For each={table.getAllLeafColumns()}>
          {(column) => (
            <label>
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} />{' '}
              {String(column.columnDef.header ?? column.id)}
            </label>
          )}
        </For>
      </details>
      <table aria-label={props.label} aria-busy={page.loading}>
        <thead>
          <For each={table.getHeaderGroups()}>
            {(group) => (
              <tr>
                <For each={group.headers}>
                  {(h) => (
                    <th scope="col" aria-sort={h.column.getIsSorted() === 'asc' ? 'ascending' : h.column.getIsSorted() === 'desc' ? 'descending' : undefined}>
                      {h.column.getCanSort() ? (
                        <button class="sort" onClick={h.column.getToggleSortingHandler()}>
                          {flexRender(h.column.columnDef.header, h.getContext())} {{ asc: '▲', desc: '▼' }[h.column.getIsSorted() as string] ?? '↕'}
                        </button>
                      ) : (
                        flexRender(h.column.columnDef.header, h.getContext())
                      )}
                    </th>
                  )}
                </For>
              </tr>
            )}
          </For>
        </thead>
        <tbody>
          <For each={table.getRowModel().rows}>
            {(row) => (
              <tr
                classList={{ clickable: !!props.onRowClick }}
                tabIndex={props.onRowClick ? 0 : undefined}
                onClick={() => props.onRowClick?.(row.original)}
                onKeyDown={(e) => e.key === 'Enter' && props.onRowClick?.(row.original)}
              >
                <For each={row.getVisibleCells()}>{(cell) => <td>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>}</For>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={page.loading}>
        <p class="muted" role="status">{t('loading')}</p>
      </Show>
      <Show when={!page.loading && page.latest?.items.length === 0}>
        <p class="muted">{t('empty')}</p>
      </Show>
      <Show when={page.error}>
        <p class="error" role="alert">{String(page.error?.message ?? page.error)}</p>
      </Show>
      <div class="pager">
        <button disabled={cursors().length < 2} onClick={() => setCursors(cursors().slice(0, -1))}>
          {t('previous')}
        </button>
        <button disabled={!page.latest?.cursor} onClick={() => setCursors([...cursors(), page.latest!.cursor])}>
          {t('next')}
        </button>
      </div>
    </div>
  )
}
