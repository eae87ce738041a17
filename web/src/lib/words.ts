import { lang, type Lang } from './i18n'

type Vars = Record<string, string | number>

/**
 * A screen's own words in each language, kept next to the screen so a lazily loaded page brings its words
 * with it. French and Portuguese must have every English key (checked by the types). `{name}` in a text is
 * replaced by the value given for it.
 */
export function words<const E extends Record<string, string>>(dicts: { en: E } & Record<Exclude<Lang, 'en'>, Record<keyof E, string>>) {
  return (key: keyof E, vars?: Vars): string => {
    const text = (dicts[lang()] as Record<keyof E, string>)[key] ?? dicts.en[key]
    return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? '')) : text
  }
}

/** A number in the reader's language (1 234 in French, 1,234 in English). */
export const count = (n: number) => n.toLocaleString(lang())

/** A calendar date (YYYY-MM-DD) in the reader's language, without a time-zone shift. */
export const day = (iso: string | undefined) =>
  iso ? new Date(`${iso.slice(0, 10)}T12:00:00Z`).toLocaleDateString(lang(), { dateStyle: 'medium', timeZone: 'UTC' }) : '—'

/** Today as YYYY-MM-DD in the browser's time zone. */
export const today = () => {
  const d = new Date()
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}
