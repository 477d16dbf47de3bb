import {access, stat} from 'node:fs/promises'
import {basename} from 'node:path'

import type {JudgedBatch} from './judged-batch.js'
import {MAX_REPEATS, parseRepeatId, repeatRangeText, type RepeatRange} from './repeats.js'
import {countWithheld, noWithheld, type WithheldCounts, type WithheldIds} from './withheld.js'
import type {BatchManifest} from '../batch/manifest.js'
import {sanitizeModel} from '../batch/naming.js'
import {UserError, lineError} from '../errors.js'
import {parseJsonLine, readLineBatches} from '../jsonl.js'
import type {Thinking} from '../prepare/request.js'
import {batchKey, type EvaluatedBatch, type JudgeFileIdentity} from '../score/file-name.js'
import {judgementCode, hasVerdict, NO_LINE, NO_VERDICT, verdictCode} from '../score/judgement.js'
import {ruledCodes} from '../score/repeat-verdicts.js'
import type {RiddleIndex} from '../score/riddle-index.js'

/**
 * Where a judge file's identity was read: bench's batch record beside it, the `judge_of` of its
 * lines (bench's results, wherever copied), batchling's file name, or nowhere (`riddle ids`: a
 * file joined to the judges of the batch whose riddles it has, with a warning).
 */
export type IdentitySource = 'record' | 'lines' | 'name' | 'riddle ids'

/** What a judge file says about the predictions the judges never saw (jury/withheld.ts). */
export interface FileWithheld {
  counts: WithheldCounts
  /** The ids, by kind, when the batch record is at hand; the lines carry only the counts. */
  ids?: WithheldIds
}

/** One judge file: where it is, its format, and whose verdicts on whose answers it holds. */
export interface JudgeSource extends JudgeFileIdentity {
  file: string
  /** `bench`: normalized result lines; `batchling`: `{custom_id, answer}` lines. */
  format: 'bench' | 'batchling'
  /** `<provider>/<model>` of the judge, or the model alone when the provider is unknown. */
  label: string
  known_from: IdentitySource
  /** Undefined when the file cannot tell (batchling files, whose jury judged every answer). */
  withheld?: FileWithheld
  /** A judge asked several times (`bench jury --repeats`): how often, and the files of its batches (`file` is the first). */
  repeats?: {count: number; files: string[]}
}

/** Every judge's verdict on every riddle any judge saw, as codes of score/judgement.ts. */
export interface JudgeTable {
  /** custom_id of each riddle, in the order first seen. */
  riddles: string[]
  judges: JudgeSource[]
  /**
   * verdicts[judge][riddle]: a verdict code; NO_LINE where that judge has no line for the riddle.
   * A judge asked several times has its verdict over its repeats here (score/repeat-verdicts.ts).
   */
  verdicts: Uint8Array[]
  /** repeats[judge][k][riddle]: repeat k + 1's verdict code; absent when every judge was asked once. */
  repeats?: Uint8Array[][]
  /** Predictions the judges never saw, counted incorrect: how many of each kind, and the ids known. */
  withheld: {counts: WithheldCounts; ids: string[]}
}

/** A judge file read into riddle indices shared with the other files. */
export interface ReadJudgeFile {
  /** known_from is undefined when neither record, lines nor name tell. */
  source: Omit<JudgeSource, 'known_from'> & {known_from?: IdentitySource}
  /**
   * codes[index]: the verdict code on the riddle of that shared index, NO_LINE where the file has
   * none. For a file of repeats, the judge's verdict over them (score/repeat-verdicts.ts).
   */
  codes: Uint8Array
  /** A judge batch asking repeats (`bench jury --repeats`): which, and each one's codes (codes[0] is repeat range.from). */
  repeats?: {range: RepeatRange; codes: Uint8Array[]}
  lines: number
  verdicts: number
}

/** What is known of a file before it is read. */
export interface JudgeFileHint {
  /** bench's judge batch record for `results/<name>.jsonl`. */
  record?: BatchManifest
  /** The batchling name's reading. */
  name?: JudgeFileIdentity
}

/**
 * Reads one judge file's verdicts into `index` (shared by the files read together, so riddles line
 * up by custom_id) and works out who judged what: the batch record first, then the lines' own
 * `judge_of`, then the name. A record and lines that disagree are refused.
 */
export async function readJudgeFile(file: string, index: RiddleIndex, hint: JudgeFileHint): Promise<ReadJudgeFile> {
  const riddles = index.ids
  // A record tells whether the batch asks repeats; without one, the first line's judge_of does.
  const recorded = hint.record?.judge_of !== undefined
  let repeats = hint.record?.judge_of?.repeats
  let repeatCodes: GrowableBytes[] = [new GrowableBytes()]
  let format: JudgeSource['format'] | undefined
  let judge: {provider?: string; model: string} | undefined
  let judged: JudgedBatch | undefined
  let lines = 0
  let verdicts = 0
  let position = 0
  // A chunk's lines at a time, each parsed in this loop: a million lines cost a million async
  // hand-overs through readJsonl, a fifth of the command's time.
  for await (const batch of readLineBatches(file)) {
    for (const {line, text} of batch) {
      const value = parseJsonLine<unknown>(text, file, line)
      if (!isRecord(value) || typeof value.custom_id !== 'string') throw notJudgeFile(file, line)
      let code: number
      if (typeof value.ok === 'boolean') {
        format = 'bench'
        code = value.ok ? benchCode(value) : NO_VERDICT
        judge ??= typeof value.model === 'string' ? {provider: stringOrUndefined(value.provider), model: value.model} : undefined
        judged = sameJudgedBatch(judged, value.judge_of, file, line)
        if (lines === 0 && !recorded) repeats = judged?.repeats
      } else if ('answer' in value) {
        format = 'batchling'
        code = typeof value.answer === 'string' ? judgementCode(value.answer) : verdictCode(value.answer)
        judge ??= typeof value.model === 'string' ? {model: value.model} : undefined
      } else {
        throw notJudgeFile(file, line)
      }
      if (lines === 0 && repeats !== undefined) repeatCodes = Array.from({length: repeats.to - repeats.from + 1}, () => new GrowableBytes())
      if (hasVerdict(code)) verdicts += 1
      // Only a batch that asks repeats has repeat ids: elsewhere `x__r2` is an id like any other.
      let id = value.custom_id
      let codes = repeatCodes[0]!
      if (repeats !== undefined) {
        const parsed = repeatOf(id, repeats, file, line)
        id = parsed.id
        codes = repeatCodes[parsed.repeat - repeats.from]!
      }
      // Judge files of one batch usually list the riddles in the same order: comparing with the
      // riddle at the same position skips most look-ups.
      const at = riddles[position] === id ? position : index.intern(id)
      position = at + 1
      if (codes.get(at) !== NO_LINE) throw lineError(file, line, 'custom_id', `"${value.custom_id}" appears twice; a judge file holds one verdict per riddle`)
      codes.set(at, code)
      lines += 1
    }
  }
  if (format === undefined) throw new UserError(`judge file ${file} is empty: pass the results of a finished judge batch`)
  const identity = identityOf(file, hint, judged, judge)
  const {provider, model} = identity.judge
  const source = {...identity, file, format, label: provider === undefined ? model : `${provider}/${model}`}
  if (repeats === undefined) return {source, codes: repeatCodes[0]!.bytes, lines, verdicts}
  const codes = repeatCodes.map((repeat) => repeat.bytes)
  return {source, codes: ruledCodes(codes, index.ids.length), repeats: {range: repeats, codes}, lines, verdicts}
}

/** The riddle and repeat of a line of a batch asking `repeats`: a repeat it does not ask is refused. */
function repeatOf(customId: string, repeats: RepeatRange, file: string, line: number): {id: string; repeat: number} {
  const parsed = parseRepeatId(customId)
  if (parsed.repeat < repeats.from || parsed.repeat > repeats.to) {
    throw lineError(file, line, 'custom_id', `"${customId}" is repeat ${parsed.repeat}, but this judge batch asks repeats ${repeatRangeText(repeats)}: pass the results file the batch wrote`)
  }
  return parsed
}

/** A one-line error when a file cannot be read, instead of a stack trace from the stream. */
export async function assertReadableFile(file: string, role: string): Promise<void> {
  try {
    await access(file)
    if (!(await stat(file)).isFile()) throw new UserError(`${role} ${file} is not a file: pass the path of a JSONL file`)
  } catch (error) {
    if (error instanceof UserError) throw error
    throw new UserError(`cannot read ${role} ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}): check the path`)
  }
}

/** Judges are the same model when their sanitized names match (files say gpt-5-1, records gpt-5.1). */
export function sameJudge(a: JudgeFileIdentity['judge'], b: JudgeFileIdentity['judge']): boolean {
  return sanitizeModel(a.model) === sanitizeModel(b.model) && (a.provider === undefined || b.provider === undefined || a.provider === b.provider)
}

type Identity = JudgeFileIdentity & {known_from?: IdentitySource; withheld?: FileWithheld}

function identityOf(file: string, hint: JudgeFileHint, judged: JudgedBatch | undefined, lineJudge: JudgeFileIdentity['judge'] | undefined): Identity {
  const {record, name} = hint
  if (record?.judge_of !== undefined) {
    const of = record.judge_of
    if (judged !== undefined && batchKey(judged.batch) !== batchKey(of.batch)) {
      throw new UserError(`${file} holds verdicts on batch ${judged.batch}, but its record ${record.name} judges ${of.batch}: run \`bench results ${record.name}\` again`)
    }
    return {
      evaluated: {batch: of.batch, provider: of.provider, model: of.model, split: of.split ?? record.dataset.split, hints: of.hints ?? record.hints, thinking: thinkingText(of.thinking)},
      judge: {provider: record.provider, model: record.model},
      known_from: 'record',
      // A record without `withheld` predates it: its jury sent every prediction to the judges.
      withheld: of.withheld === undefined ? {counts: noWithheld(), ids: {refusal: [], safety: [], recitation: [], truncated: []}} : {counts: countWithheld(of.withheld), ids: of.withheld},
    }
  }
  if (judged !== undefined) {
    const fromLines: Identity = {
      evaluated: {batch: judged.batch, provider: judged.provider, model: judged.model, split: judged.split, hints: judged.hints, thinking: thinkingText(judged.thinking)},
      judge: lineJudge ?? {model: basename(file)},
      known_from: 'lines',
      withheld: {counts: judged.withheld},
    }
    if (name !== undefined && (batchKey(name.evaluated.batch!) !== batchKey(judged.batch) || !sameJudge(name.judge, fromLines.judge))) {
      throw new UserError(
        `${file} is named as a judge of ${name.evaluated.batch} by ${name.judge.model}, but its lines are verdicts on ${judged.batch} by ${fromLines.judge.model}: rename the file, or pass the right one`,
      )
    }
    return fromLines
  }
  if (name !== undefined) return {...name, known_from: 'name'}
  return {evaluated: {}, judge: lineJudge ?? {model: basename(file)}}
}

/** Every line of a judge batch's results names the same judged batch; a file that mixes two is refused. */
function sameJudgedBatch(first: JudgedBatch | undefined, value: unknown, file: string, line: number): JudgedBatch | undefined {
  if (value === undefined) return first
  // The first line's is checked in full; later lines only need to name the same batch.
  if (first !== undefined && isRecord(value) && value.batch === first.batch) return first
  const judged = readJudgedBatch(value)
  if (judged === undefined) throw lineError(file, line, 'judge_of', 'is not what `bench results` writes: {"batch", "provider", "model", "split", "hints", "withheld", "repeats"?}')
  if (first !== undefined) {
    throw lineError(file, line, 'judge_of', `judges batch ${judged.batch}, but earlier lines judge ${first.batch}: a judge file holds the verdicts of one judge batch`)
  }
  return judged
}

function readJudgedBatch(value: unknown): JudgedBatch | undefined {
  if (!isRecord(value)) return undefined
  const {batch, provider, model, split, hints, withheld} = value
  if (typeof batch !== 'string' || typeof provider !== 'string' || typeof model !== 'string') return undefined
  if (split !== 'llm' && split !== 'vlm' && split !== 'full') return undefined
  if (typeof hints !== 'number' || !isRecord(withheld)) return undefined
  const counts = noWithheld()
  for (const code of Object.keys(counts) as (keyof WithheldCounts)[]) {
    const count = withheld[code]
    if (count !== undefined && (!Number.isInteger(count) || (count as number) < 0)) return undefined
    counts[code] = (count as number | undefined) ?? 0
  }
  const repeats = value.repeats === undefined ? undefined : readRepeatRange(value.repeats)
  if (repeats === null) return undefined
  return {batch, provider, model, split, hints, ...(isRecord(value.thinking) && {thinking: value.thinking as Thinking}), withheld: counts, ...(repeats !== undefined && {repeats})}
}

/** `{"from", "to"}` as `bench results` writes it, or null. */
function readRepeatRange(value: unknown): RepeatRange | null {
  if (!isRecord(value)) return null
  const {from, to} = value
  const valid = Number.isInteger(from) && Number.isInteger(to) && (from as number) >= 1 && (from as number) <= (to as number) && (to as number) <= MAX_REPEATS
  return valid ? {from: from as number, to: to as number} : null
}

/** A thinking setting as batch names write it: the level, or the budget. */
function thinkingText(thinking: Thinking | undefined): EvaluatedBatch['thinking'] {
  if (thinking === undefined) return undefined
  return 'level' in thinking ? thinking.level : String(thinking.budget)
}

/** bench's result line: `parsed` when the provider adapter could parse the text, else the text itself. */
function benchCode(value: Record<string, unknown>): number {
  const parsed = verdictCode(value.parsed)
  if (hasVerdict(parsed) || typeof value.text !== 'string') return parsed
  return judgementCode(value.text)
}

function notJudgeFile(file: string, line: number): UserError {
  return lineError(file, line, undefined, `not a judge result: expected bench's {"custom_id", "ok", "parsed"} or batchling's {"custom_id", "answer"}`)
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** A byte array that grows by doubling as riddles are discovered. */
class GrowableBytes {
  bytes: Uint8Array<ArrayBuffer> = new Uint8Array(1024)

  get(index: number): number {
    return this.bytes[index] ?? NO_LINE
  }

  set(index: number, value: number): void {
    if (index >= this.bytes.length) this.bytes = grow(this.bytes, Math.max(index + 1, this.bytes.length * 2))
    this.bytes[index] = value
  }
}

export function grow(bytes: Uint8Array, length: number): Uint8Array<ArrayBuffer> {
  const larger = new Uint8Array(length)
  larger.set(bytes)
  return larger
}
