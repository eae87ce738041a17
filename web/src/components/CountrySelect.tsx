import { createMemo } from 'solid-js'
import { alpha3ToAlpha2, countryCodes } from '../../../functions/core/reference/countries'
import { lang } from '../lib/i18n'
import { session } from '../lib/session'
import { SelectField } from './Field'

const names = new Map<string, Map<string, string>>()

/** Every ISO 3166-1 country, named in the reader's language by the browser (Intl.DisplayNames). */
export function countryOptions(locale: string) {
  let byCode = names.get(locale)
  if (!byCode) {
    const display = new Intl.DisplayNames([locale], { type: 'region' })
    byCode = new Map(countryCodes.map((c) => [c, display.of(alpha3ToAlpha2[c]!) ?? c]))
    names.set(locale, byCode)
  }
  const collator = new Intl.Collator(locale)
  return [...byCode].map(([value, label]) => ({ value, label })).sort((a, b) => collator.compare(a.label, b.label))
}

/** A country's name in the reader's language; the code itself when it is not a country. */
export const countryLabel = (code: string | undefined) => (code ? (countryOptions(lang()).find((o) => o.value === code)?.label ?? code) : '—')

/**
 * A country picker with names in the reader's language; the signed-in country comes first, since most
 * workers of a country were born and trained there. Type the first letters of a name to jump to it.
 */
export function CountrySelect(props: { id: string; label: string; value: string; onChange: (code: string) => void; error?: string; required?: boolean; hint?: string }) {
  const options = createMemo(() => {
    const all = countryOptions(lang())
    const home = session()?.membership.scope.kind === 'tenant' ? session()?.membership.scope.id : undefined
    const first = all.find((o) => o.value === home)
    return first ? [first, ...all.filter((o) => o !== first)] : all
  })
  return <SelectField id={props.id} label={props.label} value={props.value} options={options()} onChange={props.onChange} error={props.error} required={props.required} hint={props.hint} />
}
