import {extname} from 'node:path'

import {UserError, lineError} from '../errors.js'
import {JsonStringFields} from '../json-string-fields.js'
import {decodeLine, forEachLineBytes} from '../jsonl.js'
import {BattleCounts, WINNERS, type Winner} from './battle-counts.js'

/** What reading a battles file found besides the battles. */
export interface BattlesFileSummary {
  file: string
  format: 'jsonl' | 'csv'
  lines: number
  /** Battles of a model against itself: they rate nothing, and are counted here. */
  self_battles: number
}

/**
 * Streams a battles file in Chatbot Arena's layout into counts per pair and outcome: JSONL (one
 * battle object a line, as `bench arena export` writes it and as public battle logs are, once
 * their JSON array is turned into lines) or CSV with a header naming `model_a`, `model_b` and
 * `winner`. Only those three fields are read; every line is checked and an error names it.
 *
 * A JSONL line is read from its bytes (JsonStringFields: its syntax checked, the three strings
 * found, nothing built) and the two model names decoded; a line that path cannot vouch for (an
 * escape in a string, a field missing or of another type, bad JSON) goes through JSON.parse and
 * the checks below, which word the error. Both paths count the same battles.
 */
export async function readBattlesFile(file: string): Promise<{counts: BattleCounts; summary: BattlesFileSummary}> {
  const format = extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl'
  const counts = new BattleCounts()
  const summary: BattlesFileSummary = {file, format, lines: 0, self_battles: 0}
  const count = (modelA: number, modelB: number, winner: Winner): void => {
    summary.lines += 1
    if (!counts.addBetween(modelA, modelB, winner)) summary.self_battles += 1
  }
  const add = (line: number, modelA: unknown, modelB: unknown, winner: unknown): void => {
    if (typeof modelA !== 'string' || modelA === '') throw lineError(file, line, 'model_a', 'must be a model name')
    if (typeof modelB !== 'string' || modelB === '') throw lineError(file, line, 'model_b', 'must be a model name')
    if (!WINNERS.includes(winner as Winner)) throw lineError(file, line, 'winner', `must be one of ${WINNERS.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(winner)}`)
    count(counts.modelNumber(modelA), counts.modelNumber(modelB), winner as Winner)
  }
  const readText = format === 'jsonl' ? jsonlLine(file, add) : csvLine(file, add)
  const fields = new JsonStringFields(['model_a', 'model_b', 'winner'])
  const {starts, ends} = fields
  const names = new NamesByBytes(counts)
  try {
    await forEachLineBytes(file, (bytes, start, end, line) => {
      if (format === 'jsonl' && fields.scan(bytes, start, end) && starts[0]! < ends[0]! && starts[1]! < ends[1]!) {
        const winner = winnerAt(bytes, starts[2]!, ends[2]!)
        if (winner !== undefined) return count(names.numberOf(bytes, starts[0]!, ends[0]!), names.numberOf(bytes, starts[1]!, ends[1]!), winner)
      }
      const text = decodeLine(bytes, start, end, line)
      if (text.trim() !== '') readText(line, text)
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== undefined && !(error instanceof UserError)) throw new UserError(`cannot read the battles file ${file} (${code}): check the path`)
    throw error
  }
  if (summary.lines === 0) throw new UserError(`${file} holds no battles`)
  return {counts, summary}
}

type AddBattle = (line: number, modelA: unknown, modelB: unknown, winner: unknown) => void

/** A JSONL line through JSON.parse. */
function jsonlLine(file: string, add: AddBattle): (line: number, text: string) => void {
  return (line, text) => {
    if (line === 1 && text.trimStart().startsWith('[')) throw new UserError(`${file} is a JSON array: bench reads battles one per line; convert it with \`jq -c '.[]' ${file} > battles.jsonl\``)
    let value: {model_a?: unknown; model_b?: unknown; winner?: unknown}
    try {
      value = JSON.parse(text) as typeof value
    } catch {
      throw lineError(file, line, undefined, 'not valid JSON; each line must be one battle object')
    }
    if (typeof value !== 'object' || value === null) throw lineError(file, line, undefined, 'must be a JSON object with model_a, model_b and winner')
    add(line, value.model_a, value.model_b, value.winner)
  }
}

/** A CSV line: the header first, then one battle a line. */
function csvLine(file: string, add: AddBattle): (line: number, text: string) => void {
  let columns: {model_a: number; model_b: number; winner: number} | undefined
  return (line, text) => {
    if (columns === undefined) columns = headerColumns(file, splitCsvLine(text, file, line))
    else {
      const fields = splitCsvLine(text, file, line)
      add(line, fields[columns.model_a], fields[columns.model_b], fields[columns.winner])
    }
  }
}

const WINNER_BYTES = WINNERS.map((winner) => Buffer.from(winner))

/** The outcome spelled by `bytes[start, end)`, or undefined. */
function winnerAt(bytes: Buffer, start: number, end: number): Winner | undefined {
  for (let index = 0; index < WINNER_BYTES.length; index += 1) {
    if (sameBytes(WINNER_BYTES[index]!, bytes, start, end)) return WINNERS[index]
  }
  return undefined
}

/**
 * The model names of a file by their bytes: each name is decoded once and looked up by a hash of
 * its bytes after that, not decoded into a new string on every line. Two spellings that decode to
 * one name (invalid UTF-8 becomes U+FFFD) get one number, as JSON.parse would have it.
 */
class NamesByBytes {
  private readonly buckets = new Map<number, {bytes: Buffer; number: number}[]>()

  constructor(private readonly counts: BattleCounts) {}

  numberOf(bytes: Buffer, start: number, end: number): number {
    // FNV-1a.
    let hash = 0x811c9dc5
    for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ bytes[index]!, 0x01000193)
    let bucket = this.buckets.get(hash)
    if (bucket === undefined) this.buckets.set(hash, (bucket = []))
    for (let index = 0; index < bucket.length; index += 1) if (sameBytes(bucket[index]!.bytes, bytes, start, end)) return bucket[index]!.number
    const number = this.counts.modelNumber(bytes.toString('utf8', start, end))
    bucket.push({bytes: Buffer.from(bytes.subarray(start, end)), number})
    return number
  }
}

function sameBytes(expected: Buffer, bytes: Buffer, start: number, end: number): boolean {
  if (expected.length !== end - start) return false
  for (let offset = 0; offset < expected.length; offset += 1) if (bytes[start + offset] !== expected[offset]) return false
  return true
}

function headerColumns(file: string, header: string[]): {model_a: number; model_b: number; winner: number} {
  const index = (name: string): number => {
    const found = header.indexOf(name)
    if (found === -1) throw new UserError(`${file}: the CSV header has no "${name}" column (it has ${header.join(', ')}); battles need model_a, model_b and winner`)
    return found
  }
  return {model_a: index('model_a'), model_b: index('model_b'), winner: index('winner')}
}

/** One CSV record on one line (RFC 4180 quoting); a quoted field running past the line is refused. */
export function splitCsvLine(text: string, file: string, line: number): string[] {
  const fields: string[] = []
  let position = 0
  for (;;) {
    if (text[position] === '"') {
      let value = ''
      position += 1
      for (;;) {
        const quote = text.indexOf('"', position)
        if (quote === -1) throw lineError(file, line, undefined, 'a quoted field runs past the end of the line: bench reads one battle a line')
        value += text.slice(position, quote)
        if (text[quote + 1] === '"') {
          value += '"'
          position = quote + 2
          continue
        }
        position = quote + 1
        break
      }
      fields.push(value)
    } else {
      const comma = text.indexOf(',', position)
      fields.push(text.slice(position, comma === -1 ? text.length : comma))
      position = comma === -1 ? text.length : comma
    }
    if (position >= text.length) return fields
    if (text[position] !== ',') throw lineError(file, line, undefined, 'a quoted field is followed by something other than a comma')
    position += 1
  }
}
