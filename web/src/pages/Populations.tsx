import { createMemo, createResource, createSignal, For, Show } from 'solid-js'
import { Scroll } from '../components/ChartFigure'
import { api, ApiError } from '../lib/api'
import { lang, t } from '../lib/i18n'
import { matchUnit, parseCount, readPopulationCsv, readText } from '../lib/population-csv'
import { errorText } from '../lib/problems'
import { words } from '../lib/words'

const w = words({
  en: {
    title: 'Population by unit',
    intro: 'The population of each region and district for a year: what health worker density per 10,000 population divides by. A unit without a population for the year shows “population not entered” on the Figures page; an earlier year’s figure is used until a newer one is entered.',
    year: 'Year',
    unit: 'Unit',
    level: 'Level',
    level1: 'first level',
    level2: 'second level',
    population: 'Population in {year}',
    carried: 'using {year}: {value}',
    none: 'not entered',
    inUnit: 'in {name}',
    save: 'Save the changes',
    saving: 'Saving… {done} of {total} units',
    saved: 'Saved: {n} units changed.',
    nothingToSave: 'Nothing has changed.',
    fix: 'Check the {n} figures marked below.',
    notCount: 'Type a whole number of people, such as {example}.',
    tooBig: 'That is more people than any country has.',
    stale: '{name} was changed by someone else while you were editing. The table now shows their figures; enter yours again where needed.',
    importTitle: 'Fill from a CSV file',
    importHint: 'A header line and one line per unit: its name or code (DHIS2, HMIS or MFL) and its population, separated by commas, semicolons or tabs. The figures fill the table for the year chosen above; nothing is saved until you save.',
    file: 'CSV file',
    filled: '{n} units filled from the file. Check them, then save.',
    noHeader: 'The file needs a header line naming the unit (or its code) and the population column.',
    unmatched: 'Line {line}: “{unit}” is no region or district of this country.',
    ambiguous: 'Line {line}: several units are called “{unit}”; use its code instead.',
    noUnits: 'No regions or districts yet. Add them under Org units first.',
  },
  fr: {
    title: 'Population par unité',
    intro: 'La population de chaque région et de chaque district pour une année : ce par quoi se divise la densité des personnels de santé pour 10 000 habitants. Une unité sans population pour l’année affiche « population non saisie » sur la page Chiffres ; le chiffre d’une année antérieure sert jusqu’à ce qu’un plus récent soit saisi.',
    year: 'Année',
    unit: 'Unité',
    level: 'Niveau',
    level1: 'premier niveau',
    level2: 'deuxième niveau',
    population: 'Population en {year}',
    carried: 'chiffre de {year} utilisé : {value}',
    none: 'non saisie',
    inUnit: 'dans {name}',
    save: 'Enregistrer les modifications',
    saving: 'Enregistrement… {done} unités sur {total}',
    saved: 'Enregistré : {n} unités modifiées.',
    nothingToSave: 'Rien n’a changé.',
    fix: 'Vérifiez les {n} chiffres signalés ci-dessous.',
    notCount: 'Saisissez un nombre entier de personnes, par exemple {example}.',
    tooBig: 'C’est plus de personnes qu’aucun pays n’en compte.',
    stale: '{name} a été modifié par quelqu’un d’autre pendant votre saisie. Le tableau montre maintenant ses chiffres ; saisissez à nouveau les vôtres si besoin.',
    importTitle: 'Remplir depuis un fichier CSV',
    importHint: 'Une ligne d’en-tête puis une ligne par unité : son nom ou son code (DHIS2, SNIS ou liste des établissements) et sa population, séparés par des virgules, des points-virgules ou des tabulations. Les chiffres remplissent le tableau pour l’année choisie ci-dessus ; rien n’est enregistré avant que vous n’enregistriez.',
    file: 'Fichier CSV',
    filled: '{n} unités remplies depuis le fichier. Vérifiez-les, puis enregistrez.',
    noHeader: 'Le fichier doit avoir une ligne d’en-tête qui nomme l’unité (ou son code) et la colonne de population.',
    unmatched: 'Ligne {line} : « {unit} » n’est ni une région ni un district de ce pays.',
    ambiguous: 'Ligne {line} : plusieurs unités s’appellent « {unit} » ; utilisez plutôt son code.',
    noUnits: 'Pas encore de régions ni de districts. Ajoutez-les d’abord dans Unités.',
  },
  pt: {
    title: 'População por unidade',
    intro: 'A população de cada região e distrito num ano: aquilo por que se divide a densidade de profissionais de saúde por 10 000 habitantes. Uma unidade sem população para o ano mostra «população não introduzida» na página Números; o número de um ano anterior é usado até ser introduzido um mais recente.',
    year: 'Ano',
    unit: 'Unidade',
    level: 'Nível',
    level1: 'primeiro nível',
    level2: 'segundo nível',
    population: 'População em {year}',
    carried: 'a usar {year}: {value}',
    none: 'não introduzida',
    inUnit: 'em {name}',
    save: 'Guardar as alterações',
    saving: 'A guardar… {done} de {total} unidades',
    saved: 'Guardado: {n} unidades alteradas.',
    nothingToSave: 'Nada foi alterado.',
    fix: 'Verifique os {n} números assinalados abaixo.',
    notCount: 'Escreva um número inteiro de pessoas, por exemplo {example}.',
    tooBig: 'São mais pessoas do que qualquer país tem.',
    stale: '{name} foi alterado por outra pessoa enquanto editava. A tabela mostra agora os números dela; introduza de novo os seus onde for preciso.',
    importTitle: 'Preencher a partir de um ficheiro CSV',
    importHint: 'Uma linha de cabeçalho e uma linha por unidade: o nome ou o código (DHIS2, SIS ou lista de unidades de saúde) e a população, separados por vírgulas, pontos e vírgulas ou tabulações. Os números preenchem a tabela para o ano escolhido acima; nada é guardado até guardar.',
    file: 'Ficheiro CSV',
    filled: '{n} unidades preenchidas a partir do ficheiro. Verifique-as e guarde.',
    noHeader: 'O ficheiro precisa de uma linha de cabeçalho que indique a unidade (ou o código) e a coluna da população.',
    unmatched: 'Linha {line}: «{unit}» não é uma região nem um distrito deste país.',
    ambiguous: 'Linha {line}: várias unidades chamam-se «{unit}»; use o código.',
    noUnits: 'Ainda não há regiões nem distritos. Adicione-os primeiro em Unidades.',
  },
})

type Unit = { unitId: string; name: string; level: number; parentId: string | null; codes: string[]; population: { year: number; value: number }[]; version: number }
const ROWS_PER_SAVE = 45
const MAX = 2_000_000_000

/**
 * The ministry admin's population table: one year at a time, a row per first- and second-level unit (each
 * region followed by its districts), numbers typed as people type them and shown with the reader's
 * thousands separator. Only the rows changed are sent, each with the version it was read at.
 */
export function Populations() {
  const thisYear = new Date().getFullYear()
  const [year, setYear] = createSignal(thisYear)
  const [tick, setTick] = createSignal(0)
  const [table, { refetch }] = createResource(tick, () => api<{ units: Unit[] }>('GET', '/api/v1/indicators/population-table'))
  const units = () => table.latest?.units ?? []
  const [edits, setEdits] = createSignal<Record<string, string>>({})
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const [message, setMessage] = createSignal<{ text: string; kind: 'status' | 'alert' }>()
  const [busy, setBusy] = createSignal(false)
  const [fileNotes, setFileNotes] = createSignal<string[]>([])
  const names = createMemo(() => new Map(units().map((u) => [u.unitId, u.name])))
  const fmt = (n: number) => new Intl.NumberFormat(lang()).format(n)
  const stored = (u: Unit) => u.population.find((p) => p.year === year())?.value
  const carried = (u: Unit) => [...u.population].filter((p) => p.year < year()).sort((a, b) => b.year - a.year)[0]
  const shown = (u: Unit) => edits()[u.unitId] ?? (stored(u) === undefined ? '' : fmt(stored(u)!))
  const years = Array.from({ length: 27 }, (_, i) => thisYear + 1 - i)

  const check = (typed: string): { value: number | null } | { error: string } => {
    if (!typed.trim()) return { value: null }
    const n = parseCount(typed)
    if (n === undefined || n < 1) return { error: w('notCount', { example: fmt(1_250_000) }) }
    if (n > MAX) return { error: w('tooBig') }
    return { value: n }
  }
  const edit = (id: string, typed: string) => {
    setEdits({ ...edits(), [id]: typed })
    if (errors()[id]) setErrors(({ [id]: _, ...rest }) => rest)
  }
  // on leaving a field, a valid figure is shown as the reader writes numbers
  const tidy = (u: Unit) => {
    const typed = edits()[u.unitId]
    if (typed === undefined) return
    const c = check(typed)
    if ('error' in c) setErrors({ ...errors(), [u.unitId]: c.error })
    else if (c.value !== null) setEdits({ ...edits(), [u.unitId]: fmt(c.value) })
  }
  const changeYear = (y: number) => {
    setYear(y)
    setEdits({})
    setErrors({})
    setMessage(undefined)
  }

  const save = async (e: SubmitEvent) => {
    e.preventDefault()
    setMessage(undefined)
    const found: Record<string, string> = {}
    const changes: { unitId: string; value: number | null; version: number }[] = []
    for (const u of units()) {
      const typed = edits()[u.unitId]
      if (typed === undefined) continue
      const c = check(typed)
      if ('error' in c) found[u.unitId] = c.error
      else if (c.value !== (stored(u) ?? null)) changes.push({ unitId: u.unitId, value: c.value, version: u.version })
    }
    setErrors(found)
    if (Object.keys(found).length) {
      setMessage({ text: w('fix', { n: Object.keys(found).length }), kind: 'alert' })
      document.getElementById(`pop-${Object.keys(found)[0]}`)?.focus()
      return
    }
    if (!changes.length) return setMessage({ text: w('nothingToSave'), kind: 'status' })
    setBusy(true)
    let done = 0
    try {
      // a save holds at most ROWS_PER_SAVE units (one transaction each); a long table goes in parts
      for (let i = 0; i < changes.length; i += ROWS_PER_SAVE) {
        setMessage({ text: w('saving', { done, total: changes.length }), kind: 'status' })
        const part = changes.slice(i, i + ROWS_PER_SAVE)
        await api('PUT', '/api/v1/indicators/population-table', { body: { year: year(), values: part } })
        done += part.length
        setEdits(({ ...rest }) => (part.forEach((p) => delete rest[p.unitId]), rest))
      }
      setMessage({ text: w('saved', { n: done }), kind: 'status' })
    } catch (err) {
      const p = err instanceof ApiError ? err.problem : undefined
      if (p?.code === 'version.mismatch' && typeof p.unitId === 'string') {
        setEdits(({ [p.unitId as string]: _, ...rest }) => rest)
        // the message says the table shows their figures: it is read again first
        await refetch()
        setMessage({ text: w('stale', { name: names().get(p.unitId) ?? String(p.unitName ?? '') }), kind: 'alert' })
      } else setMessage({ text: errorText(err), kind: 'alert' })
    } finally {
      setBusy(false)
      setTick(tick() + 1)
    }
  }

  const importFile = async (file: File | undefined) => {
    if (!file) return
    setFileNotes([])
    const lines = readPopulationCsv(await readText(file))
    if (lines === 'no-header') return setMessage({ text: w('noHeader'), kind: 'alert' })
    const next = { ...edits() }
    const notes: string[] = []
    let filled = 0
    for (const line of lines) {
      const unit = matchUnit(line, units())
      const label = line.unit || line.code
      if (unit === 'ambiguous') notes.push(w('ambiguous', { line: line.line, unit: label }))
      else if (!unit) notes.push(w('unmatched', { line: line.line, unit: label }))
      else {
        next[unit.unitId] = line.value
        filled++
      }
    }
    setEdits(next)
    setFileNotes(notes)
    setMessage({ text: w('filled', { n: filled }), kind: 'status' })
    // the file's figures are checked as typed ones are
    const found: Record<string, string> = {}
    for (const [id, typed] of Object.entries(next)) {
      const c = check(typed)
      if ('error' in c) found[id] = c.error
    }
    setErrors(found)
  }

  return (
    <section class="populations">
      <h1>{w('title')}</h1>
      <p class="muted">{w('intro')}</p>
      <Show when={message()}>{(m) => <p class={m().kind === 'alert' ? 'error' : 'notice'} role={m().kind}>{m().text}</p>}</Show>
      <Show when={!table.error} fallback={<p class="error" role="alert">{errorText(table.error)}</p>}>
        <Show when={table.latest} fallback={<p role="status">{t('loading')}</p>}>
          <div class="filters">
            <div class="field">
              <label for="pop-year">{w('year')}</label>
              <select id="pop-year" value={year()} onChange={(e) => changeYear(Number(e.currentTarget.value))}>
                <For each={years}>{(y) => <option value={y}>{y}</option>}</For>
              </select>
            </div>
            <div class="field">
              <label for="pop-file">{w('file')}</label>
              <input id="pop-file" type="file" accept=".csv,.txt,text/csv" aria-describedby="pop-file-hint" onChange={(e) => importFile(e.currentTarget.files?.[0])} />
            </div>
          </div>
          <details class="hint">
            <summary>{w('importTitle')}</summary>
            <p id="pop-file-hint" class="muted">{w('importHint')}</p>
          </details>
          <Show when={fileNotes().length}>
            <ul class="error">
              <For each={fileNotes()}>{(n) => <li>{n}</li>}</For>
            </ul>
          </Show>
          <Show when={units().length} fallback={<p class="empty">{w('noUnits')}</p>}>
            <form onSubmit={save} novalidate aria-label={w('title')} aria-busy={busy()}>
              <Scroll label={w('title')}>
                <table class="population-table">
                  <thead>
                    <tr>
                      <th scope="col">{w('unit')}</th>
                      <th scope="col">{w('level')}</th>
                      <th scope="col">{w('population', { year: year() })}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <For each={units()}>
                      {(u) => (
                        <tr classList={{ sub: u.level === 2 }} data-unit={u.unitId}>
                          <th scope="row">
                            {u.name}
                            <Show when={u.parentId}>
                              <span class="sr-only"> ({w('inUnit', { name: names().get(u.parentId!) ?? '' })})</span>
                            </Show>
                          </th>
                          <td class="muted">{u.level === 1 ? w('level1') : w('level2')}</td>
                          <td>
                            <input
                              id={`pop-${u.unitId}`}
                              inputmode="numeric"
                              autocomplete="off"
                              aria-label={`${u.name}: ${w('population', { year: year() })}`}
                              aria-invalid={!!errors()[u.unitId]}
                              aria-describedby={`pop-${u.unitId}-note`}
                              value={shown(u)}
                              placeholder={w('none')}
                              onInput={(e) => edit(u.unitId, e.currentTarget.value)}
                              onBlur={() => tidy(u)}
                            />
                            <span id={`pop-${u.unitId}-note`} class={errors()[u.unitId] ? 'field-error' : 'muted hint'}>
                              {errors()[u.unitId] ?? (stored(u) === undefined && carried(u) ? w('carried', { year: carried(u)!.year, value: fmt(carried(u)!.value) }) : '')}
                            </span>
                          </td>
                        </tr>
                      )}
                    </For>
                  </tbody>
                </table>
              </Scroll>
              <div class="actions">
                <button type="submit" disabled={busy()}>{w('save')}</button>
              </div>
            </form>
          </Show>
        </Show>
      </Show>
    </section>
  )
}
