import { createMemo, createSignal, For, Show } from 'solid-js'
import { normalizeName } from '../../../functions/core/util/text'
import { t } from '../lib/i18n'
import { label } from '../lib/labels'
import type { Unit } from '../lib/reference'
import { navigate } from '../lib/router'
import { words } from '../lib/words'

const w = words({ en: { open: 'staff and details' }, fr: { open: 'personnel et détails' }, pt: { open: 'pessoal e detalhes' } })

const ancestorsOf = (u: Unit) => u.path.split('/').filter(Boolean).slice(0, -1)

/**
 * The country's hierarchy as a tree that opens level by level (a country has thousands of facilities),
 * with each unit's facility count and a name filter that shows the matches with their ancestors.
 */
export function UnitTree(props: { units: Unit[]; selected?: Unit; onSelect: (u: Unit) => void }) {
  // the ids the user toggled: a top-level unit starts open (regions show their districts), others closed
  const [toggled, setToggled] = createSignal(new Set<string>())
  const roots = createMemo(() => new Set(props.units.filter((u) => !u.parentId).map((u) => u.id)))
  const isOpen = (id: string) => toggled().has(id) !== roots().has(id)
  const [filter, setFilter] = createSignal('')
  const counts = createMemo(() => {
    const children = new Map<string, number>()
    const facilities = new Map<string, number>()
    for (const u of props.units) {
      if (u.parentId) children.set(u.parentId, (children.get(u.parentId) ?? 0) + 1)
      if (u.kind === 'facility') for (const a of ancestorsOf(u)) facilities.set(a, (facilities.get(a) ?? 0) + 1)
    }
    return { children, facilities }
  })
  const visible = createMemo(() => {
    const q = normalizeName(filter())
    if (!q) return props.units.filter((u) => ancestorsOf(u).every(isOpen))
    const shown = new Set<string>()
    for (const u of props.units) if (normalizeName(u.name).includes(q)) for (const id of [...ancestorsOf(u), u.id]) shown.add(id)
    return props.units.filter((u) => shown.has(u.id))
  })
  const toggle = (u: Unit) => {
    const next = new Set(toggled())
    if (!next.delete(u.id)) next.add(u.id)
    setToggled(next)
  }
  return (
    <>
      <div class="field">
        <label for="tree-filter">{t('search')}</label>
        <input id="tree-filter" type="search" value={filter()} onInput={(e) => setFilter(e.currentTarget.value)} />
      </div>
      <ul class="tree" role="tree" aria-label={t('orgUnits')}>
        <For each={visible()}>
          {(u) => {
            const hasChildren = () => (counts().children.get(u.id) ?? 0) > 0
            const expanded = () => !!filter().trim() || isOpen(u.id)
            return (
              <li role="treeitem" aria-level={u.depth + 1} aria-selected={props.selected?.id === u.id} aria-expanded={hasChildren() ? expanded() : undefined} style={{ 'padding-left': `${u.depth * 1.25}rem` }}>
                <Show when={hasChildren()} fallback={<span class="toggle" aria-hidden="true">{u.kind === 'facility' ? '◦' : '·'}</span>}>
                  <button class="toggle link" aria-label={expanded() ? t('collapse') : t('expand')} onClick={() => toggle(u)} disabled={!!filter().trim()}>
                    {expanded() ? '▾' : '▸'}
                  </button>
                </Show>
                <button class="link" onClick={() => props.onSelect(u)}>{u.name}</button>{' '}
                <span class="muted">
                  {u.kind === 'facility'
                    ? `${label('facilityType', u.facilityType)} · ${label('ownership', u.ownership)}`
                    : `${u.level ?? ''}${u.level ? ' · ' : ''}${counts().facilities.get(u.id) ?? 0} ${t('facilitiesCount')}`}
                </span>{' '}
                <a class="open" href={`/org-units/${u.id}`} aria-label={`${w('open')}: ${u.name}`} onClick={(e) => (e.preventDefault(), navigate(`/org-units/${u.id}`))}>
                  {w('open')}
                </a>
              </li>
            )
          }}
        </For>
      </ul>
    </>
  )
}
