import type {Split} from './manifest.js'
import type {Thinking} from '../prepare/request.js'
import type {ProviderName} from '../../providers/names.js'

/**
 * Batch names as the original layton-eval tooling wrote them (layton-eval.md §2 and §3), so its
 * users find their files where they expect them.
 */

export interface PredictionNameParts {
  provider: ProviderName
  model: string
  split: Split
  hints: number
  thinking?: Thinking
}

/** Every character outside `[A-Za-z0-9-]` becomes `-`: `gpt-5.1` -> `gpt-5-1`. */
export function sanitizeModel(model: string): string {
  return model.replace(/[^A-Za-z0-9-]/g, '-')
}

/** `benchmark_<provider>_<model>_<split>_hints_<n>[_thinking_<level or budget>]`. */
export function predictionBatchName(parts: PredictionNameParts): string {
  const name = `benchmark_${parts.provider}_${sanitizeModel(parts.model)}_${parts.split}_hints_${parts.hints}`
  if (parts.thinking === undefined) return name
  const setting = 'level' in parts.thinking ? parts.thinking.level : String(parts.thinking.budget)
  return `${name}_thinking_${setting}`
}

/**
 * `judge_<rest of the prediction name>_by_<judge provider>_<judge model>`. A prediction batch named
 * by hand (without the `benchmark_` prefix) keeps its whole name after `judge_`.
 */
export function judgeBatchName(predictionName: string, judgeProvider: ProviderName, judgeModel: string): string {
  const rest = predictionName.startsWith('benchmark_') ? predictionName.slice('benchmark_'.length) : predictionName
  return `judge_${rest}_by_${judgeProvider}_${sanitizeModel(judgeModel)}`
}
