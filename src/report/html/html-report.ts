import {createHash} from 'node:crypto'

import type {Comparison, CompareReport} from '../../core/compare/compare.js'
import {formatCell} from '../format-cell.js'
import {boards, categoriesWideTable, leaderboardTables, pairsTable, reportTables, significanceMatrix, type ReportTable} from '../report-tables.js'
import {inputNotes} from '../text-report.js'
import {escapeHtml, jsonForScript} from './escape.js'
import {riddleBrowserData, MAX_BROWSER_RIDDLES} from './riddle-data.js'
import {RIDDLE_BROWSER_SCRIPT} from './riddle-browser-script.js'
import {costScatter, groupedBarChart, intervalChart} from './svg-charts.js'
import {PAGE_STYLE} from './style.js'
import {formatCount} from '../../core/format-count.js'

/**
 * `bench compare --format html`: one self-contained page. Charts are inline SVG, the only script
 * is inline, and the Content-Security-Policy allows nothing else (no network at all, and no
 * script but this one, by hash): model text is escaped, and were it not, it still could not run.
 */
export function renderHtmlReport(comparison: Comparison, otherSections: readonly {id: string; html: string}[] = []): string {
  const {report} = comparison
  const browser = riddleBrowserData(comparison)
  const scriptHash = createHash('sha256').update(RIDDLE_BROWSER_SCRIPT).digest('base64')
  const policy = `default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-${scriptHash}'`
  const sections = [
    notesSection(report),
    leaderboardSection(report),
    matrixSection(report),
    notJudgedSection(report),
    categorySection(report),
    hintsSection(report),
    judgesSection(report),
    costSection(report),
    ...otherSections.map((part) => part.html),
    riddleSection(browser.total_riddles, browser.riddles.length, browser.justification_limit),
  ]
  const nav = ['leaderboard', 'significance', 'categories', 'judges', 'cost', ...otherSections.map((part) => part.id), 'riddles']
  return htmlPage({
    policy,
    title: `bench compare: ${report.leaderboard.length} models`,
    summary: summaryLine(report),
    nav,
    main: sections.join('\n'),
    scripts: `<script type="application/json" id="riddle-data">${jsonForScript(browser)}</script>\n<script>${RIDDLE_BROWSER_SCRIPT}</script>\n`,
  })
}

/** The page around the report's sections: its security policy, style, header and navigation. Text is escaped here. */
export function htmlPage(page: {policy: string; title: string; heading?: string; summary: string; nav: readonly string[]; main: string; scripts?: string}): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${page.policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(page.heading ?? 'Model comparison')}</h1><p>${escapeHtml(page.summary)}</p>
<nav>${page.nav.map((id) => `<a href="#${id}">${id}</a>`).join(' · ')}</nav></header>
<main>
${page.main}
</main>
${page.scripts ?? ''}</body>
</html>
`
}

function summaryLine(report: CompareReport): string {
  const method = report.method === 'calibrated' ? `calibrated against ${report.calibration?.file}` : 'jury mean with a 95% Wilson interval over riddles'
  return `${report.leaderboard.length} models, field ${report.field}, ${method}; ${report.resamples} resamples, seed ${report.seed}.`
}

/** Skipped files and files read on their riddle ids alone. */
function notesSection(report: CompareReport): string {
  const notes = inputNotes(report)
  return notes.length === 0 ? '' : `<section class="notes">${notes[0]!.split('\n').map((line) => `<p class="note">${escapeHtml(line)}</p>`).join('')}</section>`
}

/** One chart and table per board: runs of another split or hints level are not ranked together. */
function leaderboardSection(report: CompareReport): string {
  const tables = leaderboardTables(report)
  const body = boards(report)
    .map((board, index) => {
      const rows = report.leaderboard.filter((row) => row.board === board).map((row) => ({label: `${row.rank}. ${row.label}`, score: row.score, halfWidth: row['95% CI (±)']}))
      const title = tables.length > 1 ? `<h3>${escapeHtml(board)}</h3>` : ''
      return title + intervalChart(rows, 'Scores with their 95% intervals') + htmlTable(tables[index]!)
    })
    .join('')
  return section('leaderboard', 'Leaderboard', body)
}

function notJudgedSection(report: CompareReport): string {
  const table = reportTables(report).find((candidate) => candidate.id === 'not_judged')
  return table === undefined ? '' : section('not-judged', 'Not judged', htmlTable(table))
}

function matrixSection(report: CompareReport): string {
  const several = boards(report).length > 1
  const matrices = boards(report)
    .map((board) => (several ? `<h3>${escapeHtml(board)}</h3>` : '') + boardMatrix(report, board, several ? ` id="significance-matrix-${board.replace(/[^A-Za-z0-9]+/g, '-')}"` : ' id="significance-matrix"'))
    .join('')
  const underpowered = report.pairs.filter((pair) => pair.compared && pair.underpowered).length
  const note = `<p class="note">Row against column: <span class="better-key">&gt;</span> significantly better, <span class="worse-key">&lt;</span> significantly worse, · no significant difference (paired bootstrap 95% interval of the difference), ? not compared (no riddles in common). ${underpowered} of ${report.pairs.length} pairs are too close for their n to tell apart at 80% power.</p>`
  const details = `<details><summary>Every pair: difference, interval, McNemar, correlation, detectable difference</summary>${htmlTable(pairsTable(report))}</details>`
  return section('significance', 'Which differences are real', `${matrices}${note}${details}`)
}

function boardMatrix(report: CompareReport, board: string, id: string): string {
  const {labels, cells} = significanceMatrix(report, board)
  const header = `<tr><th></th>${labels.map((_, index) => `<th title="${escapeHtml(labels[index]!)}">${index + 1}</th>`).join('')}</tr>`
  const rows = cells.map((row, index) => {
    const tds = row.map((cell, column) => {
      const pair = `${labels[index]} vs ${labels[column]}`
      const kind = cell === '>' ? 'better' : cell === '<' ? 'worse' : cell === '' ? 'self' : cell === '?' ? 'not-compared' : 'same'
      return `<td class="matrix ${kind}" title="${escapeHtml(pair)}">${escapeHtml(cell)}</td>`
    })
    return `<tr><th class="row-label">${index + 1}. ${escapeHtml(labels[index]!)}</th>${tds.join('')}</tr>`
  })
  return `<table class="matrix-table"${id}>${header}${rows.join('')}</table>`
}

function categorySection(report: CompareReport): string {
  if (report.categories.rows.length === 0) {
    return section('categories', 'Per category', '<p class="note">No dataset gives categories for these riddles: pass --dataset FILE (a Layton JSONL) to break scores down by category.</p>')
  }
  const table = categoriesWideTable(report)
  const models = report.leaderboard.map((row) => row.label)
  const groups = table.rows.map((row) => ({label: `${row[0]} (n=${row[1]})`, values: row.slice(2) as (number | null)[]}))
  return section('categories', 'Per category', groupedBarChart(groups, models, 'Jury mean per category') + htmlTable(table))
}

function hintsSection(report: CompareReport): string {
  const table = reportTables(report).find((candidate) => candidate.id === 'hints')
  return table === undefined ? '' : section('hints', 'Per hints level', htmlTable(table))
}

function judgesSection(report: CompareReport): string {
  const tables = reportTables(report)
  const pick = (id: string): string => {
    const table = tables.find((candidate) => candidate.id === id)
    return table === undefined ? '' : htmlTable(table)
  }
  return section('judges', 'Judges', pick('judges') + kappaMatrix(report) + pick('judge_agreement') + pick('judge_by_model'))
}

/** Judge-against-judge Cohen's kappa as a shaded grid (darker: more agreement). */
function kappaMatrix(report: CompareReport): string {
  const judges = report.judges.judges.map((judge) => judge.judge)
  const kappaOf = (a: string, b: string): number | null | undefined =>
    report.judges.agreement.find((pair) => (pair.judges[0] === a && pair.judges[1] === b) || (pair.judges[0] === b && pair.judges[1] === a))?.cohen_kappa
  return kappaGrid("Cohen's kappa between judges", 'kappa-matrix', judges, kappaOf)
}

/** A shaded grid of Cohen's kappa between every two of `names` (darker: more agreement); empty under two names. */
export function kappaGrid(title: string, id: string, names: readonly string[], kappaOf: (a: string, b: string) => number | null | undefined): string {
  if (names.length < 2) return ''
  const rows = names.map((first) => {
    const cells = names.map((second) => {
      if (first === second) return '<td class="matrix self"></td>'
      const kappa = kappaOf(first, second)
      if (kappa === undefined || kappa === null) return '<td class="matrix same">—</td>'
      const shade = Math.round(Math.max(0, Math.min(1, kappa)) * 70)
      return `<td class="matrix" style="background: hsl(210 70% ${95 - shade * 0.6}%)">${kappa.toFixed(2)}</td>`
    })
    return `<tr><th class="row-label">${escapeHtml(first)}</th>${cells.join('')}</tr>`
  })
  return `<h3>${escapeHtml(title)}</h3><table class="matrix-table" id="${id}"><tr><th></th>${names.map((name) => `<th>${escapeHtml(name)}</th>`).join('')}</tr>${rows.join('')}</table>`
}

function costSection(report: CompareReport): string {
  const points = report.leaderboard.map((row) => ({label: row.label, cost: row.cost_usd, score: row.score}))
  const unknown = points.filter((point) => point.cost === 'unknown').map((point) => point.label)
  const chart = points.length > unknown.length ? costScatter(points, 'Score against cost') : '<p class="note">No model has a known cost.</p>'
  const note = unknown.length === 0 ? '' : `<p class="note">Cost unknown (not in the price table, or no usage recorded, as in batchling files): ${escapeHtml(unknown.join(', '))}.</p>`
  return section('cost', 'Cost against score', chart + note)
}

function riddleSection(total: number, shown: number, justificationLimit: number): string {
  const cap = total > shown ? ` Showing the first ${formatCount(shown)} of ${formatCount(total)} riddles (at most ${formatCount(MAX_BROWSER_RIDDLES)}); the JSON output has every number.` : ''
  const controls = `<div class="controls">
<input id="riddle-search" type="search" placeholder="Filter: riddle id, category, answer or justification text">
<select id="riddle-model"><option value="all">All models</option></select>
<select id="riddle-outcome"><option value="all">All riddles</option><option value="models-disagree">Models disagree</option><option value="judges-disagree">Judges disagree</option><option value="unsolved">No model solved it</option></select>
<button id="riddle-previous" type="button">Previous</button><button id="riddle-next" type="button">Next</button>
<span id="riddle-count"></span></div>`
  const table = `<table id="riddle-table"><thead><tr><th>riddle</th><th>category</th><th>model</th><th>jury</th><th>answer</th><th>justification</th><th>verdicts</th></tr></thead><tbody></tbody></table>`
  return section('riddles', 'Every riddle', `<p class="note">Justifications are cut at ${formatCount(justificationLimit)} characters to keep this file small.${cap}</p>${controls}${table}`)
}

export function htmlTable(table: ReportTable): string {
  const header = table.columns.map((column) => `<th>${escapeHtml(column.name)}</th>`).join('')
  const rows = table.rows.map((row) => {
    const cells = row.map((cell, index) => {
      const kind = table.columns[index]!.kind
      const text = formatCell(cell, kind)
      const className = kind === 'text' ? (text === 'SAME VENDOR' ? ' class="flag"' : '') : ' class="number"'
      return `<td${className}>${escapeHtml(text)}</td>`
    })
    return `<tr>${cells.join('')}</tr>`
  })
  const notes = (table.notes ?? []).map((note) => `<p class="note">${escapeHtml(note)}</p>`).join('')
  return `<h3>${escapeHtml(table.title)}</h3><div class="scroll"><table id="table-${table.id}"><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table></div>${notes}`
}

export function section(id: string, title: string, content: string): string {
  return `<section id="${id}"><h2>${escapeHtml(title)}</h2>${content}</section>`
}
