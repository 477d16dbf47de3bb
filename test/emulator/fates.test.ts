import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest'

import {startEmulator, type Emulator} from '../../src/emulator/index.js'
import {REFUSAL} from '../../src/emulator/shared/line-fates.js'
import type {MessageBatchIndividualResponse} from '@anthropic-ai/sdk/resources/messages/batches'
import type {Message} from '@anthropic-ai/sdk/resources/messages/messages'
import type OpenAI from 'openai'

import {matching} from '../support/matchers.js'
import {runRawBatch, type ChatRow, type GeminiRow} from './sdk-batches.js'

/**
 * Each answer fate as each vendor writes it, read back through the vendor's own SDK as raw
 * result lines. Where the shapes come from is cited in the vendor modules (src/emulator/<vendor>).
 */

let emulator: Emulator

beforeAll(async () => {
  emulator = await startEmulator({seed: 11, endpoint: false})
})
afterAll(() => emulator.close())
afterEach(() => emulator.faults.clear())

/** Twelve ids: enough for a `rate: 1` fault to show every variant a vendor has (at seed 11). */
const MANY = Array.from({length: 12}, (_, index) => `q${index}`)

/** The first choice of a chat-body line that has a response. */
function choiceOf(row: ChatRow | undefined): OpenAI.Chat.ChatCompletion.Choice {
  const choice = row?.response?.body.choices[0]
  if (choice === undefined) throw new Error(`no choice in ${JSON.stringify(row)}`)
  return choice
}

function completionTokens(row: ChatRow | undefined): number {
  return row?.response?.body.usage?.completion_tokens ?? 0
}

/** The message of an Anthropic line that succeeded. */
function messageOf(line: MessageBatchIndividualResponse | undefined): Message {
  if (line?.result.type !== 'succeeded') throw new Error(`${line?.custom_id} did not succeed`)
  return line.result.message
}

/** The response of a Gemini line that has one. */
function responseOf(row: GeminiRow | undefined): NonNullable<GeminiRow['response']> {
  if (row?.response === undefined) throw new Error(`no response in ${JSON.stringify(row)}`)
  return row.response
}

describe('chat-completion bodies', () => {
  it('openai: a refusal is content null with the sentence in refusal; filtered and cut answers stop with content_filter and length', async () => {
    emulator.faults.add({kind: 'refusal', provider: 'openai', customIds: ['refused']})
    emulator.faults.add({kind: 'safety', provider: 'openai', customIds: ['filtered']})
    emulator.faults.add({kind: 'truncated', provider: 'openai', customIds: ['cut']})
    const {lines} = await runRawBatch(emulator, 'openai', ['plain', 'refused', 'filtered', 'cut'])
    const choice = (id: string): OpenAI.Chat.ChatCompletion.Choice => choiceOf(lines[id])
    expect(choice('plain')).toMatchObject({finish_reason: 'stop', message: {role: 'assistant', refusal: null, annotations: []}})
    expect(choice('refused')).toEqual({index: 0, logprobs: null, finish_reason: 'stop', message: {role: 'assistant', content: null, refusal: REFUSAL, annotations: []}})
    expect(choice('filtered')).toMatchObject({finish_reason: 'content_filter', message: {refusal: null, annotations: []}})
    expect(choice('cut')).toMatchObject({finish_reason: 'length', message: {refusal: null}})
    for (const id of ['refused', 'filtered', 'cut']) {
      expect(lines[id]).toMatchObject({response: {status_code: 200}, error: null})
      expect(completionTokens(lines[id])).toBeGreaterThan(0)
    }
  })

  it('a cut answer is the start of the answer the line would have had', async () => {
    const {lines: plain} = await runRawBatch(emulator, 'groq', ['same'])
    emulator.faults.add({kind: 'truncated', provider: 'groq', customIds: ['same']})
    const {lines: cut} = await runRawBatch(emulator, 'groq', ['same'])
    const full = choiceOf(plain.same).message.content ?? ''
    const part = choiceOf(cut.same).message.content ?? ''
    expect(full.startsWith(part) && part.length < full.length).toBe(true)
    expect(completionTokens(cut.same)).toBeLessThan(completionTokens(plain.same))
  })

  it.each([
    {provider: 'groq', message: {role: 'assistant'}, reasons: ['length']},
    {provider: 'together', message: {role: 'assistant', tool_calls: []}, reasons: ['length']},
    {provider: 'mistral', message: {role: 'assistant', tool_calls: null}, reasons: ['length', 'model_length']},
  ] as const)('$provider: a cut answer stops with $reasons; no refusal field, no content filter', async ({provider, message, reasons}) => {
    emulator.faults.add({kind: 'truncated', provider, rate: 1})
    const {lines} = await runRawBatch(emulator, provider, MANY)
    const choices = MANY.map((id) => choiceOf(lines[id]))
    expect(new Set(choices.map((choice) => choice.finish_reason))).toEqual(new Set(reasons))
    for (const choice of choices) {
      expect(choice.message).toMatchObject(message)
      expect(choice.message).not.toHaveProperty('refusal')
    }
    for (const id of MANY) expect(completionTokens(lines[id])).toBeGreaterThan(0)
  })

  it.each(['groq', 'together', 'mistral'] as const)('%s: a refusal or safety fault leaves its lines alone, since its body cannot show one', async (provider) => {
    emulator.faults.add({kind: 'refusal', rate: 0.5})
    emulator.faults.add({kind: 'safety', rate: 0.5})
    const {lines} = await runRawBatch(emulator, provider, MANY)
    for (const id of MANY) expect(choiceOf(lines[id])).toMatchObject({finish_reason: 'stop', message: {content: matching.stringContaining(`Question ${id}`)}})
  })
})

describe('anthropic', () => {
  it('a refusal stops with refusal, no text, and the category in stop_details; a cut answer stops at max_tokens or the context window', async () => {
    emulator.faults.add({kind: 'refusal', provider: 'anthropic', rate: 0.5})
    emulator.faults.add({kind: 'truncated', provider: 'anthropic', rate: 0.5})
    const {lines} = await runRawBatch(emulator, 'anthropic', MANY)
    const messages = MANY.map((id) => messageOf(lines[id]))
    const refusals = messages.filter((message) => message.stop_reason === 'refusal')
    const cut = messages.filter((message) => message.stop_reason !== 'refusal')
    expect(refusals.length).toBeGreaterThan(0)
    for (const message of refusals) {
      expect(message.content).toEqual([])
      expect(message.stop_details).toMatchObject({type: 'refusal'})
      expect(message.stop_details?.explanation).toBe(message.stop_details?.category === null ? null : REFUSAL)
      expect(message.usage.output_tokens).toBeGreaterThan(0)
    }
    expect(new Set(refusals.map((message) => message.stop_details?.category)).size).toBeGreaterThan(1)
    expect(new Set(cut.map((message) => message.stop_reason))).toEqual(new Set(['max_tokens', 'model_context_window_exceeded']))
    for (const message of cut) expect(message.content).toMatchObject([{type: 'text', text: matching.any(String)}])
    expect(MANY.every((id) => lines[id]!.result.type === 'succeeded')).toBe(true)
  })
})

describe('gemini', () => {
  it('a safety block is a blocked prompt without candidates or a candidate stopped by one of five reasons, with ratings', async () => {
    emulator.faults.add({kind: 'safety', provider: 'gemini', rate: 1})
    const ids = Array.from({length: 30}, (_, index) => `s${index}`)
    const {lines} = await runRawBatch(emulator, 'gemini', ids)
    const responses = ids.map((id) => responseOf(lines[id]))
    const prompts = responses.flatMap((response) => (response.promptFeedback === undefined ? [] : [{...response, promptFeedback: response.promptFeedback}]))
    const candidates = responses.flatMap((response) => response.candidates?.map((candidate) => ({candidate, usage: response.usageMetadata})) ?? [])
    expect(new Set(prompts.map((response) => response.promptFeedback.blockReason))).toEqual(new Set(['SAFETY', 'PROHIBITED_CONTENT']))
    for (const response of prompts) {
      expect(response).not.toHaveProperty('candidates')
      expect(response.promptFeedback.safetyRatings).toContainEqual({category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true})
      expect(response.usageMetadata.promptTokenCount).toBeGreaterThan(0)
    }
    expect(prompts.length + candidates.length).toBe(ids.length)
    expect(new Set(candidates.map(({candidate}) => candidate.finishReason))).toEqual(new Set(['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'IMAGE_SAFETY']))
    for (const {candidate, usage} of candidates) {
      expect(candidate).not.toHaveProperty('content')
      expect(candidate.safetyRatings).toHaveLength(4)
      expect(usage.candidatesTokenCount).toBeGreaterThan(0)
    }
  })

  it('a recitation stop keeps the text so far and cites its source; a cut answer stops at MAX_TOKENS', async () => {
    emulator.faults.add({kind: 'recitation', provider: 'gemini', customIds: ['recited']})
    emulator.faults.add({kind: 'truncated', provider: 'gemini', customIds: ['cut']})
    const {lines} = await runRawBatch(emulator, 'gemini', ['recited', 'cut', 'plain'])
    const candidate = (id: string): unknown => responseOf(lines[id]).candidates?.[0]
    const recited = responseOf(lines.recited).candidates?.[0]
    const recitedText = recited?.content?.parts[0]?.text ?? ''
    expect(recitedText).not.toBe('')
    expect(recited).toMatchObject({finishReason: 'RECITATION', content: {role: 'model'}})
    expect(recited?.citationMetadata?.citationSources[0]).toMatchObject({startIndex: 0, endIndex: recitedText.length, uri: matching.any(String)})
    expect(candidate('cut')).toMatchObject({finishReason: 'MAX_TOKENS', content: {parts: [{text: matching.any(String)}]}})
    expect(candidate('plain')).toMatchObject({finishReason: 'STOP'})
    expect(responseOf(lines.cut).usageMetadata.candidatesTokenCount).toBeGreaterThan(0)
  })
})

describe('line errors', () => {
  it('mistral writes some error lines with a bare-string error', async () => {
    emulator.faults.add({kind: 'line-error', provider: 'mistral', customIds: ['bare'], message: 'Internal error', bareShare: 1})
    emulator.faults.add({kind: 'line-error', provider: 'mistral', customIds: ['wrapped'], message: 'Internal error'})
    const {lines} = await runRawBatch(emulator, 'mistral', ['bare', 'wrapped'])
    expect(lines.bare).toEqual({id: matching.any(String), custom_id: 'bare', response: null, error: 'Internal error'})
    expect(lines.wrapped).toMatchObject({response: {status_code: 500, body: {message: 'Internal error'}}, error: null})
  })
})

describe('which requests a fault hits', () => {
  it('is repeatable for a seed, and a request sent again is a new draw', async () => {
    const cutIds = async (target: Emulator): Promise<string[]> => {
      const {lines} = await runRawBatch(target, 'openai', MANY)
      return MANY.filter((id) => choiceOf(lines[id]).finish_reason === 'length')
    }
    const first = await startEmulator({seed: 5, providers: ['openai'], faults: 'truncated:0.5'})
    const second = await startEmulator({seed: 5, providers: ['openai'], faults: 'truncated:0.5'})
    try {
      const picked = await cutIds(first)
      expect(picked.length).toBeGreaterThan(0)
      expect(picked.length).toBeLessThan(MANY.length)
      expect(await cutIds(second)).toEqual(picked)
      expect(await cutIds(first)).not.toEqual(picked)
    } finally {
      await Promise.all([first.close(), second.close()])
    }
  })

  it('spends a count over the emulator life, on the lowest draws first', async () => {
    emulator.faults.add({kind: 'truncated', provider: 'together', count: 3})
    const finish = (lines: Record<string, ChatRow>): string[] => Object.values(lines).map((line) => choiceOf(line).finish_reason)
    expect(finish((await runRawBatch(emulator, 'together', ['a', 'b'])).lines)).toEqual(['length', 'length'])
    expect(finish((await runRawBatch(emulator, 'together', MANY)).lines).filter((reason) => reason === 'length')).toHaveLength(1)
    expect(finish((await runRawBatch(emulator, 'together', MANY)).lines)).not.toContain('length')
  })

  it('spends no count on a batch that fails validation, since none of its lines run', async () => {
    emulator.faults.add({kind: 'validation', provider: 'groq', times: 1})
    emulator.faults.add({kind: 'truncated', provider: 'groq', count: 1})
    const {lines: failed} = await runRawBatch(emulator, 'groq', ['v'])
    expect(failed).toEqual({})
    const {lines} = await runRawBatch(emulator, 'groq', ['v'])
    expect(choiceOf(lines.v).finish_reason).toBe('length')
  })

  it('hits a share of the API calls with rate-limit and server-error, the same calls for the same seed', async () => {
    const statuses = async (seed: number): Promise<number[]> => {
      const target = await startEmulator({seed, providers: ['groq'], faults: 'rate-limit:0.3,server-error:0.2', endpoint: false})
      try {
        const seen: number[] = []
        // One after another: the draw is made for each call's place in the sequence.
        for (let call = 0; call < 40; call += 1) seen.push((await fetch(`${target.urls.groq}/openai/v1/batches`, {headers: {authorization: 'Bearer k'}})).status)
        return seen
      } finally {
        await target.close()
      }
    }
    const first = await statuses(3)
    expect(new Set(first)).toEqual(new Set([200, 429, 500]))
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(10)
    expect(await statuses(3)).toEqual(first)
  })
})
