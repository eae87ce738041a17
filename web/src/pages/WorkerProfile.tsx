import { createResource, createSignal, For, Show, type JSX } from 'solid-js'
import { DeploymentCreate, DeploymentEnd, fundingSources } from '../../../functions/core/deployment/schema'
import { ExitCreate, exitKinds, exitReasons } from '../../../functions/core/exit/schema'
import { DisciplinaryAction, disciplinaryActions, LicenceCreate, LicenceRenewal } from '../../../functions/core/licence/schema'
import { TrainingCreate, trainingKinds } from '../../../functions/core/training/schema'
import { Changes } from '../components/Changes'
import { countryLabel } from '../components/CountrySelect'
import type { Page } from '../components/DataTable'
import { FormDialog } from '../components/FormDialog'
import { PhotoCard } from '../components/PhotoCard'
import { actionLabel, isRead } from '../lib/actions'
import { api } from '../lib/api'
import { t, tStatus } from '../lib/i18n'
import { label, optionsOf, when } from '../lib/labels'
import { errorText } from '../lib/problems'
import { cadreName, unitById, unitPath } from '../lib/reference'
import { navigate } from '../lib/router'
import { hasRole, session } from '../lib/session'
import { day, today } from '../lib/words'
import { profileWords as w } from './profile-words'

type Row = Record<string, any>

function List(props: { title: string; rows: Row[] | undefined; columns: [string, (r: Row) => JSX.Element | string][]; action?: JSX.Element; children?: JSX.Element }) {
  return (
    <section class="card">
      <div class="card-head">
        <h2>{props.title}</h2>
        {props.action}
      </div>
      <Show when={props.rows?.length} fallback={<p class="muted">{w('noneRecorded')}</p>}>
        <div class="table-scroll">
          <table>
            <thead>
              <tr>
                <For each={props.columns}>{([h]) => <th scope="col">{h}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.rows}>{(r) => <tr><For each={props.columns}>{([h, cell]) => <td data-label={h}>{cell(r)}</td>}</For></tr>}</For>
            </tbody>
          </table>
        </div>
      </Show>
      {props.children}
    </section>
  )
}

const link = (href: string, text: string) => (
  <a href={href} onClick={(e) => (e.preventDefault(), navigate(href))}>
    {text}
  </a>
)

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
  const history = get<Page<Row>>(`${base}/history?limit=100`)
  const [tenant] = createResource(() => session()?.membership.scope.id, (id) => api<{ councils?: string[] }>('GET', `/api/v1/tenants/${id}`).catch(() => ({ councils: [] })))
  const canWrite = () => hasRole('ministry-admin', 'registrar', 'manager')
  const [dialog, setDialog] = createSignal<{ kind: string; row?: Row } | null>(null)
  const [notice, setNotice] = createSignal('')
  const open = (kind: string, row?: Row) => setDialog({ kind, row })
  const close = () => setDialog(null)
  const done = (_: unknown, queued: boolean) => {
    setNotice(queued ? t('savedOffline') : t('saved'))
    reload()
  }
  const current = () => deployments()?.items.find((d) => !d.endDate)
  const active = () => !['exited', 'deceased', 'merged'].includes(worker()?.status)
  const changes = () => (history()?.items ?? []).filter((e) => !isRead(e.action))
  const councils = () => tenant()?.councils ?? []

  return (
    <Show when={worker()} fallback={<p role={worker.error ? 'alert' : 'status'}>{worker.error ? errorText(worker.error) : t('loading')}</p>}>
      {(wk) => (
        <div class="profile">
          <div class="heading">
            <h1>
              {wk().givenName} {wk().familyName} <span class={`badge ${wk().status}`}>{tStatus(wk().status)}</span>
            </h1>
            <Show when={canWrite() && wk().status !== 'merged'}>
              <div class="buttons">
                <button onClick={() => navigate(`/workers/${props.id}/edit`)}>{t('edit')}</button>
                <Show when={hasRole('ministry-admin', 'registrar')}>
                  <button class="secondary" onClick={() => navigate(`/workers/${props.id}/merge`)}>{w('merge')}</button>
                </Show>
                <Show when={active()}>
                  <button class="secondary" onClick={() => open('exit')}>{t('recordExit')}</button>
                </Show>
              </div>
            </Show>
          </div>
          <Show when={wk().status === 'merged' && wk().mergedInto}>
            <p class="notice">
              {w('mergedInto')} {link(`/workers/${wk().mergedInto}`, w('openSurvivor'))}
            </p>
          </Show>
          <Show when={notice()}>
            <p class="notice" role="status">{notice()}</p>
          </Show>

          <div class="profile-top">
            <section class="card where" aria-labelledby="where-h">
              <h2 id="where-h">{w('worksAt')}</h2>
              <Show
                when={current()}
                fallback={
                  <p>
                    {active() ? w('notDeployed') : w('notWorking')}
                    <Show when={wk().orgUnitId}>
                      {' '}
                      {w('belongsTo')} {link(`/org-units/${wk().orgUnitId}`, unitPath(wk().orgUnitId) || '…')}
                    </Show>
                  </p>
                }
              >
                {(d) => (
                  <>
                    <p class="big">{link(`/org-units/${d().facilityId}`, unitById(d().facilityId)?.name ?? d().facilityName)}</p>
                    <p class="muted">{unitPath(unitById(d().facilityId)?.parentId)}</p>
                    <p>
                      {d().position} · {w('since')} {day(d().startDate)} · {label('fundingSource', d().fundingSource)}
                    </p>
                  </>
                )}
              </Show>
            </section>
            <PhotoCard worker={wk()} canWrite={canWrite()} onSaved={done} />
          </div>

          <section class="card">
            <h2>{t('identity')}</h2>
            <dl class="facts">
              <dt>{t('nationalId')}</dt><dd>{wk().nationalId ?? '—'}</dd>
              <dt>{t('registryNumber')}</dt><dd>{wk().registryNumber ?? '—'}</dd>
              <dt>{t('sex')}</dt><dd>{label('sex', wk().sex)}</dd>
              <dt>{t('birthDate')}</dt><dd>{day(wk().birthDate)}</dd>
              <dt>{t('cadre')}</dt><dd>{cadreName(wk().cadreId) || '…'}</dd>
              <dt>{t('nationality')}</dt><dd>{countryLabel(wk().nationality)}</dd>
              <dt>{t('trainingCountry')}</dt><dd>{countryLabel(wk().trainingCountry)} ({label('trainingOrigin', wk().trainingOrigin)})</dd>
              <dt>{t('phone')}</dt><dd>{wk().contacts?.phone ?? '—'}</dd>
              <dt>{w('email')}</dt><dd>{wk().contacts?.email ?? '—'}</dd>
            </dl>
          </section>

          <List
            title={t('licences')}
            rows={licences()?.items}
            action={<Show when={canWrite() && active()}><button class="secondary" onClick={() => open('licence')}>+ {w('addLicence')}</button></Show>}
            columns={[
              [t('council'), (r) => r.council],
              [t('number'), (r) => r.number],
              [t('expiresAt'), (r) => day(r.expiresAt)],
              [t('status'), (r) => <span class={`badge ${r.status}`}>{tStatus(r.status)}</span>],
              [
                w('actions'),
                (r) => (
                  <Show when={canWrite()} fallback="">
                    <span class="row-actions">
                      <Show when={!['suspended', 'revoked'].includes(r.status)}>
                        <button class="link" onClick={() => open('renew', r)} aria-label={`${t('renew')} ${r.number}`}>{t('renew')}…</button>
                      </Show>
                      <button class="link" onClick={() => open('discipline', r)} aria-label={`${w('licenceAction')} ${r.number}`}>{w('licenceAction')}…</button>
                    </span>
                  </Show>
                ),
              ],
            ]}
          />

          <List
            title={t('deployments')}
            rows={deployments()?.items}
            action={<Show when={canWrite() && active()}><button class="secondary" onClick={() => open('deploy')}>+ {w('deploy')}</button></Show>}
            columns={[
              [t('facility'), (r) => link(`/org-units/${r.facilityId}`, r.facilityName)],
              [t('position'), (r) => r.position],
              [t('startDate'), (r) => day(r.startDate)],
              [t('endDate'), (r) => (r.endDate ? `${day(r.endDate)}${r.endReason ? ` (${endReasonText(r.endReason)})` : ''}` : canWrite() ? <button class="link" onClick={() => open('end', r)} aria-label={`${w('endDeployment')} ${r.facilityName}`}>{w('endDeployment')}…</button> : '—')],
              [t('fundingSource'), (r) => label('fundingSource', r.fundingSource)],
            ]}
          />

          <List
            title={t('training')}
            rows={training()?.items}
            action={<Show when={canWrite()}><button class="secondary" onClick={() => open('training')}>+ {w('addTraining')}</button></Show>}
            columns={[[t('kind'), (r) => label('trainingKind', r.kind)], [t('title'), (r) => r.title], [t('credits'), (r) => String(r.credits ?? '—')]]}
          />

          <List
            title={t('exits')}
            rows={exits()?.items}
            columns={[[t('date'), (r) => day(r.date)], [t('kind'), (r) => label('exitKind', r.kind)], [t('reason'), (r) => label('exitReason', r.reason)], [t('destination'), (r) => countryLabel(r.destinationCountry)]]}
          />

          <section class="card">
            <h2>{t('history')}</h2>
            <Show when={changes().length} fallback={<p class="muted">{w('noneRecorded')}</p>}>
              <ol class="history">
                <For each={changes()}>
                  {(e) => (
                    <li>
                      <p>
                        <strong>{actionLabel(e.action)}</strong> <span class="muted">— {when(e.at)}, {e.actor?.email ?? e.actor?.id}</span>
                      </p>
                      <Changes before={e.before} after={e.after} />
                    </li>
                  )}
                </For>
              </ol>
            </Show>
          </section>

          <Show when={dialog()} keyed>
            {(d) => <ProfileDialog kind={d.kind} row={d.row} worker={wk()} base={base} councils={councils()} openDeployments={(deployments()?.items ?? []).filter((x) => !x.endDate)} activeLicences={(licences()?.items ?? []).filter((l) => l.status === 'active')} onClose={close} onDone={done} />}
          </Show>
        </div>
      )}
    </Show>
  )
}

const endReasonText = (reason: string) => (reason === 'transfer' ? w('transfer') : reason.startsWith('exit: ') ? `${w('exit')}: ${label('exitReason', reason.slice(6))}` : reason)

/** The profile's actions, each a dialog with its own form, validated with the API's schema. */
function ProfileDialog(props: { kind: string; row?: Row; worker: Row; base: string; councils: string[]; openDeployments: Row[]; activeLicences: Row[]; onClose: () => void; onDone: (r: unknown, queued: boolean) => void }) {
  const name = `${props.worker.givenName} ${props.worker.familyName}`
  const r = props.row ?? {}
  const common = { open: true, onClose: props.onClose, onDone: props.onDone }
  const councilField = props.councils.length
    ? { name: 'council', label: t('council'), type: 'select' as const, options: props.councils.map((c) => ({ value: c, label: c })) }
    : { name: 'council', label: t('council'), hint: w('councilHint') }
  switch (props.kind) {
    case 'renew':
      return (
        <FormDialog {...common} title={`${t('renew')}: ${r.council} ${r.number}`} schema={LicenceRenewal} submitLabel={t('renew')}
          intro={<p>{w('currentExpiry')}: <strong>{day(r.expiresAt)}</strong></p>}
          fields={[{ name: 'expiresAt', label: w('newExpiry'), type: 'date', min: r.expiresAt }, { name: 'note', label: w('note'), type: 'textarea' }]}
          send={() => ({ method: 'POST', path: `${props.base}/licences/${r.id}/renewals`, ifMatch: r.version, resource: `${props.base}/licences`, label: `${t('renew')} ${r.number} — ${name}` })} />
      )
    case 'discipline':
      return (
        <FormDialog {...common} title={`${w('licenceAction')}: ${r.council} ${r.number}`} schema={DisciplinaryAction} submitLabel={w('record')}
          initial={{ date: today() }}
          intro={<p>{w('disciplineHelp')} <span class={`badge ${r.status}`}>{tStatus(r.status)}</span></p>}
          fields={[
            { name: 'action', label: w('action'), type: 'select', options: disciplinaryActions.filter((a) => (r.status === 'revoked' ? a === 'reinstatement' : a !== 'reinstatement' || r.status === 'suspended')).map((a) => ({ value: a, label: w(`da_${a}`) })) },
            { name: 'date', label: t('date'), type: 'date' },
            { name: 'note', label: w('note'), type: 'textarea' },
          ]}
          send={(b) => ({ method: 'POST', path: `${props.base}/licences/${r.id}/actions`, ifMatch: r.version, label: `${w(`da_${b.action as 'warning'}`)} ${r.number} — ${name}` })} />
      )
    case 'licence':
      return (
        <FormDialog {...common} title={`${w('addLicence')} — ${name}`} schema={LicenceCreate} submitLabel={t('add')}
          fields={[councilField, { name: 'number', label: t('number') }, { name: 'issuedAt', label: t('issuedAt'), type: 'date', max: today() }, { name: 'expiresAt', label: t('expiresAt'), type: 'date' }]}
          send={() => ({ method: 'POST', path: `${props.base}/licences`, label: `${w('addLicence')} — ${name}` })} />
      )
    case 'end':
      return (
        <FormDialog {...common} title={`${w('endDeployment')}: ${r.facilityName}`} schema={DeploymentEnd} submitLabel={w('endDeployment')}
          initial={{ endDate: today() }}
          intro={<p>{w('endHelp')}</p>}
          fields={[{ name: 'endDate', label: t('endDate'), type: 'date', min: r.startDate }, { name: 'reason', label: t('reason'), type: 'textarea' }]}
          send={() => ({ method: 'PATCH', path: `${props.base}/deployments/${r.id}`, ifMatch: r.version, label: `${w('endDeployment')} ${r.facilityName} — ${name}` })} />
      )
    case 'deploy':
      return (
        <FormDialog {...common} title={`${w('deploy')} — ${name}`} schema={DeploymentCreate} submitLabel={w('deploy')}
          initial={{ startDate: today(), position: cadreName(props.worker.cadreId), fundingSource: 'government' }}
          intro={<Show when={props.openDeployments.length}><p class="notice">{w('transferHelp', { facility: props.openDeployments.map((d) => d.facilityName).join(', ') })}</p></Show>}
          fields={[
            { name: 'facilityId', label: t('facility'), type: 'facility' },
            { name: 'position', label: t('position') },
            { name: 'startDate', label: t('startDate'), type: 'date' },
            { name: 'fundingSource', label: t('fundingSource'), type: 'select', options: optionsOf('fundingSource', fundingSources) },
          ]}
          send={() => ({ method: 'POST', path: `${props.base}/deployments`, label: `${w('deploy')} — ${name}` })} />
      )
    case 'training':
      return (
        <FormDialog {...common} title={`${w('addTraining')} — ${name}`} schema={TrainingCreate} submitLabel={t('add')}
          fields={[{ name: 'kind', label: t('kind'), type: 'select', options: optionsOf('trainingKind', trainingKinds) }, { name: 'title', label: t('title') }, { name: 'credits', label: t('credits'), type: 'number' }]}
          send={() => ({ method: 'POST', path: `${props.base}/training`, label: `${w('addTraining')} — ${name}` })} />
      )
    case 'exit':
      return (
        <FormDialog {...common} title={`${t('recordExit')} — ${name}`} schema={ExitCreate} submitLabel={t('recordExit')} danger
          initial={{ date: today() }}
          fields={[
            { name: 'kind', label: t('kind'), type: 'select', options: optionsOf('exitKind', exitKinds) },
            { name: 'reason', label: t('reason'), type: 'select', options: optionsOf('exitReason', exitReasons) },
            { name: 'date', label: t('date'), type: 'date' },
            { name: 'destinationCountry', label: t('destination'), type: 'country', when: (v) => v.reason === 'emigration', required: true },
            { name: 'note', label: w('note'), type: 'textarea' },
          ]}
          send={() => ({ method: 'POST', path: `${props.base}/exits`, label: `${t('recordExit')} — ${name}` })}>
          <div class="effects" role="note">
            <p><strong>{w('effects')}</strong></p>
            <ul>
              <li>{w('effectStatus')}</li>
              <Show when={props.openDeployments.length} fallback={<li>{w('effectNoDeployment')}</li>}>
                <li>{w('effectDeployments', { facility: props.openDeployments.map((d) => d.facilityName).join(', ') })}</li>
              </Show>
              <Show when={props.activeLicences.length} fallback={<li>{w('effectNoLicence')}</li>}>
                <li>{w('effectLicences', { licences: props.activeLicences.map((l) => `${l.council} ${l.number} (${day(l.expiresAt)})`).join('; ') })}</li>
              </Show>
            </ul>
          </div>
        </FormDialog>
      )
    default:
      return null
  }
}

