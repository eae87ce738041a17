import { createSignal, Show } from 'solid-js'
import { discard, submit } from '../lib/outbox'
import { problemText } from '../lib/problems'
import { words } from '../lib/words'

const w = words({
  en: { photo: 'Photo', none: 'No photo yet.', add: 'Add a photo', change: 'Change the photo', tooBig: 'This picture cannot be made small enough; choose another.', notImage: 'Choose a picture file (JPEG, PNG or WebP).', alt: 'Photo of {name}' },
  fr: { photo: 'Photo', none: 'Pas encore de photo.', add: 'Ajouter une photo', change: 'Changer la photo', tooBig: 'Cette image ne peut pas être assez réduite ; choisissez-en une autre.', notImage: 'Choisissez un fichier image (JPEG, PNG ou WebP).', alt: 'Photo de {name}' },
  pt: { photo: 'Fotografia', none: 'Ainda sem fotografia.', add: 'Adicionar fotografia', change: 'Mudar a fotografia', tooBig: 'Esta imagem não pode ficar suficientemente pequena; escolha outra.', notImage: 'Escolha um ficheiro de imagem (JPEG, PNG ou WebP).', alt: 'Fotografia de {name}' },
})

/** the API keeps a photo inline, up to 90,000 characters of data URL */
const MAX_CHARS = 90_000

/** Shrinks a picture in the browser to a small JPEG that fits the record (a phone photo is megabytes). */
async function shrink(file: File): Promise<string | undefined> {
  const bitmap = await createImageBitmap(file)
  for (const [side, quality] of [[320, 0.85], [320, 0.7], [240, 0.7], [200, 0.6], [160, 0.5]] as const) {
    const scale = Math.min(1, side / Math.max(bitmap.width, bitmap.height))
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(bitmap.width * scale)
    canvas.height = Math.round(bitmap.height * scale)
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height)
    const url = canvas.toDataURL('image/jpeg', quality)
    if (url.length <= MAX_CHARS) return url
  }
  return undefined
}

/** The worker's photo, and a way to add or change it (resized before it is sent). */
export function PhotoCard(props: { worker: Record<string, any>; canWrite: boolean; onSaved: (r: unknown, queued: boolean) => void }) {
  const [error, setError] = createSignal('')
  const [busy, setBusy] = createSignal(false)
  const choose = async (file: File | undefined) => {
    setError('')
    if (!file) return
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return setError(w('notImage'))
    setBusy(true)
    const photo = await shrink(file).catch(() => undefined)
    if (!photo) {
      setBusy(false)
      return setError(w('tooBig'))
    }
    const base = `/api/v1/workers/${props.worker.id}`
    const landed = await submit({ label: `${w('photo')}: ${props.worker.givenName} ${props.worker.familyName}`, method: 'PATCH', path: base, resource: base, ifMatch: props.worker.version, body: { photo } })
    setBusy(false)
    if (landed.status === 'refused') {
      if (landed.problem.status !== 412) discard(landed.opId)
      return setError(problemText(landed.problem))
    }
    props.onSaved(undefined, landed.status === 'queued')
  }
  return (
    <section class="card photo" aria-labelledby="photo-h">
      <h2 id="photo-h">{w('photo')}</h2>
      <Show when={props.worker.photo} fallback={<p class="muted">{w('none')}</p>}>
        <img src={props.worker.photo} alt={w('alt', { name: `${props.worker.givenName} ${props.worker.familyName}` })} />
      </Show>
      <Show when={props.canWrite && props.worker.status !== 'merged'}>
        <label class="file-button" classList={{ busy: busy() }}>
          {props.worker.photo ? w('change') : w('add')}
          <input type="file" accept="image/jpeg,image/png,image/webp" disabled={busy()} onChange={(e) => void choose(e.currentTarget.files?.[0])} />
        </label>
      </Show>
      <Show when={error()}>
        <p class="error" role="alert">{error()}</p>
      </Show>
    </section>
  )
}
