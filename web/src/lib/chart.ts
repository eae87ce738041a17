import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type Plugin } from 'chart.js'

/**
 * Chart.js with only the parts the indicator pages draw (bars, lines), registered once. This module is
 * imported on demand by components/ChartFigure.tsx, so the console's first download never carries it.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Legend, Tooltip)

export type Series = { label: string; values: (number | null)[]; color?: string }
/** a value line across the chart (a threshold, a median), labelled on the canvas with a short text */
export type ValueLine = { value: number; short: string; dashed?: boolean }
export type ChartSpec = {
  kind: 'bar' | 'hbar' | 'line' | 'pyramid'
  labels: string[]
  series: Series[]
  lines?: ValueLine[]
  locale: string
  /** formats a value on the axis and in tooltips, in the reader's language */
  format: (n: number) => string
}

const palette = ['#0f5c7a', '#b54708', '#2e7d32', '#6a3d9a', '#c2185b', '#5a6b7b']

// a white page behind the bars, so a downloaded PNG is not transparent
const background: Plugin = {
  id: 'background',
  beforeDraw: (chart) => {
    const { ctx } = chart
    ctx.save()
    ctx.fillStyle = '#fff'
    ctx.fillRect(0, 0, chart.width, chart.height)
    ctx.restore()
  },
}

// reference lines (WHO thresholds, the Safeguards List median) on the value axis, drawn over the bars
const valueLines = (lines: ValueLine[], horizontal: boolean): Plugin => ({
  id: 'valueLines',
  afterDatasetsDraw: (chart) => {
    const scale = chart.scales[horizontal ? 'x' : 'y']
    if (!scale) return
    const { ctx, chartArea: area } = chart
    ctx.save()
    ctx.font = '12px system-ui, sans-serif'
    ctx.fillStyle = '#1b2733'
    for (const [i, line] of lines.entries()) {
      const at = scale.getPixelForValue(line.value)
      ctx.strokeStyle = line.dashed ? '#5a6b7b' : '#b42318'
      ctx.setLineDash(line.dashed ? [6, 4] : [])
      ctx.lineWidth = 2
      ctx.beginPath()
      if (horizontal) {
        ctx.moveTo(at, area.top)
        ctx.lineTo(at, area.bottom)
        ctx.stroke()
        // the label stays inside the chart: to the left of a line near the right edge
        const width = ctx.measureText(line.short).width
        ctx.fillText(line.short, at + 3 + width > area.right ? at - 3 - width : at + 3, area.top + 12 + i * 14)
      } else {
        ctx.moveTo(area.left, at)
        ctx.lineTo(area.right, at)
        ctx.stroke()
        ctx.fillText(line.short, area.left + 4 + i * 60, at - 4)
      }
    }
    ctx.restore()
  },
})

export function draw(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  const horizontal = spec.kind === 'hbar' || spec.kind === 'pyramid'
  const pyramid = spec.kind === 'pyramid'
  const top = Math.max(0, ...spec.series.flatMap((s) => s.values.map((v) => Math.abs(v ?? 0))), ...(spec.lines ?? []).map((l) => l.value))
  const config: ChartConfiguration = {
    type: spec.kind === 'line' ? 'line' : 'bar',
    data: {
      labels: spec.labels,
      datasets: spec.series.map((s, i) => ({
        label: s.label,
        // a pyramid draws its first series (men) to the left
        data: s.values.map((v) => (pyramid && i === 0 && v !== null ? -v : v)),
        backgroundColor: s.color ?? palette[i % palette.length],
        borderColor: s.color ?? palette[i % palette.length],
        ...(pyramid ? { stack: 'pyramid' } : {}),
      })),
    },
    options: {
      locale: spec.locale,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      plugins: {
        legend: { display: spec.series.length > 1, position: 'bottom' },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${spec.format(Math.abs(c.parsed[horizontal ? 'x' : 'y'] ?? 0))}` } },
      },
      scales: {
        [horizontal ? 'x' : 'y']: {
          beginAtZero: true,
          ...(pyramid ? { min: -top, max: top, stacked: true } : { suggestedMax: top * 1.05 }),
          ticks: { callback: (v: string | number) => spec.format(Math.abs(Number(v))) },
        },
        [horizontal ? 'y' : 'x']: {
          ...(pyramid ? { stacked: true } : {}),
          // long names (occupations, units) are shortened on a narrow chart; the table and tooltip keep them whole
          ticks: {
            autoSkip: false,
            callback(this: { getLabelForValue: (v: number) => string; chart: { width: number } }, v: string | number) {
              const text = this.getLabelForValue(Number(v))
              const max = this.chart.width < 520 ? 16 : 42
              return text.length > max ? `${text.slice(0, max - 1)}…` : text
            },
          },
        },
      },
    },
    plugins: [background, ...(spec.lines?.length ? [valueLines(spec.lines, horizontal)] : [])],
  }
  return new Chart(canvas, config)
}
