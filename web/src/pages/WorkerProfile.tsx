import { createResource, createSignal, For, Show, type JSX } from 'solid-js'
import { DeploymentCreate } from '../../../functions/core/deployment/schema'
import { ExitCreate, exitKinds, exitReasons } from '../../../functions/core/exit/schema'
import { LicenceCreate } from '../../../functions/core/licence/schema'
import { TrainingCreate, trainingKinds } from '../../../functions/core/training/schema'
import type { Page } from '../components/DataTable'
import { SubForm } from '../components/SubForm'
import { api } from '../lib/api'
import { discard, submit } from '../lib/outbox'
import { t, tStatus } from '../lib/i18n'
import { label, optionsOf, when } from '../lib/labels'
import { useCadres, useUnits } from '../lib/reference'
import { navigate } from '../lib/router'
import { hasRole } from '../lib/session'

type Row = Record<string, any>

function List(props: { title: string; rows: Row[] | undefined; columns: [string, (r: Row) => JSX.Element | string][]; children?: JSX.Element }) {
  return (
    <section class="card">
      <h2>{props.title}</h2>
      <Show when={props.rows?.length} fallback={<p class="muted">{t('empty')}</p>}>
        <table>
          <thead>
            <tr>
              <For each={props.columns}>{([h]) => <th scope="col">{h}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={props.rows}>{(r) => <tr><For each={props.columns}>{([, cell]) => <td>{cell(r)}</td>}</For></tr>}</For>
          </tbody>
        </table>
      </Show>
      {props.children}
    </section>
  )
}

export function WorkerProfile(props: { id: string }) {
  const [tick, setTick] = createSignal(0)
  const reload = () => setTick(tick() + 1)
  const base = `/api/v1/workers/${props.id}`
  const get = <T,>(path: string) => createResource(tick, () => api<T>('GET', path))[0]
  const worker = get<Row>(base)
  const licences = get<Page<Row>>(`${base}/licences`)
  const deployments = get<Page<Row>>(`${base}/deployments`)
  const training = get<Page<Row>>(`${base}/training`)
  const exits = get<Page<Row>>(`${base}/exits`)
  const history = get<Page<Row>>(`${base}/history?limit=50`)
  const [cadres] = useCadres()
  const [units] = useUnits()
  const canWrite = () => hasRole('ministry-admin', 'registrar', 'manager')
  const facilities = () => (units() ?? []).filter((u) => u.kind === 'facility').map((u) => ({ value: u.id, label: u.name }))
  const cadreName = (id: string) => cadres()?.find((c) => c.id === id)?.name ?? id
  /** A one-field change to a child record (renew a licence, end a deployment), through the outbox. */
  const quick = async (label: string, path: string, version: number, field: string, method: 'POST' | 'PATCH' = 'POST') => {
    const value = prompt(`${label} (YYYY-MM-DD)`)
    if (!value) return
    const landed = await submit({ label, method, path, body: { [field]: value }, ifMatch: version, resource: base })
    if (landed.status === 'refused' && landed.problem.status !== 412) {
      discard(landed.opId)
      alert(landed.problem.detail)
    }
    reload()
  }

  return (
    <Show when={worker()} fallback={<p role="status">{worker.error ? String(worker.error.message) : t('loading')}</p>}>
      {(w) => (
        <div class="profile">
          <div class="heading">
            <h1>
              {w().givenName} {w().familyName} <span class={`badge ${w().status}`}>{tStatus(w().status)}</span>
            </h1>
            <Show when={canWrite()}>
              <button onClick={() => navigate(`/workers/${props.id}/edit`)}>{t('edit')}</button>
            </Show>
          </div>
          <section class="card">
            <h2>{t('identity')}</h2>
            <dl class="facts">
              <dt>{t('nationalId')}</dt><dd>{w().nationalId ?? '—'}</dd>
              <dt>{t('registryNumber')}</dt><dd>{w().registryNumber ?? '—'}</dd>
              <dt>{t('sex')}</dt><dd>{label('sex', w().sex)}</dd>
              <dt>{t('birthDate')}</dt><dd>{w().birthDate}</dd>
              <dt>{t('cadre')}</dt><dd>{cadreName(w().cadreId)}</dd>
              <dt>{t('nationality')}</dt><dd>{w().nationality ?? '—'}</dd>
              <dt>{t('trainingCountry')}</dt><dd>{w().trainingCountry ?? '—'} ({label('trainingOrigin', w().trainingOrigin)})</dd>
              <dt>{t('phone')}</dt><dd>{w().contacts?.phone ?? '—'}</dd>
            </dl>
          </section>
          <List title={t('licences')} rows={licences()?.items} columns={[[t('council'), (r) => r.council], [t('number'), (r) => r.number], [t('expiresAt'), (r) => r.expiresAt], [t('status'), (r) => tStatus(r.status)],
            ['', (r) => (canWrite() && !['suspended', 'revoked'].includes(r.status) ? <button class="link" onClick={() => quick(`${t('renew')} ${r.number}`, `${base}/licences/${r.id}/renewals`, r.version, 'expiresAt')}>{t('renew')}</button> : '')]]}>
            <Show when={canWrite()}>
              <SubForm id={`lic-${props.id}`} title={t('licences')} path={`${base}/licences`} schema={LicenceCreate} onDone={reload}
                fields={[{ name: 'council', label: t('council') }, { name: 'number', label: t('number') }, { name: 'issuedAt', label: t('issuedAt'), type: 'date' }, { name: 'expiresAt', label: t('expiresAt'), type: 'date' }]} />
            </Show>
          </List>
          <List title={t('deployments')} rows={deployments()?.items} columns={[[t('facility'), (r) => r.facilityName], [t('position'), (r) => r.position], [t('startDate'), (r) => r.startDate], [t('endDate'), (r) => r.endDate ?? (canWrite() ? <button class="link" onClick={() => quick(`${t('endDate')}: ${r.facilityName}`, `${base}/deployments/${r.id}`, r.version, 'endDate', 'PATCH')}>{t('endDate')}…</button> : '—')], [t('fundingSource'), (r) => label('fundingSource', r.fundingSource)]]}>
            <Show when={canWrite()}>
              <SubForm id={`dep-${props.id}`} title={t('deployments')} path={`${base}/deployments`} schema={DeploymentCreate} onDone={reload}
                fields={[{ name: 'facilityId', label: t('facility'), options: facilities() }, { name: 'position', label: t('position') }, { name: 'startDate', label: t('startDate'), type: 'date' }]} />
            </Show>
          </List>
          <List title={t('training')} rows={training()?.items} columns={[[t('kind'), (r) => label('trainingKind', r.kind)], [t('title'), (r) => r.title], [t('credits'), (r) => String(r.credits ?? '—')]]}>
            <Show when={canWrite()}>
              <SubForm id={`trn-${props.id}`} title={t('training')} path={`${base}/training`} schema={TrainingCreate} onDone={reload}
                fields={[{ name: 'kind', label: t('kind'), options: optionsOf('trainingKind', trainingKinds) }, { name: 'title', label: t('title') }, { name: 'credits', label: t('credits'), type: 'number', number: true }]} />
            </Show>
          </List>
          <List title={t('exits')} rows={exits()?.items} columns={[[t('date'), (r) => r.date], [t('reason'), (r) => label('exitReason', r.reason)], [t('destination'), (r) => r.destinationCountry ?? '—']]}>
            <Show when={canWrite() && !['exited', 'deceased', 'merged'].includes(w().status)}>
              <SubForm id={`ext-${props.id}`} title={t('recordExit')} path={`${base}/exits`} schema={ExitCreate} onDone={reload}
                fields={[
                  { name: 'kind', label: t('kind'), options: optionsOf('exitKind', exitKinds) },
                  { name: 'reason', label: t('reason'), options: optionsOf('exitReason', exitReasons) },
                  { name: 'date', label: t('date'), type: 'date' },
                  { name: 'destinationCountry', label: t('destination'), upper: true },
                ]} />
            </Show>
          </List>
          <List title={t('history')} rows={history()?.items} columns={[[t('when'), (r) => when(r.at)], [t('action'), (r) => r.action], [t('who'), (r) => r.actor?.email ?? r.actor?.id]]} />
        </div>
      )}
    </Show>
  )
}
