import {basename} from 'node:path'

import {isProviderName} from '../../providers/names.js'

/** Who is who in a judge file, as far as its name tells. */
export interface JudgeFileIdentity {
  evaluated: {provider?: string; model?: string; split?: string}
  judge: {provider?: string; model: string}
}

const EVALUATED_PATTERN = /^(?<model>.+)_(?<split>llm|vlm|full)_hints_\d+(?:_.*)?$/

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
  const evaluated = splitProvider(name.slice('judge_'.length, by))
  if (judge.rest === '' || evaluated.rest === '') return undefined
  const match = EVALUATED_PATTERN.exec(evaluated.rest)
  return {
    evaluated: {provider: evaluated.provider, model: match?.groups?.model ?? evaluated.rest, split: match?.groups?.split},
    judge: {provider: judge.provider, model: judge.rest},
  }
}

function splitProvider(text: string): {provider?: string; rest: string} {
  const separator = text.indexOf('_')
  const first = separator === -1 ? text : text.slice(0, separator)
  return separator !== -1 && isProviderName(first) ? {provider: first, rest: text.slice(separator + 1)} : {rest: text}
}
