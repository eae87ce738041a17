import { createSignal, Show } from 'solid-js'
import { lang, t } from '../lib/i18n'
import { signOut, unsentCount } from '../lib/sign-out'

const words = {
  en: {
    lost: (n: number) => (n === 1 ? '1 change not yet sent will be lost.' : `${n} changes not yet sent will be lost.`),
    why: 'Signing out removes them from this device, with your drafts, so that the next person cannot see them.',
    anyway: 'Sign out anyway',
    stay: 'Stay signed in',
  },
  fr: {
    lost: (n: number) => (n === 1 ? '1 modification pas encore envoyée sera perdue.' : `${n} modifications pas encore envoyées seront perdues.`),
    why: 'Se déconnecter les retire de cet appareil, avec vos brouillons, pour que la personne suivante ne puisse pas les voir.',
    anyway: 'Se déconnecter quand même',
    stay: 'Rester connecté',
  },
  pt: {
    lost: (n: number) => (n === 1 ? '1 alteração ainda não enviada será perdida.' : `${n} alterações ainda não enviadas serão perdidas.`),
    why: 'Sair remove-as deste dispositivo, com os seus rascunhos, para que a pessoa seguinte não as possa ver.',
    anyway: 'Sair mesmo assim',
    stay: 'Continuar na sessão',
  },
}

/** Sign out; with changes still waiting to be sent, first say how many will be lost and let the user choose. */
export function SignOut() {
  const [asking, setAsking] = createSignal(false)
  const w = () => words[lang()]
  return (
    <div class="outbox">
      <button class="link" onClick={() => (unsentCount() ? setAsking(true) : signOut())}>{t('signOut')}</button>
      <Show when={asking()}>
        <div class="outbox-panel" role="alertdialog" aria-labelledby="sign-out-lost" aria-describedby="sign-out-why">
          <p id="sign-out-lost"><strong>{w().lost(unsentCount())}</strong></p>
          <p id="sign-out-why" class="muted">{w().why}</p>
          <button class="warn" onClick={() => (setAsking(false), signOut())}>{w().anyway}</button>{' '}
          <button class="secondary" ref={(b) => queueMicrotask(() => b.focus())} onClick={() => setAsking(false)}>{w().stay}</button>
        </div>
      </Show>
    </div>
  )
}
