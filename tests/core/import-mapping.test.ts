import { describe, expect, it } from 'vitest'
import { closest, unitKey } from '../../functions/core/import/directory'
import { fields } from '../../functions/core/import/fields'
import { columnIndexes, headerKey, resolveMapping, savedForm } from '../../functions/core/import/mapping'

describe('header mapping', () => {
  it('maps English, French and Portuguese headers, with odd case, accents, marks and notes, to fields', () => {
    const { mapping } = resolveMapping('workers', ['N° CNI', 'PRÉNOM', 'Nom de famille', 'Sexe *', 'Date de naissance (JJ/MM/AAAA)', 'Cadre', 'Formation sanitaire', 'Data de validade'])
    expect(mapping).toEqual({
      'N° CNI': 'nationalId',
      PRÉNOM: 'givenName',
      'Nom de famille': 'familyName',
      'Sexe *': 'sex',
      'Date de naissance (JJ/MM/AAAA)': 'birthDate',
      Cadre: 'cadre',
      'Formation sanitaire': 'facility',
      'Data de validade': 'licenceExpires',
    })
  })

  it('maps the template headers of every kind, in every language, back to their own fields', () => {
    for (const [kind, defs] of Object.entries(fields) as [keyof typeof fields, (typeof fields)[keyof typeof fields]][])
      for (const lang of ['en', 'fr', 'pt'] as const) {
        const headers = defs.map((d) => d.label[lang])
        const { mapping, missing } = resolveMapping(kind, headers)
        // two fields may share a label in one language (Cadre is the cadre's name and the worker's cadre):
        // never within one kind
        expect(Object.values(mapping), `${kind} ${lang}`).toEqual(defs.map((d) => d.key))
        expect(missing).toEqual([])
      }
  })

  it('never maps two columns to one field, lists what a new record lacks, and keeps unknown columns unmapped', () => {
    const { mapping, missing } = resolveMapping('facilities', ['Facility', 'Name', 'Colour'])
    expect(mapping).toEqual({ Facility: 'name', Name: null, Colour: null })
    expect(missing).toEqual([])
    expect(resolveMapping('cadres', ['Cadre']).missing).toEqual(['iscoCode'])
  })

  it('prefers the user’s choice, then the country’s saved mapping, to synonyms', () => {
    const saved = savedForm({ 'Code FOSA ': 'hmisCode' })
    const { mapping } = resolveMapping('facilities', ['code fosa', 'Nom', 'Level'], saved, { Level: null })
    expect(mapping).toEqual({ 'code fosa': 'hmisCode', Nom: 'name', Level: null })
    // a choice naming no field of the kind is not taken
    expect(resolveMapping('facilities', ['X'], {}, { X: 'givenName' }).mapping).toEqual({ X: null })
  })

  it('reads the first of two columns with the same header', () => {
    const columns = ['Facility', 'Facility', 'MFL Code']
    const { mapping } = resolveMapping('facilities', columns)
    expect([...columnIndexes(columns, mapping)]).toEqual([
      ['name', 0],
      ['mflCode', 2],
    ])
    expect(headerKey('  MFL-Code (KMHFL) ')).toBe('mfl code')
  })
})

describe('unit names', () => {
  it('treats "Bo District" and "bo" as one unit name, and finds the closest spellings', () => {
    expect(unitKey('Bo District')).toBe(unitKey('bo'))
    expect(unitKey('Western Area Urban')).toBe('western area urban')
    expect(closest('Kenema', ['Kenama', 'Kailahun', 'Kono', 'Kenema Town'])).toEqual(['Kenama'])
    expect(closest('Port Loko', ['Portloko', 'Bombali'])).toEqual(['Portloko'])
  })
})
