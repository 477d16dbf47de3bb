import {formatCost, type Cost} from '../../core/pricing/cost.js'
import {escapeHtml} from './escape.js'

/**
 * Small hand-written SVG charts (no library, no network): each function returns one `<svg>`
 * element with every text escaped. Sizes are in CSS pixels; the page scales them to its width.
 */

/** Distinct colours for up to a few dozen series, spaced by the golden angle. */
export function seriesColor(index: number): string {
  return `hsl(${Math.round((index * 137.508) % 360)} 65% 45%)`
}

export interface IntervalRow {
  label: string
  score: number
  halfWidth: number
  /** Bounds of an interval that is not symmetric (a percentile bootstrap); score ± halfWidth otherwise. */
  low?: number
  high?: number
}

const CHART_WIDTH = 520

/** Room for the longest label at about 7 pixels a character, within bounds. */
function labelWidth(labels: readonly string[]): number {
  return Math.min(480, Math.max(120, 16 + 7 * Math.max(...labels.map((label) => label.length))))
}
const ROW_HEIGHT = 24

/** Horizontal interval bars: a dot at the score, a bar over score ± half-width, on a shared axis. */
export function intervalChart(rows: readonly IntervalRow[], title: string): string {
  const labelSpace = labelWidth(rows.map((row) => row.label))
  const lowOf = (row: IntervalRow): number => row.low ?? row.score - row.halfWidth
  const highOf = (row: IntervalRow): number => row.high ?? row.score + row.halfWidth
  const low = Math.floor(Math.min(...rows.map(lowOf)) / 5) * 5
  const high = Math.ceil(Math.max(...rows.map(highOf)) / 5) * 5
  const span = Math.max(high - low, 1)
  const x = (value: number): number => labelSpace + ((value - low) / span) * CHART_WIDTH
  const height = rows.length * ROW_HEIGHT + 40
  const ticks = axisTicks(low, high).map(
    (tick) => `<line x1="${x(tick)}" x2="${x(tick)}" y1="10" y2="${height - 25}" class="grid"/><text x="${x(tick)}" y="${height - 8}" text-anchor="middle">${tick}</text>`,
  )
  const bars = rows.map((row, index) => {
    const y = 20 + index * ROW_HEIGHT
    return (
      `<g class="interval"><text x="${labelSpace - 8}" y="${y + 4}" text-anchor="end">${escapeHtml(row.label)}</text>` +
      `<line x1="${x(lowOf(row))}" x2="${x(highOf(row))}" y1="${y}" y2="${y}" stroke="${seriesColor(index)}" stroke-width="8" stroke-linecap="round" opacity="0.45"/>` +
      `<circle cx="${x(row.score)}" cy="${y}" r="5" fill="${seriesColor(index)}"/>` +
      `<text x="${x(highOf(row)) + 10}" y="${y + 4}">${row.low === undefined ? `${row.score.toFixed(1)} ± ${row.halfWidth.toFixed(1)}` : `${row.score.toFixed(1)} (${lowOf(row).toFixed(1)} to ${highOf(row).toFixed(1)})`}</text></g>`
    )
  })
  return svg(labelSpace + CHART_WIDTH + 90, height, title, [...ticks, ...bars])
}

export interface BarGroup {
  label: string
  /** One value per series (null where the series has none), in points 0 to 100. */
  values: (number | null)[]
}

/** Grouped horizontal bars, 0 to 100: one group per category, one bar per model. */
export function groupedBarChart(groups: readonly BarGroup[], series: readonly string[], title: string): string {
  const labelSpace = labelWidth(groups.map((group) => group.label))
  const barHeight = 8
  const groupHeight = series.length * barHeight + 12
  const x = (value: number): number => labelSpace + (value / 100) * CHART_WIDTH
  const legendColumn = 30 + 7 * Math.max(...series.map((name) => name.length))
  const perRow = Math.max(1, Math.floor((labelSpace + CHART_WIDTH) / legendColumn))
  const legendHeight = Math.ceil(series.length / perRow) * 18 + 10
  const height = legendHeight + groups.length * groupHeight + 30
  const legend = series.map((name, index) => {
    const left = 10 + (index % perRow) * legendColumn
    const top = Math.floor(index / perRow) * 18
    return `<rect x="${left}" y="${top + 4}" width="12" height="12" fill="${seriesColor(index)}"/><text x="${left + 18}" y="${top + 14}">${escapeHtml(name)}</text>`
  })
  const ticks = [0, 25, 50, 75, 100].map(
    (tick) => `<line x1="${x(tick)}" x2="${x(tick)}" y1="${legendHeight}" y2="${height - 25}" class="grid"/><text x="${x(tick)}" y="${height - 8}" text-anchor="middle">${tick}</text>`,
  )
  const bars = groups.map((group, groupIndex) => {
    const top = legendHeight + groupIndex * groupHeight
    const rects = group.values.map((value, index) =>
      value === null
        ? ''
        : `<rect class="bar" x="${labelSpace}" y="${top + index * barHeight}" width="${Math.max(0.5, x(value) - labelSpace)}" height="${barHeight - 1}" fill="${seriesColor(index)}"><title>${escapeHtml(`${series[index]}: ${value.toFixed(1)}`)}</title></rect>`,
    )
    return `<g><text x="${labelSpace - 8}" y="${top + (series.length * barHeight) / 2 + 4}" text-anchor="end">${escapeHtml(group.label)}</text>${rects.join('')}</g>`
  })
  return svg(labelSpace + CHART_WIDTH + 40, height, title, [...ticks, ...legend, ...bars])
}

export interface ScatterPoint {
  label: string
  cost: Cost
  score: number
}

/** Score against cost (log scale when costs span more than a factor of 20); models of unknown cost are listed under it by the caller. */
export function costScatter(points: readonly ScatterPoint[], title: string): string {
  const known = points.flatMap((point, index) => (point.cost === 'unknown' ? [] : [{...point, cost: point.cost, index}]))
  const width = 760
  const height = 380
  const margin = {left: 60, right: 200, top: 20, bottom: 45}
  const costs = known.map((point) => Math.max(point.cost, 1e-6))
  const logScale = Math.max(...costs) / Math.min(...costs) > 20
  const scale = (value: number): number => (logScale ? Math.log10(Math.max(value, 1e-6)) : value)
  const costLow = logScale ? Math.min(...costs.map(scale)) : 0
  const costHigh = Math.max(...costs.map(scale))
  const scoreLow = Math.floor(Math.min(...known.map((point) => point.score)) / 10) * 10
  const scoreHigh = Math.min(100, Math.ceil(Math.max(...known.map((point) => point.score)) / 10) * 10)
  const plotWidth = width - margin.left - margin.right
  const plotHeight = height - margin.top - margin.bottom
  const x = (cost: number): number => margin.left + ((scale(cost) - costLow) / Math.max(costHigh - costLow, 1e-9)) * plotWidth
  const y = (score: number): number => margin.top + (1 - (score - scoreLow) / Math.max(scoreHigh - scoreLow, 1)) * plotHeight
  const axes = [
    `<line x1="${margin.left}" x2="${margin.left + plotWidth}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" class="axis"/>`,
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotHeight}" class="axis"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">cost (USD${logScale ? ', log scale' : ''})</text>`,
    `<text x="14" y="${margin.top + plotHeight / 2}" transform="rotate(-90 14 ${margin.top + plotHeight / 2})" text-anchor="middle">score</text>`,
    `<text x="${margin.left - 6}" y="${y(scoreHigh) + 4}" text-anchor="end">${scoreHigh}</text>`,
    `<text x="${margin.left - 6}" y="${y(scoreLow) + 4}" text-anchor="end">${scoreLow}</text>`,
  ]
  const dots = known.map(
    (point) =>
      `<g class="point"><circle cx="${x(point.cost)}" cy="${y(point.score)}" r="6" fill="${seriesColor(point.index)}"/>` +
      `<text x="${x(point.cost) + 9}" y="${y(point.score) + 4}">${escapeHtml(`${point.label} (${formatCost(point.cost)})`)}</text></g>`,
  )
  return svg(width, height, title, [...axes, ...dots])
}

function axisTicks(low: number, high: number): number[] {
  const span = high - low
  // Scores span 0 to 100; Elo ratings hundreds of points: about a dozen ticks either way.
  const step = span <= 40 ? 5 : span <= 120 ? 10 : ([25, 50, 100, 250, 500].find((candidate) => span / candidate <= 12) ?? 1000)
  const ticks: number[] = []
  for (let tick = Math.ceil(low / step) * step; tick <= high; tick += step) ticks.push(tick)
  return ticks
}

function svg(width: number, height: number, title: string, children: readonly string[]): string {
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}" xmlns="http://www.w3.org/2000/svg"><title>${escapeHtml(title)}</title>${children.join('')}</svg>`
}
