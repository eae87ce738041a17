import { createEffect, createSignal, For, onCleanup, Show, type JSX } from 'solid-js'
import type { ChartSpec } from '../lib/chart'
import { saveFile, toCsv } from '../lib/figures'
import { lang } from '../lib/i18n'
import { words } from '../lib/words'

const w = words({
  en: { csv: 'Download CSV', png: 'Download PNG', table: 'Show as a table', loadFailed: 'The chart could not be drawn; the table below has every figure.' },
  fr: { csv: 'Télécharger en CSV', png: 'Télécharger en PNG', table: 'Voir sous forme de tableau', loadFailed: 'Le graphique n’a pas pu être dessiné ; le tableau ci-dessous contient tous les chiffres.' },
  pt: { csv: 'Descarregar CSV', png: 'Descarregar PNG', table: 'Ver como tabela', loadFailed: 'Não foi possível desenhar o gráfico; a tabela abaixo tem todos os números.' },
})

export type FigureTable = { head: string[]; rows: string[][] }

/** A table that may scroll sideways on a phone: focusable and named, so a keyboard can scroll it too. */
export const Scroll = (props: { label: string; children: JSX.Element }) => (
  <div class="table-scroll contained" tabIndex={0} role="region" aria-label={props.label}>
    {props.children}
  </div>
)

/**
 * One chart with what makes it usable by everyone: a title, the same figures as a table (for screen
 * readers and for reading exact values), CSV and PNG downloads, and notes (definitions, reference lines).
 * Chart.js is imported on first use, so only the pages that draw charts download it.
 */
export function ChartFigure(props: {
  id: string
  title: string
  spec: () => Omit<ChartSpec, 'locale'>
  table: () => FigureTable
  csv: () => { header: string[]; rows: unknown[][] }
  /** a taller box for charts with many bars (units, cadres) */
  tall?: boolean
  children?: JSX.Element
}) {
  let canvas!: HTMLCanvasElement
  const [failed, setFailed] = createSignal(false)
  let chart: { destroy: () => void; toBase64Image: () => string } | undefined
  createEffect(() => {
    const spec = { ...props.spec(), locale: lang() }
    void import('../lib/chart')
      .then(({ draw }) => {
        chart?.destroy()
        chart = draw(canvas, spec)
      })
      .catch(() => setFailed(true))
  })
  onCleanup(() => chart?.destroy())
  const file = (ext: string) => `${props.id}-${new Date().toISOString().slice(0, 10)}.${ext}`
  return (
    <figure class="card chart" id={props.id}>
      <figcaption>
        <h2>{props.title}</h2>
      </figcaption>
      <div class="chart-box" classList={{ tall: props.tall }}>
        <canvas ref={canvas} role="img" aria-label={props.title} />
      </div>
      <Show when={failed()}>
        <p class="error">{w('loadFailed')}</p>
      </Show>
      {props.children}
      <div class="buttons">
        <button type="button" class="secondary" onClick={() => saveFile(file('csv'), toCsv(props.csv().header, props.csv().rows))}>{w('csv')}</button>
        <button type="button" class="secondary" onClick={() => chart && saveFile(file('png'), chart.toBase64Image())}>{w('png')}</button>
      </div>
      <details>
        <summary>{w('table')}</summary>
        <Scroll label={props.title}>
          <table>
            <thead>
              <tr>
                <For each={props.table().head}>{(h) => <th scope="col">{h}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={props.table().rows}>
                {(r) => (
                  <tr>
                    <For each={r}>{(c, i) => (i() === 0 ? <th scope="row">{c}</th> : <td>{c}</td>)}</For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Scroll>
      </details>
    </figure>
  )
}
