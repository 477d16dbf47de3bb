import {basename} from 'node:path'

import {isProviderName} from '../../providers/names.js'

/** What an evaluated batch is, as far as a judge file (its record, lines or name) tells. */
export interface EvaluatedBatch {
  /** The prediction batch's name: bench's, or `benchmark_<rest>` for a batchling judge file `judge_<rest>_by_...`. */
  batch?: string
  provider?: string
  model?: string
  split?: string
  hints?: number
  /** The thinking level or budget, as the batch name writes it. */
  thinking?: string
}

/** Who is who in a judge file. */
export interface JudgeFileIdentity {
  evaluated: EvaluatedBatch
  judge: {provider?: string; model: string}
}

const EVALUATED_PATTERN = /^(?<model>.+)_(?<split>llm|vlm|full)_hints_(?<hints>\d+)(?:_thinking_(?<thinking>[^_]+))?(?:_.*)?$/

/**
 * Parses `judge_<provider>_<model>_<split>_hints_<n>[_thinking_<x>]_by_<judge provider>_<judge model>.jsonl`
 * (the batchling naming, which bench's judge batches keep). Only the base name is read, so
 * underscores in directories do not matter; the judge is after the last `_by_`; a provider is
 * recognised only when it is a known provider name. Undefined when the name is not of this form.
 */
export function parseJudgeFileName(path: string): JudgeFileIdentity | undefined {
  const name = basename(path).replace(/\.jsonl$/, '')
  const by = name.lastIndexOf('_by_')
  if (!name.startsWith('judge_') || by === -1) return undefined
  const judge = splitProvider(name.slice(by + '_by_'.length))
  const rest = name.slice('judge_'.length, by)
  const evaluated = splitProvider(rest)
  if (judge.rest === '' || evaluated.rest === '') return undefined
  const groups = EVALUATED_PATTERN.exec(evaluated.rest)?.groups
  return {
    evaluated: {
      batch: `benchmark_${rest}`,
      provider: evaluated.provider,
      model: groups?.model ?? evaluated.rest,
      split: groups?.split,
      hints: groups?.hints === undefined ? undefined : Number(groups.hints),
      thinking: groups?.thinking,
    },
    judge: {provider: judge.provider, model: judge.rest},
  }
}

/**
 * The key that tells evaluated batches apart: the batch name without bench's and batchling's
 * `benchmark_` prefix (a judge file name drops it, and a batch named by hand may not have it).
 */
export function batchKey(batch: string): string {
  return batch.startsWith('benchmark_') ? batch.slice('benchmark_'.length) : batch
}

function splitProvider(text: string): {provider?: string; rest: string} {
  const separator = text.indexOf('_')
  const first = separator === -1 ? text : text.slice(0, separator)
  return separator !== -1 && isProviderName(first) ? {provider: first, rest: text.slice(separator + 1)} : {rest: text}
}
