import type { ColumnDef } from '@tanstack/solid-table'
import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { facilityTypes, OrgUnitUpdate, ownerships } from '../../../functions/core/orgunit/schema'
import { CsvDownload } from '../components/CsvDownload'
import { DataTable, type Page } from '../components/DataTable'
import { SelectField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import { api, pageUrl } from '../lib/api'
import { t, tStatus } from '../lib/i18n'
import { label, optionsOf } from '../lib/labels'
import { errorText } from '../lib/problems'
import { cadreName, refreshUnits, useCadres, useUnits } from '../lib/reference'
import { navigate } from '../lib/router'
import { hasRole } from '../lib/session'
import { count, words } from '../lib/words'
import { WorkplaceCell, type WorkerRow } from './Workers'

type Node = { id: string; kind: 'unit' | 'facility'; name: string; level?: string; parentId?: string; path: string; depth: number; codes?: { mfl?: string; dhis2?: string }; facilityType?: string; ownership?: string; coordinates?: { lat: number; lng: number }; version: number }

const w = words({
  en: {
    facility: 'Facility',
    unit: 'Administrative unit',
    mfl: 'Facility list code (MFL)',
    dhis2: 'DHIS2 code',
    coordinates: 'Coordinates',
    lat: 'Latitude',
    lng: 'Longitude',
    parent: 'Part of',
    map: 'map',
    staff: 'Staff',
    staffCsv: 'Download the staff list (CSV)',
    byCadre: 'Staff by cadre',
    orMore: '{n} or more',
    noStaff: 'No health workers here yet.',
    noMatch: 'No worker of this cadre here.',
    total: 'All cadres',
    within: 'Units and facilities within',
    none: 'None.',
    editTitle: 'Change {name}',
    saved: 'Saved.',
    country: 'Country',
    noCodes: '—',
  },
  fr: {
    facility: 'Structure',
    unit: 'Unité administrative',
    mfl: 'Code de la liste des structures (MFL)',
    dhis2: 'Code DHIS2',
    coordinates: 'Coordonnées',
    lat: 'Latitude',
    lng: 'Longitude',
    parent: 'Fait partie de',
    map: 'carte',
    staff: 'Personnel',
    staffCsv: 'Télécharger la liste du personnel (CSV)',
    byCadre: 'Personnel par cadre',
    orMore: '{n} ou plus',
    noStaff: 'Aucun agent de santé ici pour l’instant.',
    noMatch: 'Aucun agent de ce cadre ici.',
    total: 'Tous les cadres',
    within: 'Unités et structures rattachées',
    none: 'Aucune.',
    editTitle: 'Modifier {name}',
    saved: 'Enregistré.',
    country: 'Pays',
    noCodes: '—',
  },
  pt: {
    facility: 'Estrutura',
    unit: 'Unidade administrativa',
    mfl: 'Código da lista de estruturas (MFL)',
    dhis2: 'Código DHIS2',
    coordinates: 'Coordenadas',
    lat: 'Latitude',
    lng: 'Longitude',
    parent: 'Faz parte de',
    map: 'mapa',
    staff: 'Pessoal',
    staffCsv: 'Descarregar a lista do pessoal (CSV)',
    byCadre: 'Pessoal por categoria',
    orMore: '{n} ou mais',
    noStaff: 'Ainda não há profissionais de saúde aqui.',
    noMatch: 'Nenhum profissional desta categoria aqui.',
    total: 'Todas as categorias',
    within: 'Unidades e estruturas abrangidas',
    none: 'Nenhuma.',
    editTitle: 'Alterar {name}',
    saved: 'Guardado.',
    country: 'País',
    noCodes: '—',
  },
})

const link = (id: string, text: string) => (
  <a href={`/org-units/${id}`} onClick={(e) => (e.preventDefault(), navigate(`/org-units/${id}`))}>
    {text}
  </a>
)

/** One unit or facility: where it sits, its codes and place, who works there (by cadre), and an edit form. */
export function UnitPage(props: { id: string }) {
  const [tick, setTick] = createSignal(0)
  const [node] = createResource(() => ({ id: props.id, tick: tick() }), ({ id }) => api<Node>('GET', `/api/v1/org-units/${id}`))
  const [units] = useUnits()
  const [cadres] = useCadres()
  const [cadre, setCadre] = createSignal('')
  const [editing, setEditing] = createSignal(false)
  const [notice, setNotice] = createSignal('')
  // a first page of staff for the counts by cadre (an index query; a big region shows "N or more")
  const [sample] = createResource(() => props.id, (id) => api<Page<WorkerRow>>('GET', `/api/v1/workers?orgUnitId=${id}&limit=200`))
  const byCadre = createMemo(() => {
    const counts = new Map<string, number>()
    for (const r of sample()?.items ?? []) counts.set(r.cadreId, (counts.get(r.cadreId) ?? 0) + 1)
    return [...counts].sort((a, b) => b[1] - a[1])
  })
  const more = () => !!sample()?.cursor
  const shownCount = (n: number) => (more() ? w('orMore', { n: count(n) }) : count(n))
  const ancestors = () => (node()?.path ?? '').split('/').filter(Boolean).slice(0, -1).map((id) => units()?.find((u) => u.id === id)).filter(Boolean)
  const children = () => (units() ?? []).filter((u) => u.parentId === props.id)
  const canWrite = () => hasRole('ministry-admin', 'registrar', 'manager')
  const columns: ColumnDef<WorkerRow, any>[] = [
    { id: 'name', header: t('name'), cell: (c) => <a href={`/workers/${c.row.original.id}`} onClick={(e) => (e.preventDefault(), navigate(`/workers/${c.row.original.id}`))}>{c.row.original.familyName}, {c.row.original.givenName}</a> },
    { id: 'cadre', header: t('cadre'), cell: (c) => <>{cadreName(c.row.original.cadreId)}</> },
    { id: 'facility', header: t('facility'), cell: (c) => <WorkplaceCell row={c.row.original} /> },
    { accessorKey: 'status', header: t('status'), cell: (c) => <>{tStatus(c.getValue() as string)}</> },
  ]
  const editBody = (v: Record<string, string>) => {
    const n = node()!
    const body: Record<string, unknown> = {}
    if (v.name?.trim()) body.name = v.name.trim()
    if (n.kind === 'unit' && v.level?.trim()) body.level = v.level.trim()
    const codes: Record<string, string> = {}
    if (v.mfl?.trim()) codes.mfl = v.mfl.trim()
    if (v.dhis2?.trim()) codes.dhis2 = v.dhis2.trim()
    if (Object.keys(codes).length) body.codes = codes
    if (n.kind === 'facility') {
      if (v.facilityType) body.facilityType = v.facilityType
      if (v.ownership) body.ownership = v.ownership
      if (v.lat?.trim() || v.lng?.trim()) body.coordinates = { lat: Number(v.lat), lng: Number(v.lng) }
    }
    return body
  }
  return (
    <Show when={node()} fallback={<p role={node.error ? 'alert' : 'status'}>{node.error ? errorText(node.error) : t('loading')}</p>}>
      {(n) => (
        <section>
          <nav aria-label={w('parent')} class="crumbs">
            <For each={ancestors()}>{(a) => <>{link(a!.id, a!.name)} › </>}</For>
          </nav>
          <div class="heading">
            <h1>
              {n().name} <span class="badge">{n().kind === 'facility' ? label('facilityType', n().facilityType) : (n().level ?? w('unit'))}</span>
            </h1>
            <Show when={canWrite()}>
              <button onClick={() => setEditing(true)}>{t('edit')}</button>
            </Show>
          </div>
          <Show when={notice()}>
            <p class="notice" role="status">{notice()}</p>
          </Show>
          <section class="card">
            <dl class="facts">
              <dt>{t('kind')}</dt>
              <dd>{n().kind === 'facility' ? w('facility') : w('unit')}</dd>
              <Show when={n().kind === 'facility'}>
                <dt>{t('ownership')}</dt>
                <dd>{label('ownership', n().ownership)}</dd>
              </Show>
              <dt>{w('mfl')}</dt>
              <dd>{n().codes?.mfl ?? w('noCodes')}</dd>
              <dt>{w('dhis2')}</dt>
              <dd>{n().codes?.dhis2 ?? w('noCodes')}</dd>
              <Show when={n().kind === 'facility'}>
                <dt>{w('coordinates')}</dt>
                <dd>
                  <Show when={n().coordinates} fallback="—">
                    {(c) => <>{c().lat.toFixed(5)}, {c().lng.toFixed(5)}</>}
                  </Show>
                </dd>
              </Show>
            </dl>
          </section>
          <section class="card">
            <h2>{w('byCadre')}</h2>
            <Show when={byCadre().length} fallback={<p class="muted">{sample.loading ? t('loading') : w('noStaff')}</p>}>
              <table class="counts">
                <tbody>
                  <For each={byCadre()}>
                    {([id, n]) => (
                      <tr>
                        <th scope="row">{cadreName(id)}</th>
                        <td>{shownCount(n)}</td>
                      </tr>
                    )}
                  </For>
                  <tr class="total">
                    <th scope="row">{w('total')}</th>
                    <td>{shownCount(sample()?.items.length ?? 0)}</td>
                  </tr>
                </tbody>
              </table>
            </Show>
          </section>
          <section class="card">
            <h2>{w('staff')}</h2>
            <div class="filters">
              <SelectField id="unit-cadre" label={t('cadre')} value={cadre()} placeholder={t('any')} options={(cadres() ?? []).map((c) => ({ value: c.id, label: c.name }))} onChange={setCadre} />
              <Show when={canWrite()}>
                <div class="actions">
                  <CsvDownload path={() => `/api/v1/exports/workers.csv?orgUnitId=${props.id}${cadre() ? `&cadreId=${cadre()}` : ''}`} fileName={() => `staff-${n().name.replace(/[^\p{L}\p{N}]+/gu, '-')}.csv`} label={w('staffCsv')} />
                </div>
              </Show>
            </div>
            <DataTable
              label={`${w('staff')}: ${n().name}`}
              columns={columns}
              reloadKey={() => `${props.id}|${cadre()}`}
              emptyText={() => (cadre() ? w('noMatch') : w('noStaff'))}
              fetchPage={(cursor) => api<Page<WorkerRow>>('GET', pageUrl(`/api/v1/workers?orgUnitId=${props.id}&limit=25${cadre() ? `&cadreId=${cadre()}` : ''}`, cursor))}
            />
          </section>
          <Show when={n().kind === 'unit'}>
            <section class="card">
              <h2>{w('within')}</h2>
              <Show when={children().length} fallback={<p class="muted">{w('none')}</p>}>
                <ul class="children">
                  <For each={children()}>
                    {(c) => (
                      <li>
                        {link(c.id, c.name)} <span class="muted">{c.kind === 'facility' ? label('facilityType', c.facilityType) : (c.level ?? '')}</span>
                      </li>
                    )}
                  </For>
                </ul>
              </Show>
            </section>
          </Show>
          <Show when={editing()}>
            <FormDialog
              open
              onClose={() => setEditing(false)}
              title={w('editTitle', { name: n().name })}
              schema={OrgUnitUpdate}
              submitLabel={t('save')}
              initial={{ name: n().name, level: n().level ?? '', mfl: n().codes?.mfl ?? '', dhis2: n().codes?.dhis2 ?? '', facilityType: n().facilityType ?? '', ownership: n().ownership ?? '', lat: String(n().coordinates?.lat ?? ''), lng: String(n().coordinates?.lng ?? '') }}
              fields={[
                { name: 'name', label: t('name'), required: true },
                ...(n().kind === 'unit' ? [{ name: 'level', label: t('level') }] : []),
                ...(n().kind === 'facility'
                  ? [
                      { name: 'facilityType', label: t('type'), type: 'select' as const, options: optionsOf('facilityType', facilityTypes) },
                      { name: 'ownership', label: t('ownership'), type: 'select' as const, options: optionsOf('ownership', ownerships) },
                    ]
                  : []),
                { name: 'mfl', label: w('mfl') },
                { name: 'dhis2', label: w('dhis2') },
                ...(n().kind === 'facility' ? [{ name: 'lat', label: w('lat'), type: 'number' as const }, { name: 'lng', label: w('lng'), type: 'number' as const }] : []),
              ]}
              body={editBody}
              send={() => ({ method: 'PATCH', path: `/api/v1/org-units/${props.id}`, ifMatch: n().version, resource: `/api/v1/org-units/${props.id}`, label: w('editTitle', { name: n().name }) })}
              onDone={(_, queued) => {
                setNotice(queued ? t('savedOffline') : w('saved'))
                setTick(tick() + 1)
                void refreshUnits()
              }}
            />
          </Show>
        </section>
      )}
    </Show>
  )
}
