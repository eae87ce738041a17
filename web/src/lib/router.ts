import { createSignal } from 'solid-js'

const [path, setPath] = createSignal(location.pathname + location.search)
window.addEventListener('popstate', () => setPath(location.pathname + location.search))

export { path }
export const pathname = () => path().split('?')[0] ?? '/'
export const searchParam = (name: string) => new URLSearchParams(path().split('?')[1] ?? '').get(name)

export function navigate(to: string) {
  if (to === path()) return
  history.pushState(null, '', to)
  setPath(to)
}
