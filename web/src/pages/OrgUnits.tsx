import { createResource, createSignal, For, Show } from 'solid-js'
import { FacilityCreate, facilityTypes, OrgUnitCreate, ownerships } from '../../../functions/core/orgunit/schema'
import { SubForm } from '../components/SubForm'
import { t } from '../lib/i18n'
import { allUnits, type Unit } from '../lib/reference'
import { hasRole } from '../lib/session'

/** The country's hierarchy as an indented tree, with facilities as leaves. */
export function OrgUnits() {
  const [tick, setTick] = createSignal(0)
  const [units] = createResource(tick, allUnits)
  const [selected, setSelected] = createSignal<Unit | undefined>()
  const canWrite = () => hasRole('ministry-admin', 'registrar', 'manager')
  return (
    <section>
      <h1>{t('orgUnits')}</h1>
      <Show when={!units.loading} fallback={<p role="status">{t('loading')}</p>}>
        <ul class="tree" role="tree" aria-label={t('orgUnits')}>
          <For each={units()}>
            {(u) => (
              <li role="treeitem" aria-level={u.depth + 1} aria-selected={selected()?.id === u.id} style={{ 'padding-left': `${u.depth * 1.25}rem` }}>
                <button class="link" onClick={() => setSelected(u)}>
                  {u.kind === 'facility' ? '◦' : '▸'} {u.name}
                </button>{' '}
                <span class="muted">{u.kind === 'facility' ? `${u.facilityType} · ${u.ownership}` : (u.level ?? '')}</span>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <Show when={canWrite()}>
        <p class="muted">{selected() ? `${t('subtree')}: ${selected()!.name} (${selected()!.id})` : ''}</p>
        <SubForm id="ou-new" title={t('addUnit')} path="/api/v1/org-units" schema={OrgUnitCreate} onDone={() => setTick(tick() + 1)}
          fields={[{ name: 'name', label: t('name') }, { name: 'level', label: t('level') }, { name: 'parentId', label: t('orgUnit'), options: (units() ?? []).filter((u) => u.kind === 'unit').map((u) => ({ value: u.id, label: u.name })) }]} />
        <SubForm id="fac-new" title={t('addFacility')} path="/api/v1/facilities" schema={FacilityCreate} onDone={() => setTick(tick() + 1)}
          fields={[
            { name: 'name', label: t('name') },
            { name: 'parentId', label: t('orgUnit'), options: (units() ?? []).filter((u) => u.kind === 'unit').map((u) => ({ value: u.id, label: u.name })) },
            { name: 'facilityType', label: t('type'), options: facilityTypes.map((f) => ({ value: f, label: f })) },
            { name: 'ownership', label: t('ownership'), options: ownerships.map((o) => ({ value: o, label: o })) },
          ]} />
      </Show>
    </section>
  )
}
