import { Show } from 'solid-js'
import { textsOf, w, type Definition } from '../lib/figures'

/** An indicator's definition, numerator, denominator and source, in the reader's language. */
export function IndicatorNote(props: { definition: Definition | undefined }) {
  return (
    <Show when={props.definition}>
      {(d) => (
        <details class="indicator-note">
          <summary>
            {w('aboutIndicator')} — {textsOf(d()).name}
            <Show when={!textsOf(d()).name.includes(d().code)}>
              {' '}<span class="muted">({d().code})</span>
            </Show>
          </summary>
          <dl class="facts">
            <dt>{w('definition')}</dt>
            <dd>{textsOf(d()).definition}</dd>
            <dt>{w('numerator')}</dt>
            <dd>{textsOf(d()).numerator}</dd>
            <dt>{w('denominator')}</dt>
            <dd>{textsOf(d()).denominator}</dd>
            <dt>{w('source')}</dt>
            <dd>{textsOf(d()).source}</dd>
          </dl>
        </details>
      )}
    </Show>
  )
}

/** What "<5" and "—" mean, under every table that can show them. */
export const FigureLegend = (props: { withheld?: boolean }) => (
  <p class="muted hint legend-note">
    <Show when={props.withheld !== false}>
      {w('withheldLegend')}
      <br />
    </Show>
    {w('noFigureLegend')}
  </p>
)
