import {describe, expect, it} from 'vitest'

import {judgeBatchName, predictionBatchName, sanitizeModel} from '../../src/core/batch/naming.js'

describe('sanitizeModel', () => {
  it('turns every character outside letters, digits and dashes into a dash', () => {
    expect(sanitizeModel('gpt-5.1')).toBe('gpt-5-1')
    expect(sanitizeModel('moonshotai/Kimi-K2.5_thinking')).toBe('moonshotai-Kimi-K2-5-thinking')
    expect(sanitizeModel('claude-opus-4-5')).toBe('claude-opus-4-5')
  })
})

describe('predictionBatchName', () => {
  it('follows the original layton-eval naming', () => {
    expect(predictionBatchName({provider: 'openai', model: 'gpt-5.1', split: 'llm', hints: 0})).toBe(
      'benchmark_openai_gpt-5-1_llm_hints_0',
    )
  })

  it('appends the thinking level or budget', () => {
    expect(predictionBatchName({provider: 'gemini', model: 'gemini-3-pro-preview', split: 'vlm', hints: 4, thinking: {level: 'high'}})).toBe(
      'benchmark_gemini_gemini-3-pro-preview_vlm_hints_4_thinking_high',
    )
    expect(
      predictionBatchName({provider: 'anthropic', model: 'claude-opus-4-5', split: 'llm', hints: 0, thinking: {budget: 32000}}),
    ).toBe('benchmark_anthropic_claude-opus-4-5_llm_hints_0_thinking_32000')
  })
})

describe('judgeBatchName', () => {
  it('swaps the benchmark_ prefix for judge_ and names the judge', () => {
    expect(judgeBatchName('benchmark_openai_gpt-5-1_llm_hints_0', 'gemini', 'gemini-3-pro-preview')).toBe(
      'judge_openai_gpt-5-1_llm_hints_0_by_gemini_gemini-3-pro-preview',
    )
    expect(judgeBatchName('benchmark_mistral_mistral-large-2512_llm_hints_0', 'openai', 'gpt-5.1')).toBe(
      'judge_mistral_mistral-large-2512_llm_hints_0_by_openai_gpt-5-1',
    )
  })

  it('keeps a hand-picked prediction name whole', () => {
    expect(judgeBatchName('my-run', 'anthropic', 'claude-opus-4-5')).toBe('judge_my-run_by_anthropic_claude-opus-4-5')
  })
})
