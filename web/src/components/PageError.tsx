import { createEffect, on } from 'solid-js'
import { errorText } from '../lib/problems'
import { path } from '../lib/router'
import { words } from '../lib/words'

const w = words({
  en: { title: 'This page could not be shown', retry: 'Try again' },
  fr: { title: 'Cette page n’a pas pu être affichée', retry: 'Réessayer' },
  pt: { title: 'Esta página não pôde ser mostrada', retry: 'Tentar de novo' },
})

/** A page that failed: what happened in words, and a way to try again (moving to another page also does). */
export function PageError(props: { error: unknown; reset: () => void }) {
  createEffect(on(path, () => props.reset(), { defer: true }))
  return (
    <section role="alert">
      <h1>{w('title')}</h1>
      <p>{errorText(props.error)}</p>
      <button type="button" onClick={() => props.reset()}>{w('retry')}</button>
    </section>
  )
}
