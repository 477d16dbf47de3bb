import type {Thinking, ThinkingLevel} from '../core/prepare/request.js'

/** `--thinking-level` / `--thinking-budget` (oclif makes them exclusive) as the canonical setting. */
export function thinkingFromFlags(flags: {'thinking-level'?: string; 'thinking-budget'?: number}): Thinking | undefined {
  if (flags['thinking-level'] !== undefined) return {level: flags['thinking-level'] as ThinkingLevel}
  if (flags['thinking-budget'] !== undefined) return {budget: flags['thinking-budget']}
  return undefined
}
