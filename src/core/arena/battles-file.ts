import {extname} from 'node:path'

import {UserError, lineError} from '../errors.js'
import {readLineBatches} from '../jsonl.js'
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
 */
export async function readBattlesFile(file: string): Promise<{counts: BattleCounts; summary: BattlesFileSummary}> {
  const format = extname(file).toLowerCase() === '.csv' ? 'csv' : 'jsonl'
  const counts = new BattleCounts()
  const summary: BattlesFileSummary = {file, format, lines: 0, self_battles: 0}
  const add = (line: number, modelA: unknown, modelB: unknown, winner: unknown): void => {
    if (typeof modelA !== 'string' || modelA === '') throw lineError(file, line, 'model_a', 'must be a model name')
    if (typeof modelB !== 'string' || modelB === '') throw lineError(file, line, 'model_b', 'must be a model name')
    if (!WINNERS.includes(winner as Winner)) throw lineError(file, line, 'winner', `must be one of ${WINNERS.map((name) => `"${name}"`).join(', ')}, got ${JSON.stringify(winner)}`)
    summary.lines += 1
    if (!counts.add(modelA, modelB, winner as Winner)) summary.self_battles += 1
  }
  let columns: {model_a: number; model_b: number; winner: number} | undefined
  try {
    for await (const batch of readLineBatches(file)) {
      for (const {line, text} of batch) {
        if (format === 'jsonl') {
          if (line === 1 && text.trimStart().startsWith('[')) throw new UserError(`${file} is a JSON array: bench reads battles one per line; convert it with \`jq -c '.[]' ${file} > battles.jsonl\``)
          let value: {model_a?: unknown; model_b?: unknown; winner?: unknown}
          try {
            value = JSON.parse(text) as typeof value
          } catch {
            throw lineError(file, line, undefined, 'not valid JSON; each line must be one battle object')
          }
          if (typeof value !== 'object' || value === null) throw lineError(file, line, undefined, 'must be a JSON object with model_a, model_b and winner')
          add(line, value.model_a, value.model_b, value.winner)
        } else if (columns === undefined) {
          columns = headerColumns(file, splitCsvLine(text, file, line))
        } else {
          const fields = splitCsvLine(text, file, line)
          add(line, fields[columns.model_a], fields[columns.model_b], fields[columns.winner])
        }
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== undefined && !(error instanceof UserError)) throw new UserError(`cannot read the battles file ${file} (${code}): check the path`)
    throw error
  }
  if (summary.lines === 0) throw new UserError(`${file} holds no battles`)
  return {counts, summary}
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
