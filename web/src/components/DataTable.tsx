import { createSolidTable, flexRender, getCoreRowModel, type ColumnDef, type SortingState, type VisibilityState } from '@tanstack/solid-table'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { t } from '../lib/i18n'
import { errorText } from '../lib/problems'
import { count, words } from '../lib/words'

export type Page<T> = { items: T[]; cursor: string | null }

const w = words({
  en: { range: '{from}–{to} of {total}', many: 'many', none: 'No results', showing: 'Showing' },
  fr: { range: '{from}–{to} sur {total}', many: 'beaucoup', none: 'Aucun résultat', showing: 'Affichage' },
  pt: { range: '{from}–{to} de {total}', many: 'muitos', none: 'Nenhum resultado', showing: 'A mostrar' },
})

/**
 * The one table of the console: server-side cursor pagination (the API never counts or scans), column
 * visibility, and loading/empty states. Each list passes its columns and how to fetch a page.
 * The cursor belongs to the query it came from: a new query (search, filter, sort) starts at its first
 * page in the same request, never with the previous query's cursor.
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
  /** what an empty page means: no match for the filters, or nothing registered yet */
  emptyText?: () => string
  /** the size of the whole list when it is known without counting (otherwise "of many" until the last page) */
  total?: () => number | undefined
  /** on a phone, each row reads as a card (a cell a line, named by its column) instead of scrolling sideways */
  stacked?: boolean
}) {
  const key = createMemo(() => props.reloadKey?.())
  // the pages walked so far, for the key they were walked under: [cursor, first row number]
  const [walk, setWalk] = createSignal<{ key: unknown; pages: [string | null, number][] }>({ key: undefined, pages: [[null, 0]] })
  const pages = () => (walk().key === key() ? walk().pages : ([[null, 0]] as [string | null, number][]))
  const [visibility, setVisibility] = createSignal<VisibilityState>({})
  // a page keeps the row number it starts at: while the next one loads, the range still describes the rows shown
  const [page] = createResource(
    () => ({ key: key(), at: pages()[pages().length - 1]! }),
    async ({ at: [cursor, start] }) => ({ ...(await props.fetchPage(cursor)), start }),
  )
  const start = () => page.latest?.start ?? 0
  const go = (next: [string | null, number][]) => setWalk({ key: key(), pages: next })
  const range = () => {
    const items = page.latest?.items.length ?? 0
    if (!items) return ''
    const last = start() + items
    const total = page.latest?.cursor ? props.total?.() : last
    return w('range', { from: count(start() + 1), to: count(last), total: total === undefined ? w('many') : count(total) })
  }
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
    get enableSorting() {
      return !!props.onSortingChange
    },
    onSortingChange: (updater) => {
      const next = typeof updater === 'function' ? updater(props.sorting?.() ?? []) : updater
      props.onSortingChange?.(next)
    },
    onColumnVisibilityChange: (updater) => setVisibility(typeof updater === 'function' ? updater(visibility()) : updater),
    getCoreRowModel: getCoreRowModel(),
  })
  return (
    <div class="datatable">
      <details class="columns">
        <summary>{t('columns')}</summary>
        <For each={table.getAllLeafColumns().filter((c) => typeof c.columnDef.header === 'string' && c.columnDef.header)}>
          {(column) => (
            <label>
              <input type="checkbox" checked={column.getIsVisible()} onChange={column.getToggleVisibilityHandler()} /> {String(column.columnDef.header)}
            </label>
          )}
        </For>
      </details>
      <div class="table-scroll">
        {/* explicit roles when stacked: a table laid out as blocks would lose its table semantics in some browsers */}
        <table aria-label={props.label} aria-busy={page.loading} classList={{ stale: page.loading, stacked: !!props.stacked }} role={props.stacked ? 'table' : undefined}>
          <thead role={props.stacked ? 'rowgroup' : undefined}>
            <For each={table.getHeaderGroups()}>
              {(group) => (
                <tr role={props.stacked ? 'row' : undefined}>
                  <For each={group.headers}>
                    {(h) => (
                      <th scope="col" role={props.stacked ? 'columnheader' : undefined} aria-sort={h.column.getIsSorted() === 'asc' ? 'ascending' : h.column.getIsSorted() === 'desc' ? 'descending' : undefined}>
                        {h.column.getCanSort() ? (
                          <button type="button" class="sort" onClick={h.column.getToggleSortingHandler()}>
                            {flexRender(h.column.columnDef.header, h.getContext())} <span aria-hidden="true">{{ asc: '▲', desc: '▼' }[h.column.getIsSorted() as string] ?? '↕'}</span>
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
          <tbody role={props.stacked ? 'rowgroup' : undefined}>
            <For each={table.getRowModel().rows}>
              {(row) => (
                <tr role={props.stacked ? 'row' : undefined} classList={{ clickable: !!props.onRowClick }} onClick={(e) => !(e.target as HTMLElement).closest('a, button, select, input') && props.onRowClick?.(row.original)}>
                  <For each={row.getVisibleCells()}>
                    {(cell) => {
                      const name = typeof cell.column.columnDef.header === 'string' ? cell.column.columnDef.header : undefined
                      const content = () => flexRender(cell.column.columnDef.cell, cell.getContext())
                      // stacked: the column's name beside the value, shown on a phone only (screen readers have the header)
                      return (
                        <td role={props.stacked ? 'cell' : undefined} data-label={name} classList={{ labelled: !!(props.stacked && name) }}>
                          <Show when={props.stacked && name} fallback={content()}>
                            <span class="cell-label" aria-hidden="true">{name}</span>
                            <span class="cell-value">{content()}</span>
                          </Show>
                        </td>
                      )
                    }}
                  </For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={page.loading && !page.latest}>
        <p class="muted" role="status">{t('loading')}</p>
      </Show>
      <Show when={!page.loading && !page.error && page.latest?.items.length === 0}>
        <p class="empty" role="status">{props.emptyText?.() ?? w('none')}</p>
      </Show>
      <Show when={page.error}>
        <p class="error" role="alert">{errorText(page.error)}</p>
      </Show>
      <div class="pager">
        <button type="button" class="secondary" disabled={pages().length < 2} onClick={() => go(pages().slice(0, -1))}>
          {t('previous')}
        </button>
        <span class="range" aria-live="polite">{range()}</span>
        <button type="button" class="secondary" disabled={!page.latest?.cursor || page.loading} onClick={() => go([...pages(), [page.latest!.cursor, start() + page.latest!.items.length]])}>
          {t('next')}
        </button>
      </div>
    </div>
  )
}
