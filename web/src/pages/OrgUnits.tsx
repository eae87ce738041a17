import { createResource, createSignal, For, Show } from 'solid-js'
import { FacilityCreate, facilityTypes, OrgUnitCreate, ownerships } from '../../../functions/core/orgunit/schema'
import { JobProgress, type Job } from '../components/JobProgress'
import { SubForm } from '../components/SubForm'
import { UnitTree } from '../components/UnitTree'
import { api } from '../lib/api'
import { errorText } from '../lib/problems'
import { t } from '../lib/i18n'
import { optionsOf } from '../lib/labels'
import { allUnits, type Unit } from '../lib/reference'
import { hasRole } from '../lib/session'
import { count, words } from '../lib/words'

// said without a plural to get wrong ('units moved: 1')
const w = words({
  en: { moved: 'Units and facilities moved: {nodes}; health workers moved with them: {workers}.' },
  fr: { moved: 'Unités et structures déplacées : {nodes} ; personnels de santé déplacés avec elles : {workers}.' },
  pt: { moved: 'Unidades e estruturas movidas: {nodes}; profissionais de saúde movidos com elas: {workers}.' },
})

/** The country's hierarchy as an indented tree, with facilities as leaves. */
export function OrgUnits() {
  const [tick, setTick] = createSignal(0)
  const [units] = createResource(tick, allUnits)
  const [selected, setSelected] = createSignal<Unit | undefined>()
  const canWrite = () => hasRole('ministry-admin', 'registrar', 'manager')
  const [moving, setMoving] = createSignal('')
  const [moveJob, setMoveJob] = createSignal<Job | undefined>()
  /**
   * Moving a unit rewrites its subtree and the workers in it, as a job: the unit is under its new parent at
   * once (the tree reloads), and the user sees the rest of the subtree follow, then what moved.
   */
  const move = async (target: string) => {
    const unit = selected()
    if (!unit || !target) return
    setMoving('')
    setMoveJob(undefined)
    try {
      setMoveJob(await api<Job>('POST', `/api/v1/org-units/${unit.id}/move`, { body: { parentId: target }, ifMatch: unit.version }))
      setSelected(undefined)
      setTick(tick() + 1)
    } catch (err) {
      setMoving(errorText(err))
    }
  }
  const moved = (j: Job) => {
    const r = (j.result ?? {}) as { nodes?: number; workers?: number }
    return <p>{w('moved', { nodes: count(r.nodes ?? 0), workers: count(r.workers ?? 0) })}</p>
  }
  return (
    <section>
      <h1>{t('orgUnits')}</h1>
      {/* kept mounted while a change reloads the units, so the branches the user opened stay open */}
      <Show when={units()} fallback={<p role="status">{t('loading')}</p>}>
        {(list) => <UnitTree units={list()} selected={selected()} onSelect={setSelected} />}
      </Show>
      <Show when={canWrite()}>
        <Show when={selected()}>
          {(u) => (
            <div class="field move" role="group" aria-label={`${t('moveUnder')}: ${u().name}`}>
              <label for="move-to">{t('moveUnder')}: {u().name}</label>
              <select id="move-to" onChange={(e) => move(e.currentTarget.value)} disabled={!hasRole('ministry-admin', 'registrar')}>
                <option value="">{t('choose')}</option>
                <For each={(units() ?? []).filter((p) => p.kind === 'unit' && !p.path.startsWith(u().path) && p.id !== u().parentId)}>{(p) => <option value={p.id}>{p.name}</option>}</For>
              </select>
            </div>
          )}
        </Show>
        <Show when={moving()}>
          <p class="notice" role="status" aria-live="polite">{moving()}</p>
        </Show>
        <Show when={moveJob()} keyed>
          {(j) => <JobProgress job={j} summary={moved} onFinished={() => setTick(tick() + 1)} />}
        </Show>
        <SubForm id="ou-new" title={t('addUnit')} path="/api/v1/org-units" schema={OrgUnitCreate} onDone={() => setTick(tick() + 1)}
          fields={[{ name: 'name', label: t('name') }, { name: 'level', label: t('level') }, { name: 'parentId', label: t('orgUnit'), options: (units() ?? []).filter((u) => u.kind === 'unit').map((u) => ({ value: u.id, label: u.name })) }]} />
        <SubForm id="fac-new" title={t('addFacility')} path="/api/v1/facilities" schema={FacilityCreate} onDone={() => setTick(tick() + 1)}
          fields={[
            { name: 'name', label: t('name') },
            { name: 'parentId', label: t('orgUnit'), options: (units() ?? []).filter((u) => u.kind === 'unit').map((u) => ({ value: u.id, label: u.name })) },
            { name: 'facilityType', label: t('type'), options: optionsOf('facilityType', facilityTypes) },
            { name: 'ownership', label: t('ownership'), options: optionsOf('ownership', ownerships) },
          ]} />
      </Show>
    </section>
  )
}
