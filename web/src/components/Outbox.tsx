import { createSignal, For, Show } from 'solid-js'
import { lang, t } from '../lib/i18n'
import { attentionCount, discard, flush, held, keepMine, ops, pendingCount, type Op } from '../lib/outbox'

const heldWords = {
  en: (n: number, scope: string) => `${n} ${n === 1 ? 'change' : 'changes'} for ${scope} will be sent when you switch back`,
  fr: (n: number, scope: string) => `${n} ${n === 1 ? 'modification' : 'modifications'} pour ${scope} ${n === 1 ? 'partira' : 'partiront'} à votre retour`,
  pt: (n: number, scope: string) => `${n} ${n === 1 ? 'alteração' : 'alterações'} para ${scope} ${n === 1 ? 'será enviada' : 'serão enviadas'} quando voltar`,
}

/**
 * What this device still has to send for the user in the country they are in, and the writes that need a
 * decision (conflicts, refusals); the user's writes for another country are only counted, never sent here.
 */
export function Outbox() {
  const [open, setOpen] = createSignal(false)
  const total = () => pendingCount() + attentionCount()
  const heldByScope = () => {
    const byScope = new Map<string, { n: number; name: string }>()
    for (const o of held()) byScope.set(o.owner.scope, { n: (byScope.get(o.owner.scope)?.n ?? 0) + 1, name: o.owner.scopeName })
    return [...byScope.values()]
  }
  return (
    <>
    <For each={heldByScope()}>{(h) => <span class="muted" data-testid="held">{heldWords[lang()](h.n, h.name)}</span>}</For>
    <Show when={total() > 0}>
      <div class="outbox">
        <button class={attentionCount() ? 'warn' : 'secondary'} aria-expanded={open()} onClick={() => setOpen(!open())}>
          {t('pending')}: <span data-testid="pending-count">{total()}</span>
        </button>
        <Show when={open()}>
          <div class="outbox-panel" role="dialog" aria-label={t('pending')}>
            <p class="muted">{t('pendingHelp')}</p>
            <ul>
              <For each={ops()}>{(op) => <OutboxItem op={op} />}</For>
            </ul>
            <button class="secondary" onClick={() => void flush()}>↻</button>
          </div>
        </Show>
      </div>
    </Show>
    </>
  )
}

function OutboxItem(props: { op: Op }) {
  const changed = () => Object.keys(props.op.body ?? {})
  return (
    <li class={props.op.state}>
      <strong>{props.op.label}</strong> — {props.op.state === 'pending' ? t('pending') : props.op.state === 'conflict' ? t('conflict') : t('failed')}
      <Show when={props.op.error && props.op.state === 'failed'}>
        <p class="error">{props.op.error}</p>
      </Show>
      <Show when={props.op.state === 'conflict'}>
        <table class="conflict">
          <thead>
            <tr><th /><th>{t('yours')}</th><th>{t('onServer')}</th></tr>
          </thead>
          <tbody>
            <For each={changed()}>
              {(k) => (
                <tr>
                  <th scope="row">{k}</th>
                  <td>{JSON.stringify(props.op.body?.[k])}</td>
                  <td>{JSON.stringify(props.op.server?.[k] ?? null)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
        <button onClick={() => keepMine(props.op.id)}>{t('keepMine')}</button>{' '}
      </Show>
      <Show when={props.op.state !== 'pending'}>
        <button class="secondary" onClick={() => discard(props.op.id)}>{props.op.state === 'conflict' ? t('keepTheirs') : t('dismiss')}</button>
      </Show>
    </li>
  )
}
