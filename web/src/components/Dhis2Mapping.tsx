import { createResource, createSignal, For, Show } from 'solid-js'
import { api } from '../lib/api'
import { textsOf, type Definition } from '../lib/figures'
import { t } from '../lib/i18n'
import { errorText } from '../lib/problems'
import { words } from '../lib/words'
import { Scroll } from './ChartFigure'

const w = words({
  en: {
    title: 'DHIS2 mapping',
    intro: 'Which DHIS2 data element (and category option combo) each figure is exported to. Units use the DHIS2 id recorded on each unit; the country needs its own here.',
    countryOrgUnit: 'Country org unit (DHIS2 id)',
    attributeOptionCombo: 'Attribute option combo',
    indicator: 'Indicator',
    occupation: 'Occupation (ISCO-08 code, or * for all)',
    category: 'Category (* for the total)',
    dataElement: 'Data element',
    combo: 'Category option combo',
    row: '{what}, row {n}',
    add: 'Add a row',
    remove: 'Remove',
    removeRow: 'Remove row {n}',
    save: 'Save the mapping',
    saved: 'Mapping saved.',
    none: 'No row yet: add one per figure to export.',
    uidHint: 'DHIS2 ids have 11 letters and digits, starting with a letter.',
  },
  fr: {
    title: 'Correspondance DHIS2',
    intro: 'L’élément de données DHIS2 (et la combinaison d’options de catégorie) vers lequel chaque chiffre est exporté. Les unités utilisent l’identifiant DHIS2 enregistré sur chacune ; le pays a besoin du sien ici.',
    countryOrgUnit: 'Unité d’organisation du pays (identifiant DHIS2)',
    attributeOptionCombo: 'Combinaison d’options d’attribut',
    indicator: 'Indicateur',
    occupation: 'Profession (code CITP-08, ou * pour toutes)',
    category: 'Catégorie (* pour le total)',
    dataElement: 'Élément de données',
    combo: 'Combinaison d’options de catégorie',
    row: '{what}, ligne {n}',
    add: 'Ajouter une ligne',
    remove: 'Retirer',
    removeRow: 'Retirer la ligne {n}',
    save: 'Enregistrer la correspondance',
    saved: 'Correspondance enregistrée.',
    none: 'Aucune ligne : ajoutez-en une par chiffre à exporter.',
    uidHint: 'Les identifiants DHIS2 ont 11 lettres et chiffres, et commencent par une lettre.',
  },
  pt: {
    title: 'Correspondência DHIS2',
    intro: 'O elemento de dados DHIS2 (e a combinação de opções de categoria) para onde cada número é exportado. As unidades usam o identificador DHIS2 registado em cada uma; o país precisa do seu aqui.',
    countryOrgUnit: 'Unidade organizacional do país (identificador DHIS2)',
    attributeOptionCombo: 'Combinação de opções de atributo',
    indicator: 'Indicador',
    occupation: 'Ocupação (código CITP-08, ou * para todas)',
    category: 'Categoria (* para o total)',
    dataElement: 'Elemento de dados',
    combo: 'Combinação de opções de categoria',
    row: '{what}, linha {n}',
    add: 'Adicionar uma linha',
    remove: 'Remover',
    removeRow: 'Remover a linha {n}',
    save: 'Guardar a correspondência',
    saved: 'Correspondência guardada.',
    none: 'Nenhuma linha: adicione uma por número a exportar.',
    uidHint: 'Os identificadores DHIS2 têm 11 letras e algarismos, começando por uma letra.',
  },
})

/** DHIS2's built-in "default" category option combo */
const DEFAULT_COMBO = 'HllvX50cXC0'
type Entry = { indicator: string; occupation: string; category: string; dataElement: string; categoryOptionCombo: string }
type Mapping = { countryOrgUnit: string; attributeOptionCombo: string; entries: Entry[]; version: number }

/** The ministry admin's DHIS2 mapping, edited in place and saved as a whole (If-Match: its version). */
export function Dhis2Mapping(props: { definitions: Definition[] | undefined }) {
  const [saved, { refetch }] = createResource(() => api<Mapping | null>('GET', '/api/v1/periods/dhis2-mapping').catch(() => null))
  const [edited, setEdited] = createSignal<Omit<Mapping, 'version'>>()
  const draft = () => edited() ?? saved() ?? { countryOrgUnit: '', attributeOptionCombo: DEFAULT_COMBO, entries: [] }
  const [message, setMessage] = createSignal<{ text: string; error?: boolean }>()
  const set = (patch: Partial<Omit<Mapping, 'version'>>) => setEdited({ ...draft(), ...patch })
  const setEntry = (i: number, patch: Partial<Entry>) => set({ entries: draft().entries.map((e, j) => (j === i ? { ...e, ...patch } : e)) })
  const name = (d: Definition) => (textsOf(d).name.includes(d.code) ? textsOf(d).name : `${textsOf(d).name} (${d.code})`)
  const save = async () => {
    setMessage()
    try {
      const { countryOrgUnit, attributeOptionCombo, entries } = draft()
      await api('PUT', '/api/v1/periods/dhis2-mapping', { body: { countryOrgUnit: countryOrgUnit.trim(), attributeOptionCombo: attributeOptionCombo.trim(), entries }, ifMatch: saved()?.version ?? 0 })
      setEdited()
      await refetch()
      setMessage({ text: w('saved') })
    } catch (err) {
      setMessage({ text: errorText(err), error: true })
    }
  }
  const cell = (i: number, key: 'occupation' | 'category' | 'dataElement' | 'categoryOptionCombo', label: string) => (
    <input class="uid" value={draft().entries[i]![key]} aria-label={w('row', { what: label, n: i + 1 })} onInput={(e) => setEntry(i, { [key]: e.currentTarget.value })} />
  )
  return (
    <section class="card">
      <h2>{w('title')}</h2>
      <p class="muted">{w('intro')}</p>
      <Show when={!saved.loading} fallback={<p role="status">{t('loading')}</p>}>
        <div class="filters">
          <div class="field">
            <label for="d2-country">{w('countryOrgUnit')}</label>
            <input id="d2-country" class="uid" value={draft().countryOrgUnit} aria-describedby="d2-hint" onInput={(e) => set({ countryOrgUnit: e.currentTarget.value })} />
          </div>
          <div class="field">
            <label for="d2-aoc">{w('attributeOptionCombo')}</label>
            <input id="d2-aoc" class="uid" value={draft().attributeOptionCombo} aria-describedby="d2-hint" onInput={(e) => set({ attributeOptionCombo: e.currentTarget.value })} />
          </div>
        </div>
        <p id="d2-hint" class="muted hint">{w('uidHint')}</p>
        <Scroll label={w('title')}>
          <table aria-label={w('title')}>
            <thead>
              <tr>
                <th scope="col">{w('indicator')}</th>
                <th scope="col">{w('occupation')}</th>
                <th scope="col">{w('category')}</th>
                <th scope="col">{w('dataElement')}</th>
                <th scope="col">{w('combo')}</th>
                <th scope="col"><span class="sr-only">{w('remove')}</span></th>
              </tr>
            </thead>
            <tbody>
              <For each={draft().entries} fallback={<tr><td colSpan={6} class="muted">{w('none')}</td></tr>}>
                {(e, i) => (
                  <tr>
                    <td>
                      <select aria-label={w('row', { what: w('indicator'), n: i() + 1 })} onChange={(ev) => setEntry(i(), { indicator: ev.currentTarget.value })}>
                        <For each={props.definitions ?? []}>{(d) => <option value={d.id} selected={d.id === e.indicator}>{name(d)}</option>}</For>
                      </select>
                    </td>
                    <td>{cell(i(), 'occupation', w('occupation'))}</td>
                    <td>{cell(i(), 'category', w('category'))}</td>
                    <td>{cell(i(), 'dataElement', w('dataElement'))}</td>
                    <td>{cell(i(), 'categoryOptionCombo', w('combo'))}</td>
                    <td>
                      <button type="button" class="link" aria-label={w('removeRow', { n: i() + 1 })} onClick={() => set({ entries: draft().entries.filter((_, j) => j !== i()) })}>{w('remove')}</button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Scroll>
        <div class="buttons">
          <button type="button" class="secondary" onClick={() => set({ entries: [...draft().entries, { indicator: 'stock', occupation: '*', category: '*', dataElement: '', categoryOptionCombo: DEFAULT_COMBO }] })}>{w('add')}</button>
          <button type="button" onClick={save}>{w('save')}</button>
        </div>
        <Show when={message()}>
          <p role={message()!.error ? 'alert' : 'status'} classList={{ error: !!message()!.error, notice: !message()!.error }}>{message()!.text}</p>
        </Show>
      </Show>
    </section>
  )
}
