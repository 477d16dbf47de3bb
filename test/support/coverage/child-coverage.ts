import {existsSync} from 'node:fs'
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

import {mergeProcessCovs, type ProcessCov, type ScriptCov} from '@bcoe/v8-coverage'
import astV8ToIstanbul from 'ast-v8-to-istanbul'
import type {CoverageMapData, FileCoverageData, Range} from 'istanbul-lib-coverage'
import {parseAstAsync} from 'vitest/node'

/**
 * The coverage every child process wrote into `directory` (one NODE_V8_COVERAGE file per
 * process), of the scripts under `distDirectory`, mapped back to the sources through the
 * build's source maps and kept where `included` says.
 */
export async function childProcessCoverage(directory: string, distDirectory: string, included: (file: string) => boolean): Promise<Record<string, FileCoverageData>> {
  const scripts = await mergedScripts(directory, pathToFileURL(distDirectory).href + '/')
  const coverage: Record<string, FileCoverageData> = {}
  for (const script of scripts) {
    for (const [file, data] of Object.entries(await sourceCoverage(script))) {
      if (included(file)) coverage[file] = 'data' in data ? data.data : data
    }
  }
  return coverage
}

/** Each dist/ script's coverage, summed over every process that ran it. */
async function mergedScripts(directory: string, distUrl: string): Promise<ScriptCov[]> {
  if (!existsSync(directory)) return []
  const processes: ProcessCov[] = []
  for (const name of await readdir(directory)) {
    if (name.endsWith('.json')) processes.push({result: scriptsUnder(await readFile(join(directory, name)), distUrl)})
  }
  return mergeProcessCovs(processes).result
}

const SCRIPT_START = Buffer.from('{"scriptId":"')
const [QUOTE, BACKSLASH, OPEN, CLOSE] = ['"', '\\', '{', '}'].map((character) => character.charCodeAt(0))

/**
 * The scripts of one process's raw coverage file whose URL starts with `prefix`, each parsed
 * alone. A child's file is mostly node's own and node_modules' scripts (of 390 scripts and 2.7 MB,
 * 47 are bench's): parsing it whole took 70 ms a process, minutes over the suite's children.
 * V8 writes each script as {"scriptId":"…","url":"…","functions":[…]}; the marker cannot occur
 * inside a JSON string, whose quotes are escaped, and a file URL has no character JSON escapes.
 */
export function scriptsUnder(raw: Buffer, prefix: string): ScriptCov[] {
  const wanted = Buffer.from(`","url":"${prefix}`)
  const scripts: ScriptCov[] = []
  for (let start = raw.indexOf(SCRIPT_START); start !== -1; start = raw.indexOf(SCRIPT_START, start + SCRIPT_START.length)) {
    const idEnd = raw.indexOf(QUOTE!, start + SCRIPT_START.length)
    if (raw.compare(wanted, 0, wanted.length, idEnd, idEnd + wanted.length) !== 0) continue
    scripts.push(JSON.parse(raw.toString('utf8', start, objectEnd(raw, start))) as ScriptCov)
  }
  return scripts
}

/** Where the JSON object that opens at `start` ends (one past its closing brace). */
function objectEnd(raw: Buffer, start: number): number {
  let depth = 0
  let inString = false
  for (let at = start; at < raw.length; at += 1) {
    const byte = raw[at]
    if (inString) {
      if (byte === BACKSLASH) at += 1
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) inString = true
    else if (byte === OPEN) depth += 1
    else if (byte === CLOSE && --depth === 0) return at + 1
  }
  throw new Error(`a child process's coverage file ends inside a script (at byte ${start}): it was cut short`)
}

/** One built script's coverage in istanbul's terms, on the source files its map points to. */
async function sourceCoverage(script: ScriptCov): Promise<CoverageMapData> {
  const path = fileURLToPath(script.url)
  const code = await readFile(path, 'utf8')
  const map = JSON.parse(await readFile(`${path}.map`, 'utf8')) as {version: number; sources: string[]; mappings: string; names: string[]}
  // As vitest does for its own maps: sources as absolute URLs, so the result is keyed by path.
  map.sources = map.sources.map((source) => new URL(source, script.url).href)
  return astV8ToIstanbul({code, sourceMap: map, ast: parseAstAsync(code), coverage: {url: script.url, functions: script.functions}})
}

/**
 * Adds a child's counts to vitest's coverage of the same source file, each statement, function
 * and branch matched by where it starts in the source. The two maps come from different
 * compilations (vitest's transform; tsc's dist/, whose source maps are coarser): they agree on
 * where most things start but not always on where they end, which istanbul's own merge needs.
 * What finds no exact start is matched in order with what is left on the same line (tsc keeps
 * `(a / 4) * 3` parenthesized, vitest's transform starts it a column later). Returns how many of
 * the child's hit counters found no counterpart: their hits are not added.
 */
export function addChildCounts(target: FileCoverageData, child: FileCoverageData): number {
  const statements = matchByStart(target.statementMap, child.statementMap, (range) => range.start)
  const functions = matchByStart(target.fnMap, child.fnMap, (fn) => fn.loc.start)
  const branches = matchByStart(target.branchMap, child.branchMap, (branch) => branch.loc.start, (a, b) => a.locations.length === b.locations.length)
  let unmatched = 0
  for (const [from, to] of statements) {
    if (to !== undefined) target.s[to] = (target.s[to] ?? 0) + (child.s[from] ?? 0)
    else if ((child.s[from] ?? 0) > 0) unmatched += 1
  }
  for (const [from, to] of functions) {
    if (to !== undefined) target.f[to] = (target.f[to] ?? 0) + (child.f[from] ?? 0)
    else if ((child.f[from] ?? 0) > 0) unmatched += 1
  }
  for (const [from, to] of branches) {
    const counts = child.b[from] ?? []
    if (to !== undefined) target.b[to] = (target.b[to] ?? []).map((count, index) => count + (counts[index] ?? 0))
    else if (counts.some((count) => count > 0)) unmatched += 1
  }
  return unmatched
}

/** Each child item's key with the target item it stands for (undefined where none is). */
function matchByStart<Item>(targetItems: Record<string, Item>, childItems: Record<string, Item>, start: (item: Item) => Range['start'], alike: (a: Item, b: Item) => boolean = () => true): Map<string, string | undefined> {
  const matches = new Map<string, string | undefined>()
  const free = new Map(Object.entries(targetItems))
  const take = (childKey: string, item: Item, candidates: (targetItem: Item) => boolean): void => {
    for (const [targetKey, targetItem] of free) {
      if (!candidates(targetItem) || !alike(targetItem, item)) continue
      matches.set(childKey, targetKey)
      free.delete(targetKey)
      return
    }
  }
  const samePlace = (a: Range['start'], b: Range['start']): boolean => a.line === b.line && a.column === b.column
  for (const [childKey, item] of Object.entries(childItems)) take(childKey, item, (targetItem) => samePlace(start(targetItem), start(item)))
  for (const [childKey, item] of Object.entries(childItems)) {
    if (!matches.has(childKey)) take(childKey, item, (targetItem) => start(targetItem).line === start(item).line)
    if (!matches.has(childKey)) matches.set(childKey, undefined)
  }
  return matches
}
