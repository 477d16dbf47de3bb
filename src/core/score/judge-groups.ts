import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {stat} from 'node:fs/promises'
import {basename, dirname, resolve} from 'node:path'

import {batchKey, parseJudgeFileName} from './file-name.js'
import {NO_LINE} from './judgement.js'
import {ruledCodes} from './repeat-verdicts.js'
import {RiddleIndex} from './riddle-index.js'
import {RESULTS_DIR, findManifest, type BatchManifest} from '../batch/manifest.js'
import {UserError} from '../errors.js'
import {assertReadableFile, grow, readJudgeFile, sameJudge, type JudgeFileHint, type JudgeSource, type JudgeTable, type ReadJudgeFile} from '../jury/judge-files.js'
import {repeatRangeText} from '../jury/repeats.js'
import {WITHHELD_CODES, noWithheld, type WithheldIds} from '../jury/withheld.js'

/** Why a file given to `score` or `compare` is not read as a judge file. */
export type SkipReason = 'prediction results' | 'retry attempt' | 'standard benchmark' | 'rubric verdicts' | 'not judge results'

export interface SkippedFile {
  file: string
  reason: SkipReason
  /** For `not judge results`: what was found instead. */
  detail?: string
}

/** A file of model answers among the files given: `compare` lists those no judge file judged. */
export interface PredictionFileFound {
  file: string
  /** The batch it is the answers of: bench's record's name, or the file's base name. */
  batch: string
  record?: BatchManifest
}

/** The judge files of one evaluated batch, lined up by riddle. */
export interface JudgeGroup {
  /** The evaluated batch's name; undefined when no file of the group says it. */
  batch?: string
  table: JudgeTable
  /** One line each: files whose identity came from their riddle ids alone. */
  warnings: string[]
}

export interface JudgeFiles {
  groups: JudgeGroup[]
  skipped: SkippedFile[]
  predictions: PredictionFileFound[]
}

/**
 * Sorts judge files by the batch they judged, whatever their names: bench's record beside a
 * results file, else the `judge_of` of its lines, else the batchling name. Files that are not
 * judge results (a prediction's results, a retry attempt, anything else) are skipped and listed.
 * A file that says nothing of what it judged joins the group whose riddle ids it has, with a
 * warning; it is refused when it matches no group or several. Within a group, the same judge twice
 * (the same model, or the same lines under another name) is refused, naming both files.
 */
export async function readJudgeGroups(files: readonly string[], options: {optional?: boolean} = {}): Promise<JudgeFiles> {
  if (files.length === 0) throw new UserError('no judge files given: pass --judge-files with the judge result files, e.g. --judge-files results/*.jsonl')
  const index = new RiddleIndex()
  const skipped: SkippedFile[] = []
  const predictions: PredictionFileFound[] = []
  const known: ReadJudgeFile[] = []
  const unnamed: string[] = []
  for (const file of unique(files)) {
    await assertReadableFile(file, 'judge file')
    const found = await classify(file)
    if (found.kind === 'skip') {
      skipped.push({file, reason: found.reason})
      if (found.prediction !== undefined) predictions.push(found.prediction)
    } else if (found.kind === 'unnamed') unnamed.push(file)
    else known.push(await readJudgeFile(file, index, found.hint))
  }
  // Files that may not be judge files at all are read last: what they add to the index is left out below.
  const anonymous: ReadJudgeFile[] = []
  for (const file of unnamed) {
    const read = await readUnnamed(file, index)
    if ('reason' in read) skipped.push(read)
    else if (read.source.known_from === 'lines') known.push(read)
    else anonymous.push(read)
  }
  if (known.length === 0 && anonymous.length === 0) {
    // compare given only standard benchmarks' files: those are read as benchmarks, not here.
    if (options.optional === true) return {groups: [], skipped, predictions}
    throw new UserError(`no judge files among the ${files.length} files given: ${describeSkipped(skipped)}; pass the results of judge batches (bench jury, then bench results)`)
  }
  const byBatch = new Map<string, ReadJudgeFile[]>()
  for (const read of known) {
    const key = batchKey(read.source.evaluated.batch as string)
    byBatch.set(key, [...(byBatch.get(key) ?? []), read])
  }
  const members = [...byBatch.values()].map((reads) => ({reads, warnings: [] as string[]}))
  placeAnonymous(anonymous, members)
  const groups: JudgeGroup[] = []
  for (const {reads, warnings} of members) {
    const judges = joinRepeats(reads, index.ids.length)
    await refuseTwins(judges)
    groups.push({
      batch: reads.find((read) => read.source.evaluated.batch !== undefined)?.source.evaluated.batch,
      table: groupTable(judges, index, groupWithheld(reads.map((read) => read.source))),
      warnings: [...warnings, ...repeatWarnings(judges)],
    })
  }
  return {groups: groups.sort((a, b) => (a.batch ?? '').localeCompare(b.batch ?? '')), skipped, predictions}
}

/** `a.jsonl (prediction results), b.jsonl (not judge results: line 1: ...)` for the first three. */
function describeSkipped(skipped: readonly SkippedFile[]): string {
  const named = skipped.slice(0, 3).map(({file, reason, detail}) => `${file} (${reason}${detail === undefined ? '' : `: ${detail}`})`)
  return named.join(', ') + (skipped.length > 3 ? ` and ${skipped.length - 3} more` : '')
}

/** One line per kind of skipped file, naming them (at most five each). */
export function skippedNotes(skipped: readonly SkippedFile[]): string[] {
  const reasons: Record<SkipReason, string> = {
    'prediction results': 'the answers of prediction batches, not verdicts',
    'retry attempt': "retry attempts, whose answers are merged into their first batch's results",
    'standard benchmark': 'standard benchmark batches and their judges, scored with bench score --results and compared as benchmarks',
    'rubric verdicts': 'rubric and candidate-judge verdicts (bench jury --rubric, bench judges), scored by bench score and bench judges',
    'not judge results': 'not judge results',
  }
  return (Object.keys(reasons) as SkipReason[]).flatMap((reason) => {
    const files = skipped.filter((entry) => entry.reason === reason)
    if (files.length === 0) return []
    const named = files.slice(0, 5).map((entry) => (entry.detail === undefined ? entry.file : `${entry.file} (${entry.detail})`))
    const more = files.length > 5 ? ` and ${files.length - 5} more` : ''
    return [`skipped ${files.length} ${files.length === 1 ? 'file' : 'files'}, ${reasons[reason]}: ${named.join(', ')}${more}`]
  })
}

type Classified = {kind: 'judge'; hint: JudgeFileHint} | {kind: 'unnamed'} | {kind: 'skip'; reason: SkipReason; prediction?: PredictionFileFound}

async function classify(file: string): Promise<Classified> {
  const absolute = resolve(file)
  const name = basename(absolute).replace(/\.jsonl$/, '')
  if (basename(dirname(absolute)) === RESULTS_DIR) {
    const root = dirname(dirname(absolute))
    const record = await findManifest(name, root)
    if (record?.retry_of !== undefined) return {kind: 'skip', reason: 'retry attempt'}
    if (record?.benchmark !== undefined) return {kind: 'skip', reason: 'standard benchmark'}
    if (record?.grading !== undefined) return {kind: 'skip', reason: 'rubric verdicts'}
    // XSTest's judges judge a benchmark batch: benchmarks/compare-benchmarks.ts reads them with it.
    if (record?.judge_of !== undefined && (await findManifest(record.judge_of.batch, root))?.benchmark !== undefined) return {kind: 'skip', reason: 'standard benchmark'}
    if (record?.kind === 'prediction') return {kind: 'skip', reason: 'prediction results', prediction: {file, batch: record.name, record}}
    if (record?.kind === 'judge') return {kind: 'judge', hint: {record}}
  }
  if (name.startsWith('benchmark_')) return {kind: 'skip', reason: 'prediction results', prediction: {file, batch: name}}
  const parsed = parseJudgeFileName(file)
  return parsed === undefined ? {kind: 'unnamed'} : {kind: 'judge', hint: {name: parsed}}
}

/** A file that neither a record nor its name marks as a judge file: one only if its lines are verdicts. */
async function readUnnamed(file: string, index: RiddleIndex): Promise<ReadJudgeFile | SkippedFile> {
  let read: ReadJudgeFile
  try {
    read = await readJudgeFile(file, index, {})
  } catch (error) {
    if (error instanceof UserError) return {file, reason: 'not judge results', detail: error.message.replace(`${file}:`, 'line ')}
    throw error
  }
  if (read.source.known_from === undefined && read.verdicts === 0) return {file, reason: 'not judge results', detail: 'no line holds a judgement'}
  return read
}

/**
 * A file of unknown identity joins the one group whose riddle ids are exactly its own. Without
 * any group of known files, the unknown files make one group if they all have the same riddles.
 */
function placeAnonymous(anonymous: ReadJudgeFile[], members: {reads: ReadJudgeFile[]; warnings: string[]}[]): void {
  if (anonymous.length === 0) return
  const warn = (read: ReadJudgeFile, whose: string): string =>
    `warning: ${read.source.file} does not say what it judged (no bench record, no judge_of in its lines, not named judge_<batch>_by_<judge>.jsonl); read as a judge of ${whose}, whose ${read.lines} riddle ids it has: name it that way to be sure`
  if (members.length === 0) {
    const [first, ...rest] = anonymous as [ReadJudgeFile, ...ReadJudgeFile[]]
    const other = rest.find((read) => !sameRiddles([first], read))
    if (other !== undefined) {
      throw new UserError(`${first.source.file} and ${other.source.file} say nothing of what they judged and hold different riddle ids: score them apart, or name them judge_<batch>_by_<judge>.jsonl`)
    }
    members.push({reads: anonymous.map((read) => ({...read, source: {...read.source, known_from: 'riddle ids'}})), warnings: anonymous.map((read) => warn(read, 'the same batch as the other unnamed files'))})
    return
  }
  for (const read of anonymous) {
    const matches = members.filter((member) => sameRiddles(member.reads, read))
    const batchOf = (member: {reads: ReadJudgeFile[]}): string => member.reads[0]!.source.evaluated.batch as string
    if (matches.length !== 1) {
      const why =
        matches.length === 0
          ? `its riddle ids match those of none of ${members.map(batchOf).sort().join(', ')}`
          : `its riddle ids match those of ${matches.map(batchOf).sort().join(' and ')}`
      throw new UserError(`${read.source.file} says nothing of what it judged and ${why}: name it judge_<batch>_by_<judge>.jsonl, or score it apart`)
    }
    const member = matches[0]!
    member.reads.push({...read, source: {...read.source, known_from: 'riddle ids', evaluated: {...member.reads[0]!.source.evaluated}}})
    member.warnings.push(warn(read, batchOf(member)))
  }
}

/** The file has a line for exactly the riddles the group's files have. */
function sameRiddles(reads: readonly ReadJudgeFile[], read: ReadJudgeFile): boolean {
  const length = Math.max(read.codes.length, ...reads.map((other) => other.codes.length))
  for (let riddle = 0; riddle < length; riddle++) {
    const inGroup = reads.some((other) => (other.codes[riddle] ?? NO_LINE) !== NO_LINE)
    if (inGroup !== ((read.codes[riddle] ?? NO_LINE) !== NO_LINE)) return false
  }
  return true
}

/**
 * A judge's batches (its first, and those a later `bench jury --repeats` added) are one judge:
 * their repeats side by side, its verdict ruled over them. Files of one judge without repeats are
 * left as they are, for refuseTwins.
 */
function joinRepeats(reads: readonly ReadJudgeFile[], riddles: number): ReadJudgeFile[] {
  const joined: ReadJudgeFile[] = []
  const taken = new Set<ReadJudgeFile>()
  for (const read of reads) {
    if (taken.has(read)) continue
    const own = reads.filter((other) => !taken.has(other) && sameJudge(read.source.judge, other.source.judge))
    const batches = own.some((other) => other.repeats !== undefined) ? own : [read]
    for (const batch of batches) taken.add(batch)
    joined.push(batches.length === 1 && read.repeats === undefined ? read : joinJudge(batches, riddles))
  }
  return joined
}

/** One judge's repeat batches as one judge: each repeat held once, from the first on, without a gap. */
function joinJudge(batches: readonly ReadJudgeFile[], riddles: number): ReadJudgeFile {
  const ordered = batches.map((read) => ({read, range: read.repeats?.range ?? {from: 1, to: 1}})).sort((a, b) => a.range.from - b.range.from)
  const label = ordered[0]!.read.source.label
  let next = 1
  for (const [position, {read, range}] of ordered.entries()) {
    if (range.from < next) {
      const holder = ordered[position - 1]!.read.source.file
      throw new UserError(`${holder} and ${read.source.file} both hold repeat ${range.from} of judge ${label}: pass the results of each judge batch once`)
    }
    if (range.from > next) {
      throw new UserError(`the files of judge ${label} hold repeats ${ordered.map((entry) => repeatRangeText(entry.range)).join(', ')}, not ${repeatRangeText({from: next, to: range.from - 1})}: pass the results of every batch of this judge (bench jury NAME lists them)`)
    }
    next = range.to + 1
  }
  const codes = ordered.flatMap(({read}) => read.repeats?.codes ?? [read.codes])
  const first = ordered[0]!.read
  return {
    source: {...first.source, repeats: {count: codes.length, files: ordered.map(({read}) => read.source.file)}},
    // A single batch holding every repeat was already ruled as it was read.
    codes: ordered.length === 1 ? first.codes : ruledCodes(codes, riddles),
    repeats: {range: {from: 1, to: codes.length}, codes},
    lines: ordered.reduce((sum, {read}) => sum + read.lines, 0),
    verdicts: ordered.reduce((sum, {read}) => sum + read.verdicts, 0),
  }
}

/** Judges asked different numbers of times are each ruled over their own repeats: said, not refused. */
function repeatWarnings(judges: readonly ReadJudgeFile[]): string[] {
  const counts = judges.map((judge) => judge.repeats?.codes.length ?? 1)
  if (new Set(counts).size < 2) return []
  const listed = judges.map((judge, index) => `${judge.source.label}: ${counts[index]}`).join(', ')
  return [`warning: the judges were asked different numbers of repeats (${listed}); each judge's verdict is ruled over its own: add the missing repeats with bench jury NAME --repeats N`]
}

/** The same judge model twice, or the same file under two names, would count one judge twice. */
async function refuseTwins(reads: readonly ReadJudgeFile[]): Promise<void> {
  for (let first = 0; first < reads.length; first++) {
    for (let second = first + 1; second < reads.length; second++) {
      const a = reads[first]!.source
      const b = reads[second]!.source
      if (sameJudge(a.judge, b.judge)) throw new UserError(`${a.file} and ${b.file} are both by judge ${a.label}: pass one file per judge`)
      if (sameCodes(reads[first]!.codes, reads[second]!.codes) && (await sameContent(a.file, b.file))) {
        throw new UserError(`${a.file} and ${b.file} hold the same verdicts line for line: one judge under two names; pass each judge once`)
      }
    }
  }
}

function sameCodes(a: Uint8Array, b: Uint8Array): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a]
  if (Buffer.compare(short, long.subarray(0, short.length)) !== 0) return false
  return long.subarray(short.length).every((code) => code === NO_LINE)
}

async function sameContent(a: string, b: string): Promise<boolean> {
  if ((await stat(a)).size !== (await stat(b)).size) return false
  const [first, second] = await Promise.all([fileHash(a), fileHash(b)])
  return first === second
}

async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** The group's riddles (those any of its files has a line for) and its judges' verdicts on them. */
function groupTable(reads: readonly ReadJudgeFile[], index: RiddleIndex, withheld: JudgeTable['withheld']): JudgeTable {
  const size = index.ids.length
  const covered = new Uint8Array(size)
  let count = 0
  for (const {codes} of reads) {
    for (let riddle = 0; riddle < Math.min(size, codes.length); riddle++) {
      if (codes[riddle] !== NO_LINE && covered[riddle] === 0) {
        covered[riddle] = 1
        count += 1
      }
    }
  }
  const judges: JudgeSource[] = reads.map((read) => ({...read.source, known_from: read.source.known_from ?? 'riddle ids'}))
  const repeated = reads.some((read) => read.repeats !== undefined)
  let table: JudgeTable
  if (count === size) {
    // Every riddle read belongs to this group (one batch scored, the usual case): no copy.
    const whole = (codes: Uint8Array): Uint8Array => (codes.length >= size ? codes : grow(codes, size))
    table = {riddles: index.ids, judges, verdicts: reads.map(({codes}) => whole(codes)), withheld}
    if (repeated) table.repeats = reads.map((read) => (read.repeats?.codes ?? [read.codes]).map(whole))
  } else {
    const positions: number[] = []
    for (let riddle = 0; riddle < size; riddle++) if (covered[riddle] === 1) positions.push(riddle)
    const picked = (codes: Uint8Array): Uint8Array => Uint8Array.from(positions, (riddle) => codes[riddle] ?? NO_LINE)
    table = {riddles: positions.map((riddle) => index.ids[riddle] as string), judges, verdicts: reads.map(({codes}) => picked(codes)), withheld}
    if (repeated) table.repeats = reads.map((read) => (read.repeats?.codes ?? [read.codes]).map(picked))
  }
  refuseJudgedWithheld(table)
  return table
}

/**
 * The predictions the group's jury withheld (refused, blocked, truncated): every file that knows
 * must say the same, else the files come from different runs of `bench jury`.
 */
function groupWithheld(judges: readonly Pick<JudgeSource, 'file' | 'evaluated' | 'withheld'>[]): JudgeTable['withheld'] {
  const telling = judges.filter((judge) => judge.withheld !== undefined)
  const first = telling[0]
  if (first === undefined) return {counts: noWithheld(), ids: []}
  const counts = first.withheld!.counts
  const other = telling.find((judge) => WITHHELD_CODES.some((code) => judge.withheld!.counts[code] !== counts[code]))
  if (other !== undefined) {
    throw new UserError(
      `${first.file} and ${other.file} come from different runs of bench jury on ${first.evaluated.batch} (they withheld different predictions from the judges): score the judge files of one run`,
    )
  }
  const ids: WithheldIds | undefined = telling.find((judge) => judge.withheld!.ids !== undefined)?.withheld!.ids
  return {counts: {...counts}, ids: ids === undefined ? [] : WITHHELD_CODES.flatMap((code) => ids[code])}
}

/** A riddle both withheld from the judges and judged: the record and the verdicts disagree. */
function refuseJudgedWithheld(table: JudgeTable): void {
  if (table.withheld.ids.length === 0) return
  const withheld = new Set(table.withheld.ids)
  table.riddles.forEach((id, riddle) => {
    if (!withheld.has(id)) return
    const judge = table.judges.find((_, index) => (table.verdicts[index] as Uint8Array)[riddle] !== NO_LINE)
    if (judge !== undefined) {
      throw new UserError(`${judge.file} holds a verdict on "${id}", which its jury withheld from the judges: the judge files come from different runs of bench jury; score the files of one run`)
    }
  })
}

function unique(files: readonly string[]): string[] {
  return [...new Map(files.map((file) => [resolve(file), file])).values()]
}
