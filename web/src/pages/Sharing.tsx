import { createResource, createSignal, For, Show } from 'solid-js'
import { Scroll } from '../components/ChartFigure'
import { Dhis2Mapping } from '../components/Dhis2Mapping'
import { Dialog } from '../components/Dialog'
import { Recount } from '../components/Recount'
import { SelectField } from '../components/Field'
import { api } from '../lib/api'
import { breakdownLabel, saveFile, textsOf, type Definition } from '../lib/figures'
import { t } from '../lib/i18n'
import { when } from '../lib/labels'
import { errorText } from '../lib/problems'
import { words } from '../lib/words'

const w = words({
  en: {
    title: 'Sharing and reporting periods',
    intro: 'Nothing leaves the country unless you share it here. Recipients see approved years only (and frozen drafts where you tick it), never a person, and never a count below the threshold.',
    shares: 'What you share, and with whom',
    indicator: 'Indicator',
    breakdown: 'Breakdown',
    recipient: 'Shared with',
    drafts: 'Drafts too',
    granted: 'Granted',
    notSaved: 'not saved yet',
    remove: 'Remove',
    removeLabel: 'Remove {what}',
    add: 'Add to the list',
    nothing: 'Nothing is shared.',
    threshold: 'Disclosure threshold',
    thresholdHint: 'The smallest count that may leave the country: 5 or more. Smaller counts, and figures that would reveal them, show as “<5”.',
    save: 'Save the sharing policy',
    saved: 'Saved. Recipients see the change at once.',
    unsaved: 'You have changes that are not saved.',
    partners: 'Your partner',
    donors: 'All donors',
    peers: 'Ministries of other countries',
    donor: 'Donor: {name}',
    yes: 'yes',
    no: 'no',
    periods: 'Reporting periods',
    periodsIntro: 'Freeze a year to keep its figures as they are; approve it to let the recipients above see it; reopen it with a reason if it must change.',
    year: 'Year',
    state: 'State',
    frozen: 'Frozen',
    approved: 'Approved',
    st_open: 'open (live figures)',
    st_frozen: 'frozen, not approved',
    st_approved: 'approved',
    by: '{date}, by {who}',
    freeze: 'Freeze',
    freezeYear: 'Freeze a year',
    approve: 'Approve',
    reopen: 'Reopen',
    reopenTitle: 'Reopen {year}',
    reason: 'Why it must change (kept in its history and the audit log)',
    history: 'History',
    dhis2: 'DHIS2 file',
    dhis2Download: 'DHIS2 export {year}',
    noPeriods: 'No year has been frozen yet.',
    done: 'Done: {year} is {state}.',
    action_freeze: 'freeze',
    action_approve: 'approve',
    action_reopen: 'reopen',
  },
  fr: {
    title: 'Partage et périodes de référence',
    intro: 'Rien ne sort du pays sans être partagé ici. Les destinataires ne voient que les années approuvées (et les brouillons figés si vous le cochez), jamais une personne, ni un effectif sous le seuil.',
    shares: 'Ce que vous partagez, et avec qui',
    indicator: 'Indicateur',
    breakdown: 'Ventilation',
    recipient: 'Partagé avec',
    drafts: 'Brouillons aussi',
    granted: 'Accordé',
    notSaved: 'pas encore enregistré',
    remove: 'Retirer',
    removeLabel: 'Retirer {what}',
    add: 'Ajouter à la liste',
    nothing: 'Rien n’est partagé.',
    threshold: 'Seuil de diffusion',
    thresholdHint: 'Le plus petit effectif qui peut sortir du pays : 5 ou plus. Les effectifs plus petits, et les chiffres qui les révéleraient, s’affichent « <5 ».',
    save: 'Enregistrer la politique de partage',
    saved: 'Enregistré. Les destinataires voient le changement immédiatement.',
    unsaved: 'Vous avez des modifications non enregistrées.',
    partners: 'Votre partenaire',
    donors: 'Tous les bailleurs',
    peers: 'Ministères des autres pays',
    donor: 'Bailleur : {name}',
    yes: 'oui',
    no: 'non',
    periods: 'Périodes de référence',
    periodsIntro: 'Figez une année pour garder ses chiffres tels quels ; approuvez-la pour que les destinataires ci-dessus la voient ; rouvrez-la avec un motif si elle doit changer.',
    year: 'Année',
    state: 'État',
    frozen: 'Figée',
    approved: 'Approuvée',
    st_open: 'ouverte (chiffres en direct)',
    st_frozen: 'figée, non approuvée',
    st_approved: 'approuvée',
    by: '{date}, par {who}',
    freeze: 'Figer',
    freezeYear: 'Figer une année',
    approve: 'Approuver',
    reopen: 'Rouvrir',
    reopenTitle: 'Rouvrir {year}',
    reason: 'Pourquoi elle doit changer (gardé dans son historique et le journal d’audit)',
    history: 'Historique',
    dhis2: 'Fichier DHIS2',
    dhis2Download: 'Export DHIS2 {year}',
    noPeriods: 'Aucune année n’a encore été figée.',
    done: 'Fait : {year} est {state}.',
    action_freeze: 'figer',
    action_approve: 'approuver',
    action_reopen: 'rouvrir',
  },
  pt: {
    title: 'Partilha e períodos de referência',
    intro: 'Nada sai do país sem ser partilhado aqui. Os destinatários só veem os anos aprovados (e rascunhos congelados se o assinalar), nunca uma pessoa, nem uma contagem abaixo do limiar.',
    shares: 'O que partilha, e com quem',
    indicator: 'Indicador',
    breakdown: 'Desagregação',
    recipient: 'Partilhado com',
    drafts: 'Rascunhos também',
    granted: 'Concedido',
    notSaved: 'ainda não guardado',
    remove: 'Remover',
    removeLabel: 'Remover {what}',
    add: 'Adicionar à lista',
    nothing: 'Nada é partilhado.',
    threshold: 'Limiar de divulgação',
    thresholdHint: 'A menor contagem que pode sair do país: 5 ou mais. Contagens menores, e números que as revelariam, aparecem como «<5».',
    save: 'Guardar a política de partilha',
    saved: 'Guardado. Os destinatários veem a alteração de imediato.',
    unsaved: 'Tem alterações por guardar.',
    partners: 'O seu parceiro',
    donors: 'Todos os doadores',
    peers: 'Ministérios de outros países',
    donor: 'Doador: {name}',
    yes: 'sim',
    no: 'não',
    periods: 'Períodos de referência',
    periodsIntro: 'Congele um ano para manter os números como estão; aprove-o para que os destinatários acima o vejam; reabra-o com um motivo se tiver de mudar.',
    year: 'Ano',
    state: 'Estado',
    frozen: 'Congelado',
    approved: 'Aprovado',
    st_open: 'aberto (números em direto)',
    st_frozen: 'congelado, não aprovado',
    st_approved: 'aprovado',
    by: '{date}, por {who}',
    freeze: 'Congelar',
    freezeYear: 'Congelar um ano',
    approve: 'Aprovar',
    reopen: 'Reabrir',
    reopenTitle: 'Reabrir {year}',
    reason: 'Porque tem de mudar (guardado no histórico e no registo de auditoria)',
    history: 'Histórico',
    dhis2: 'Ficheiro DHIS2',
    dhis2Download: 'Exportação DHIS2 {year}',
    noPeriods: 'Nenhum ano foi ainda congelado.',
    done: 'Feito: {year} está {state}.',
    action_freeze: 'congelar',
    action_approve: 'aprovar',
    action_reopen: 'reabrir',
  },
})
const word = w as (key: string, vars?: Record<string, string>) => string

type Grant = { indicator: string; breakdown: string; recipient: string; drafts: boolean; grantedAt?: string; grantedBy?: string }
type Policy = { threshold: number; grants: Grant[]; version: number }
type PeriodInfo = { year: number; state: 'open' | 'frozen' | 'approved'; version: number; frozenAt?: string; frozenBy?: string; approvedAt?: string; approvedBy?: string; history: { action: string; at: string; by: string; reason?: string }[] }

const breakdowns = ['national', 'national-occupation', 'level1', 'level1-occupation', 'level2', 'level2-occupation']
const sameGrant = (a: Grant, b: Grant) => a.indicator === b.indicator && a.breakdown === b.breakdown && a.recipient === b.recipient && a.drafts === b.drafts

/** The ministry admin's page: what is shared with whom (audited, stamped when and by whom), the threshold, the reporting years, DHIS2. */
export function Sharing() {
  const [data, { refetch }] = createResource(() => api<{ policy: Policy; partnerId: string | null; donors: { id: string; name: string }[] }>('GET', '/api/v1/sharing'))
  const [definitions] = createResource(() => api<{ items: Definition[] }>('GET', '/api/v1/indicators/definitions').then((r) => r.items))
  const [periods, periodsCtl] = createResource(() => api<{ items: PeriodInfo[] }>('GET', '/api/v1/periods').then((r) => r.items))
  // the list being edited: starts as saved, changes stay here until "Save"
  const [edited, setEdited] = createSignal<{ threshold: number; grants: Grant[] }>()
  const draft = () => edited() ?? (data() ? { threshold: data()!.policy.threshold, grants: data()!.policy.grants } : { threshold: 5, grants: [] })
  const [pick, setPick] = createSignal<Grant>({ indicator: 'stock', breakdown: 'national', recipient: 'donors', drafts: false })
  const [message, setMessage] = createSignal<{ text: string; error?: boolean }>()
  const indicatorName = (id: string) => {
    const d = definitions()?.find((x) => x.id === id)
    return d ? (textsOf(d).name.includes(d.code) ? textsOf(d).name : `${textsOf(d).name} (${d.code})`) : id
  }
  const recipientName = (r: string) =>
    r.startsWith('donor:') ? w('donor', { name: data()?.donors.find((d) => `donor:${d.id}` === r)?.name ?? r.slice(6) }) : word(r)
  const recipients = () => [
    ...(data()?.partnerId ? [{ value: 'partners', label: w('partners') }] : []),
    { value: 'donors', label: w('donors') },
    ...(data()?.donors ?? []).map((d) => ({ value: `donor:${d.id}`, label: w('donor', { name: d.name }) })),
    { value: 'peers', label: w('peers') },
  ]
  const add = () => {
    if (draft().grants.some((g) => sameGrant(g, pick()))) return
    setEdited({ ...draft(), grants: [...draft().grants, { ...pick() }] })
  }
  const remove = (g: Grant) => setEdited({ ...draft(), grants: draft().grants.filter((x) => x !== g) })
  const save = async () => {
    setMessage()
    try {
      const body = { threshold: draft().threshold, grants: draft().grants.map(({ indicator, breakdown, recipient, drafts }) => ({ indicator, breakdown, recipient, drafts })) }
      await api('PUT', '/api/v1/sharing', { body, ifMatch: data()!.policy.version })
      setEdited()
      await refetch()
      setMessage({ text: w('saved') })
    } catch (err) {
      setMessage({ text: errorText(err), error: true })
    }
  }

  // periods: each action names the year and the version it saw ("0" for a year never frozen)
  const [freezeYear, setFreezeYear] = createSignal(String(new Date().getUTCFullYear() - 1))
  const [reopening, setReopening] = createSignal<PeriodInfo>()
  const [reason, setReason] = createSignal('')
  const [periodMessage, setPeriodMessage] = createSignal<{ text: string; error?: boolean }>()
  const act = async (action: 'freeze' | 'approve' | 'reopen', year: number, extra: Record<string, unknown> = {}) => {
    setPeriodMessage()
    try {
      const version = periods()?.find((p) => p.year === year)?.version ?? 0
      const done = await api<PeriodInfo>('POST', `/api/v1/periods/${action}`, { body: { year, ...extra }, ifMatch: version })
      await periodsCtl.refetch()
      setPeriodMessage({ text: w('done', { year: String(year), state: word(`st_${done.state}`) }) })
      return true
    } catch (err) {
      setPeriodMessage({ text: errorText(err), error: true })
      return false
    }
  }
  const dhis2 = async (year: number) => {
    try {
      const file = await api<unknown>('GET', `/api/v1/periods/dhis2?year=${year}`)
      saveFile(`dhis2-dataValueSets-${year}.json`, JSON.stringify(file, null, 2), 'application/json')
    } catch (err) {
      setPeriodMessage({ text: errorText(err), error: true })
    }
  }
  const stamp = (at?: string, by?: string) => (at ? w('by', { date: when(at), who: by ?? '' }) : '—')

  return (
    <section class="sharing">
      <h1>{w('title')}</h1>
      <p class="muted">{w('intro')}</p>
      <Show when={!data.error} fallback={<p class="error" role="alert">{errorText(data.error)}</p>}>
        <section class="card">
          <h2>{w('shares')}</h2>
          <div class="field threshold">
            <label for="sh-threshold">{w('threshold')}</label>
            <input id="sh-threshold" type="number" min="5" max="100" step="1" value={draft().threshold} aria-describedby="sh-threshold-hint"
              onInput={(e) => setEdited({ ...draft(), threshold: Number(e.currentTarget.value) })} />
            <span id="sh-threshold-hint" class="muted hint">{w('thresholdHint')}</span>
          </div>
          <Scroll label={w('shares')}>
            <table aria-label={w('shares')}>
              <thead>
                <tr>
                  <th scope="col">{w('indicator')}</th>
                  <th scope="col">{w('breakdown')}</th>
                  <th scope="col">{w('recipient')}</th>
                  <th scope="col">{w('drafts')}</th>
                  <th scope="col">{w('granted')}</th>
                  <th scope="col"><span class="sr-only">{w('remove')}</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={draft().grants} fallback={<tr><td colSpan={6} class="muted">{w('nothing')}</td></tr>}>
                  {(g) => (
                    <tr>
                      <td>{indicatorName(g.indicator)}</td>
                      <td>{breakdownLabel(g.breakdown)}</td>
                      <td>{recipientName(g.recipient)}</td>
                      <td>{g.drafts ? w('yes') : w('no')}</td>
                      <td>{g.grantedAt ? stamp(g.grantedAt, g.grantedBy) : <em>{w('notSaved')}</em>}</td>
                      <td>
                        <button type="button" class="link" aria-label={w('removeLabel', { what: `${indicatorName(g.indicator)}, ${breakdownLabel(g.breakdown)}, ${recipientName(g.recipient)}` })} onClick={() => remove(g)}>
                          {w('remove')}
                        </button>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Scroll>
          <form class="filters add-grant" onSubmit={(e) => (e.preventDefault(), add())}>
            <SelectField id="sh-indicator" label={w('indicator')} noEmpty value={pick().indicator} options={(definitions() ?? []).map((d) => ({ value: d.id, label: indicatorName(d.id) }))} onChange={(v) => setPick({ ...pick(), indicator: v })} />
            <SelectField id="sh-breakdown" label={w('breakdown')} noEmpty value={pick().breakdown} options={breakdowns.map((b) => ({ value: b, label: breakdownLabel(b) }))} onChange={(v) => setPick({ ...pick(), breakdown: v })} />
            <SelectField id="sh-recipient" label={w('recipient')} noEmpty value={pick().recipient} options={recipients()} onChange={(v) => setPick({ ...pick(), recipient: v })} />
            <label class="check">
              <input type="checkbox" checked={pick().drafts} onChange={(e) => setPick({ ...pick(), drafts: e.currentTarget.checked })} /> {w('drafts')}
            </label>
            <div class="actions">
              <button type="submit" class="secondary">{w('add')}</button>
            </div>
          </form>
          <Show when={edited()}>
            <p class="notice">{w('unsaved')}</p>
          </Show>
          <div class="buttons">
            <button type="button" onClick={save} disabled={!data()}>{w('save')}</button>
          </div>
          <Show when={message()}>
            <p role={message()!.error ? 'alert' : 'status'} classList={{ error: !!message()!.error, notice: !message()!.error }}>{message()!.text}</p>
          </Show>
        </section>
      </Show>

      <section class="card">
        <h2>{w('periods')}</h2>
        <p class="muted">{w('periodsIntro')}</p>
        <form class="filters" onSubmit={(e) => (e.preventDefault(), void act('freeze', Number(freezeYear())))}>
          <div class="field">
            <label for="sh-year">{w('year')}</label>
            <input id="sh-year" type="number" min="2000" max="2100" value={freezeYear()} onInput={(e) => setFreezeYear(e.currentTarget.value)} />
          </div>
          <div class="actions">
            <button type="submit">{w('freezeYear')}</button>
          </div>
        </form>
        <Show when={periodMessage()}>
          <p role={periodMessage()!.error ? 'alert' : 'status'} classList={{ error: !!periodMessage()!.error, notice: !periodMessage()!.error }}>{periodMessage()!.text}</p>
        </Show>
        <Show when={periods()?.length} fallback={<p class="muted">{periods.loading ? t('loading') : w('noPeriods')}</p>}>
          <Scroll label={w('periods')}>
            <table aria-label={w('periods')}>
              <thead>
                <tr>
                  <th scope="col">{w('year')}</th>
                  <th scope="col">{w('state')}</th>
                  <th scope="col">{w('frozen')}</th>
                  <th scope="col">{w('approved')}</th>
                  <th scope="col"><span class="sr-only">{w('state')}</span></th>
                </tr>
              </thead>
              <tbody>
                <For each={periods()}>
                  {(p) => (
                    <tr>
                      <th scope="row">{p.year}</th>
                      <td>
                        {word(`st_${p.state}`)}
                        <details>
                          <summary>{w('history')}</summary>
                          <ul class="plain hint">
                            <For each={p.history}>{(h) => <li>{word(`action_${h.action}`) ?? h.action} — {stamp(h.at, h.by)}{h.reason ? ` — « ${h.reason} »` : ''}</li>}</For>
                          </ul>
                        </details>
                      </td>
                      <td>{stamp(p.frozenAt, p.frozenBy)}</td>
                      <td>{p.state === 'approved' ? stamp(p.approvedAt, p.approvedBy) : '—'}</td>
                      <td>
                        <div class="buttons">
                          <Show when={p.state === 'open'}>
                            <button type="button" onClick={() => act('freeze', p.year)}>{w('freeze')} {p.year}</button>
                          </Show>
                          <Show when={p.state === 'frozen'}>
                            <button type="button" onClick={() => act('approve', p.year)}>{w('approve')} {p.year}</button>
                          </Show>
                          <Show when={p.state !== 'open'}>
                            <button type="button" class="secondary" onClick={() => (setReason(''), setReopening(p))}>{w('reopen')} {p.year}</button>
                            <button type="button" class="secondary" onClick={() => dhis2(p.year)}>{w('dhis2Download', { year: String(p.year) })}</button>
                          </Show>
                        </div>
                      </td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Scroll>
        </Show>
      </section>

      <Dhis2Mapping definitions={definitions()} />

      <Recount />

      <Dialog open={!!reopening()} title={w('reopenTitle', { year: String(reopening()?.year ?? '') })} onClose={() => setReopening()}>
        <form class="dialog-form" onSubmit={async (e) => (e.preventDefault(), (await act('reopen', reopening()!.year, { reason: reason().trim() })) && setReopening())}>
          <div class="field">
            <label for="sh-reason">{w('reason')}</label>
            <textarea id="sh-reason" required maxLength={500} rows={3} value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
          </div>
          <Show when={periodMessage()?.error}>
            <p class="error" role="alert">{periodMessage()!.text}</p>
          </Show>
          <div class="dialog-actions">
            <button type="submit">{w('reopen')}</button>
            <button type="button" class="secondary" onClick={() => setReopening()}>{t('cancel')}</button>
          </div>
        </form>
      </Dialog>
    </section>
  )
}
