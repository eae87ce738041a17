import { createResource, createSignal, For, Show } from 'solid-js'
import { shown } from '../components/Changes'
import { Dialog } from '../components/Dialog'
import { api } from '../lib/api'
import { t, tStatus } from '../lib/i18n'
import { errorText } from '../lib/problems'
import { navigate } from '../lib/router'
import { day, words } from '../lib/words'

type Row = Record<string, any>

const w = words({
  en: {
    title: 'Merge a duplicate into {name}',
    intro: 'Find the other record of the same person. Compare them side by side and choose, field by field, what the kept record says. The other record stays readable as “merged” and its licences, deployments, training and exits move to the kept record, with both histories.',
    find: 'Find the duplicate',
    results: 'Records found',
    choose: 'Compare',
    kept: 'This record (kept)',
    duplicate: 'The duplicate',
    field: 'Field',
    identifiersNote: 'Identifiers are never lost: the kept record keeps its own, and takes the duplicate’s where it has none; both then lead to the kept record.',
    attached: 'Attached records',
    attachedCount: '{licences} licences, {deployments} deployments, {training} training, {exits} exits',
    merge: 'Merge these records',
    confirmTitle: 'Merge two records?',
    confirm: 'Merge {duplicate} into {kept}. This cannot be undone from the console.',
    yes: 'Yes, merge',
    done: 'Merged.',
    noResult: 'No other record matches.',
    self: 'this record',
    sameRecord: 'Choose another record than this one.',
    email: 'Email',
    placeOfBirth: 'Place of birth',
  },
  fr: {
    title: 'Fusionner un doublon dans {name}',
    intro: 'Trouvez l’autre fiche de la même personne. Comparez-les côte à côte et choisissez, champ par champ, ce que dira la fiche conservée. L’autre fiche reste consultable comme « fusionnée » ; ses licences, affectations, formations et départs passent à la fiche conservée, avec les deux historiques.',
    find: 'Trouver le doublon',
    results: 'Fiches trouvées',
    choose: 'Comparer',
    kept: 'Cette fiche (conservée)',
    duplicate: 'Le doublon',
    field: 'Champ',
    identifiersNote: 'Les identifiants ne sont jamais perdus : la fiche conservée garde les siens et prend ceux du doublon qui lui manquent ; tous mènent ensuite à la fiche conservée.',
    attached: 'Éléments rattachés',
    attachedCount: '{licences} licences, {deployments} affectations, {training} formations, {exits} départs',
    merge: 'Fusionner ces fiches',
    confirmTitle: 'Fusionner deux fiches ?',
    confirm: 'Fusionner {duplicate} dans {kept}. La console ne permet pas d’annuler.',
    yes: 'Oui, fusionner',
    done: 'Fusionné.',
    noResult: 'Aucune autre fiche ne correspond.',
    self: 'cette fiche',
    sameRecord: 'Choisissez une autre fiche que celle-ci.',
    email: 'Courriel',
    placeOfBirth: 'Lieu de naissance',
  },
  pt: {
    title: 'Fundir um duplicado em {name}',
    intro: 'Encontre o outro registo da mesma pessoa. Compare-os lado a lado e escolha, campo a campo, o que o registo mantido diz. O outro registo continua legível como «fundido»; as suas licenças, colocações, formações e saídas passam para o registo mantido, com os dois históricos.',
    find: 'Encontrar o duplicado',
    results: 'Registos encontrados',
    choose: 'Comparar',
    kept: 'Este registo (mantido)',
    duplicate: 'O duplicado',
    field: 'Campo',
    identifiersNote: 'Os identificadores nunca se perdem: o registo mantido guarda os seus e recebe os do duplicado que lhe faltam; todos passam a levar ao registo mantido.',
    attached: 'Registos associados',
    attachedCount: '{licences} licenças, {deployments} colocações, {training} formações, {exits} saídas',
    merge: 'Fundir estes registos',
    confirmTitle: 'Fundir dois registos?',
    confirm: 'Fundir {duplicate} em {kept}. A consola não permite anular.',
    yes: 'Sim, fundir',
    done: 'Fundido.',
    noResult: 'Nenhum outro registo corresponde.',
    self: 'este registo',
    sameRecord: 'Escolha outro registo que não este.',
    email: 'E-mail',
    placeOfBirth: 'Local de nascimento',
  },
})

/** the fields a person chooses between; identifiers follow the API's own rule (never lost) */
const choosable = ['givenName', 'familyName', 'otherNames', 'sex', 'birthDate', 'cadreId', 'nationality', 'trainingCountry', 'placeOfBirth', 'phone', 'email'] as const
const identifiers = ['nationalId', 'registryNumber'] as const
const value = (r: Row, k: string) => (k === 'phone' || k === 'email' ? r.contacts?.[k] : r[k])

/** Two records of one person, side by side: the user picks what the kept record says, then merges. */
export function WorkerMerge(props: { id: string }) {
  const [kept] = createResource(() => api<Row>('GET', `/api/v1/workers/${props.id}`))
  const [q, setQ] = createSignal('')
  const [found] = createResource(() => q() || undefined, (query) => api<{ items: Row[] }>('GET', `/api/v1/workers?q=${encodeURIComponent(query)}&limit=10`).then((p) => p.items.filter((r) => r.id !== props.id && r.status !== 'merged')))
  const [dupId, setDupId] = createSignal('')
  const [dup] = createResource(() => dupId() || undefined, (id) => api<Row>('GET', `/api/v1/workers/${id}`))
  // a resource's source must be undefined (not '') to wait: Solid fetches for any other value
  const counts = (id: () => string) =>
    createResource(() => id() || undefined, async (wid) => {
      const base = `/api/v1/workers/${wid}`
      const [l, d, tr, e] = await Promise.all(['licences', 'deployments', 'training', 'exits'].map((k) => api<{ items: unknown[] }>('GET', `${base}/${k}`)))
      return { licences: l!.items.length, deployments: d!.items.length, training: tr!.items.length, exits: e!.items.length }
    })[0]
  const keptCounts = counts(() => props.id)
  const dupCounts = counts(dupId)
  const [choice, setChoice] = createSignal<Record<string, 'kept' | 'dup'>>({})
  const pick = (k: string) => choice()[k] ?? (value(kept() ?? {}, k) === undefined && value(dup() ?? {}, k) !== undefined ? 'dup' : 'kept')
  const [confirming, setConfirming] = createSignal(false)
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const name = (r: Row | undefined) => (r ? `${r.givenName} ${r.familyName}` : '')
  let searchBox!: HTMLInputElement

  const merge = async () => {
    setBusy(true)
    setError('')
    try {
      const a = kept()!
      const b = dup()!
      // what the user chose from the duplicate becomes the kept record's, in one correction, then the merge
      const patch: Row = {}
      const contacts = { ...(a.contacts ?? {}) }
      for (const k of choosable) {
        if (pick(k) !== 'dup' || JSON.stringify(value(a, k)) === JSON.stringify(value(b, k)) || value(b, k) === undefined) continue
        if (k === 'phone' || k === 'email') contacts[k] = value(b, k)
        else patch[k] = value(b, k)
      }
      if (JSON.stringify(contacts) !== JSON.stringify(a.contacts ?? {})) patch.contacts = contacts
      if (Object.keys(patch).length) await api('PATCH', `/api/v1/workers/${a.id}`, { body: patch, ifMatch: a.version })
      await api('POST', `/api/v1/workers/${a.id}/merge`, { body: { duplicateId: b.id } })
      navigate(`/workers/${a.id}`)
    } catch (err) {
      setError(errorText(err))
      setConfirming(false)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section>
      <h1>{w('title', { name: name(kept()) })}</h1>
      <p class="muted">{w('intro')}</p>
      <form class="filters" role="search" aria-label={w('find')} onSubmit={(e) => (e.preventDefault(), setQ(searchBox.value.trim()))}>
        <div class="field">
          <label for="merge-q">{w('find')}</label>
          <input id="merge-q" ref={searchBox} type="search" placeholder={t('searchPlaceholder')} />
        </div>
        <div class="actions">
          <button type="submit">{t('search')}</button>
        </div>
      </form>
      <Show when={q()}>
        <Show when={found()?.length} fallback={<p class="empty" role="status">{found.loading ? t('loading') : w('noResult')}</p>}>
          <ul class="choices" aria-label={w('results')}>
            <For each={found()}>
              {(r) => (
                <li>
                  <button type="button" class="secondary" aria-pressed={dupId() === r.id} onClick={() => (setDupId(r.id), setChoice({}))}>
                    {w('choose')}: {r.familyName}, {r.givenName} — {day(r.birthDate)} {r.nationalId ?? ''} ({tStatus(r.status)})
                  </button>
                </li>
              )}
            </For>
          </ul>
        </Show>
      </Show>
      <Show when={kept() && dup()}>
        <div class="table-scroll card">
          <table class="compare" aria-label={`${w('kept')} / ${w('duplicate')}`}>
            <thead>
              <tr>
                <th scope="col">{w('field')}</th>
                <th scope="col">{w('kept')}</th>
                <th scope="col">{w('duplicate')}: {name(dup())}</th>
              </tr>
            </thead>
            <tbody>
              <For each={choosable}>
                {(k) => {
                  const same = () => JSON.stringify(value(kept()!, k)) === JSON.stringify(value(dup()!, k))
                  return (
                    <tr classList={{ same: same() }}>
                      <th scope="row">{k === 'email' || k === 'placeOfBirth' ? w(k) : k === 'cadreId' ? t('cadre') : t(k)}</th>
                      <For each={['kept', 'dup'] as const}>
                        {(side) => (
                          <td>
                            <label>
                              <input type="radio" name={`pick-${k}`} checked={pick(k) === side} disabled={same()} onChange={() => setChoice({ ...choice(), [k]: side })} />{' '}
                              {shown(k, value(side === 'kept' ? kept()! : dup()!, k))}
                            </label>
                          </td>
                        )}
                      </For>
                    </tr>
                  )
                }}
              </For>
              <For each={identifiers}>
                {(k) => (
                  <tr>
                    <th scope="row">{t(k)}</th>
                    <td>{shown(k, value(kept()!, k))}</td>
                    <td>{shown(k, value(dup()!, k))}</td>
                  </tr>
                )}
              </For>
              <tr>
                <th scope="row">{w('attached')}</th>
                <td>{keptCounts() ? w('attachedCount', keptCounts()!) : '…'}</td>
                <td>{dupCounts() ? w('attachedCount', dupCounts()!) : '…'}</td>
              </tr>
            </tbody>
          </table>
          <p class="muted">{w('identifiersNote')}</p>
          <button type="button" class="warn" onClick={() => setConfirming(true)}>{w('merge')}</button>
        </div>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
      <Dialog open={confirming()} title={w('confirmTitle')} onClose={() => setConfirming(false)}>
        <div class="dialog-form">
          <p>{w('confirm', { duplicate: `${name(dup())} (${dup()?.nationalId ?? day(dup()?.birthDate)})`, kept: `${name(kept())} (${kept()?.nationalId ?? day(kept()?.birthDate)})` })}</p>
          <div class="dialog-actions">
            <button type="button" class="warn" disabled={busy()} onClick={merge}>{w('yes')}</button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>{t('cancel')}</button>
          </div>
        </div>
      </Dialog>
    </section>
  )
}
