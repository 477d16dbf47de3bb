import {formatCost} from '../core/pricing/cost.js'
import type {Cell, ColumnKind} from './report-tables.js'
import {formatCount} from '../core/format-count.js'

/** A cell as people read it: one decimal for points, "unknown" kept as is, "—" where there is no value. */
export function formatCell(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '—'
  if (typeof cell === 'boolean') return cell ? 'yes' : 'no'
  if (typeof cell === 'string') return cell
  switch (kind) {
    case 'points':
    case 'rate':
      return cell.toFixed(1)
    case 'kappa':
    case 'correlation':
      return cell.toFixed(3)
    case 'p':
      return cell < 0.001 ? cell.toExponential(1) : cell.toPrecision(3)
    case 'count':
      return formatCount(cell)
    case 'usd':
      return formatCost(cell)
    case 'seconds':
      return formatDuration(cell)
    case 'text':
      return String(cell)
  }
}

/** `42 s`, `12 min`, `3.5 h`: a batch's wall time at a glance. */
export function formatDuration(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`
  return `${(seconds / 3600).toFixed(1)} h`
}
