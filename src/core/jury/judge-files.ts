import {access, stat} from 'node:fs/promises'
import {basename, dirname, resolve} from 'node:path'

import {findManifest, RESULTS_DIR} from '../batch/manifest.js'
import {UserError, lineError} from '../errors.js'
import {parseJsonLine, readLineBatches} from '../jsonl.js'
import {parseJudgeFileName, type JudgeFileIdentity} from '../score/file-name.js'
import {judgementCode, hasVerdict, NO_LINE, NO_VERDICT, verdictCode} from '../score/judgement.js'
import {RiddleIndex} from '../score/riddle-index.js'

/** One judge file: where it is, its format, and whose verdicts on whose answers it holds. */
export interface JudgeSource extends JudgeFileIdentity {
  file: string
  /** `bench`: normalized result lines; `batchling`: `{custom_id, answer}` lines. */
  format: 'bench' | 'batchling'
  /** `<provider>/<model>` of the judge, or the model alone when the provider is unknown. */
  label: string
}

/** Every judge's verdict on every riddle any judge saw, as codes of score/judgement.ts. */
export interface JudgeTable {
  /** custom_id of each riddle, in the order first seen. */
  riddles: string[]
  judges: JudgeSource[]
  /** verdicts[judge][riddle]: a verdict code; NO_LINE where that judge has no line for the riddle. */
  verdicts: Uint8Array[]
}

/** Reads the judge files and lines their verdicts up by custom_id. */
export async function readJudgeTable(files: readonly string[]): Promise<JudgeTable> {
  if (files.length === 0) throw new UserError('no judge files given: pass --judge-files with one file per judge, e.g. --judge-files results/judge_*.jsonl')
  const riddleIndex = new RiddleIndex()
  const riddles = riddleIndex.ids
  const judges: JudgeSource[] = []
  const verdicts: Uint8Array[] = []
  for (const file of files) {
    await assertReadableFile(file, 'judge file')
    const codes = new GrowableBytes()
    let position = 0
    const source = await readJudgeFile(file, (custom_id, code, line) => {
      // Judge files of one batch usually list the riddles in the same order: comparing with the
      // riddle at the same position skips most look-ups.
      const index = riddles[position] === custom_id ? position : riddleIndex.intern(custom_id)
      position += 1
      if (codes.get(index) !== NO_LINE) throw lineError(file, line, 'custom_id', `"${custom_id}" appears twice; a judge file holds one verdict per riddle`)
      codes.set(index, code)
    })
    const twin = judges.find((judge) => judge.label === source.label)
    if (twin !== undefined) {
      throw new UserError(`${twin.file} and ${file} are both by judge ${source.label}: pass one file per judge`)
    }
    judges.push(source)
    verdicts.push(codes.bytes)
  }
  return {riddles, judges, verdicts: verdicts.map((codes) => codes.length >= riddles.length ? codes : grow(codes, riddles.length))}
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

type VerdictSink = (custom_id: string, code: number, line: number) => void

async function readJudgeFile(file: string, sink: VerdictSink): Promise<JudgeSource> {
  const manifestIdentity = await identityFromManifest(file)
  let format: JudgeSource['format'] | undefined
  let lineIdentity: JudgeFileIdentity['judge'] | undefined
  let verdictCount = 0
  // A chunk's lines at a time, each parsed in this loop: a million lines cost a million async
  // hand-overs through readJsonl, a fifth of the command's time.
  for await (const lines of readLineBatches(file)) {
    for (const {line, text} of lines) {
      const value = parseJsonLine<unknown>(text, file, line)
      if (!isRecord(value) || typeof value.custom_id !== 'string') throw notJudgeFile(file, line)
      let code: number
      if (typeof value.ok === 'boolean') {
        format = 'bench'
        code = value.ok ? benchCode(value) : NO_VERDICT
        lineIdentity ??= typeof value.model === 'string' ? {provider: stringOrUndefined(value.provider), model: value.model} : undefined
      } else if ('answer' in value) {
        format = 'batchling'
        code = typeof value.answer === 'string' ? judgementCode(value.answer) : verdictCode(value.answer)
      } else {
        throw notJudgeFile(file, line)
      }
      if (hasVerdict(code)) verdictCount += 1
      sink(value.custom_id, code, line)
    }
  }
  if (format === undefined) throw new UserError(`judge file ${file} is empty: pass the results of a finished judge batch`)
  if (verdictCount === 0) {
    throw new UserError(`${file} holds no judgement ({"is_answer_correct", "is_justification_correct"}) on any line: is it a prediction file? pass the judge files`)
  }
  const identity = manifestIdentity ?? parseJudgeFileName(file) ?? {evaluated: {}, judge: lineIdentity ?? {model: basename(file)}}
  const {provider, model} = identity.judge
  return {...identity, file, format, label: provider === undefined ? model : `${provider}/${model}`}
}

/** bench's result line: `parsed` when the provider adapter could parse the text, else the text itself. */
function benchCode(value: Record<string, unknown>): number {
  const parsed = verdictCode(value.parsed)
  if (hasVerdict(parsed) || typeof value.text !== 'string') return parsed
  return judgementCode(value.text)
}

/** For `results/<name>.jsonl`, the judge batch's manifest in the sibling `processed_files/`. */
async function identityFromManifest(file: string): Promise<JudgeFileIdentity | undefined> {
  const absolute = resolve(file)
  if (basename(dirname(absolute)) !== RESULTS_DIR) return undefined
  const manifest = await findManifest(basename(absolute).replace(/\.jsonl$/, ''), dirname(dirname(absolute)))
  if (manifest === undefined) return undefined
  if (manifest.kind !== 'judge' || manifest.judge_of === undefined) {
    throw new UserError(`${file} holds the results of prediction batch ${manifest.name}, not a judge batch: run \`bench jury ${manifest.name}\` and score its judge files`)
  }
  return {
    evaluated: {provider: manifest.judge_of.provider, model: manifest.judge_of.model, split: manifest.dataset.split},
    judge: {provider: manifest.provider, model: manifest.model},
  }
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

function grow(bytes: Uint8Array, length: number): Uint8Array<ArrayBuffer> {
  const larger = new Uint8Array(length)
  larger.set(bytes)
  return larger
}
