import { alpha3ToAlpha2 } from '../reference/countries'
import type { ReasonLang } from './reasons'

/**
 * The values of a worker export as a person reads them in a spreadsheet: sex and status in words, countries
 * by name, in the reader's language. Each is a word the workers import reads back (values.ts), so a file
 * still goes back in as it came out.
 */
const sex: Record<ReasonLang, Record<string, string>> = {
  en: { female: 'female', male: 'male' },
  fr: { female: 'féminin', male: 'masculin' },
  pt: { female: 'feminino', male: 'masculino' },
}
const status: Record<ReasonLang, Record<string, string>> = {
  en: { active: 'active', 'on-leave': 'on leave', suspended: 'suspended', exited: 'left the workforce', deceased: 'deceased', merged: 'merged into another record' },
  fr: { active: 'en activité', 'on-leave': 'en congé', suspended: 'suspendu', exited: 'a quitté le personnel', deceased: 'décédé', merged: 'fusionné avec une autre fiche' },
  pt: { active: 'em atividade', 'on-leave': 'de licença', suspended: 'suspenso', exited: 'saiu do pessoal', deceased: 'falecido', merged: 'fundido noutro registo' },
}

export function exportWords(lang: ReasonLang) {
  const names = new Intl.DisplayNames([lang], { type: 'region' })
  const country = (code: string | undefined) => {
    const alpha2 = code ? alpha3ToAlpha2[code as keyof typeof alpha3ToAlpha2] : undefined
    return alpha2 ? (names.of(alpha2) ?? code) : code
  }
  return {
    sex: (v: string | undefined) => (v ? (sex[lang][v] ?? v) : v),
    status: (v: string) => status[lang][v] ?? v,
    country,
  }
}
