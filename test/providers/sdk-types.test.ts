/**
 * The lines checked against each vendor's own SDK request types, through the SDKs' public entry
 * points. These checks run in `tsc` (`npm run typecheck`): a field an SDK renames, drops or retypes
 * fails the build. At run time each test only confirms the line came from the registered format.
 */
import type Anthropic from '@anthropic-ai/sdk'
import type {Content, GenerationConfig, ThinkingConfig} from '@google/genai'
import type {BatchRequest$Outbound, ChatCompletionRequest$Outbound} from '@mistralai/mistralai/models/components'
import type Groq from 'groq-sdk'
import type OpenAI from 'openai'
import type Together from 'together-ai'
import {describe, expect, expectTypeOf, it} from 'vitest'

import {buildPredictionRequest} from '../../src/core/dataset/layton-prompt.js'
import {loadFormat} from '../../src/providers/index.js'
import {toAnthropicLine} from '../../src/providers/anthropic/format.js'
import {toGeminiLine} from '../../src/providers/gemini/format.js'
import {toGroqLine} from '../../src/providers/groq/format.js'
import {toMistralLine} from '../../src/providers/mistral/format.js'
import {toOpenAILine} from '../../src/providers/openai/format.js'
import {toTogetherLine} from '../../src/providers/together/format.js'
import {pictureRiddle} from './riddle-fixtures.js'

/** Every field set: image, hints, token limit, thinking. */
const levelRequest = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {level: 'high'}})
const budgetRequest = buildPredictionRequest(pictureRiddle, {hints: 4, maxTokens: 8000, thinking: {budget: 2048}})

describe('lines fit the SDK request types', () => {
  it('openai: the body is a chat-completions create request, the url a batch endpoint', async () => {
    const line = toOpenAILine(levelRequest, 'gpt-5.1')
    expectTypeOf(line.body).toExtend<OpenAI.Chat.ChatCompletionCreateParamsNonStreaming>()
    expectTypeOf(line.url).toExtend<OpenAI.Batches.BatchCreateParams['endpoint']>()
    expect((await loadFormat('openai')).toLine(levelRequest, 'gpt-5.1')).toStrictEqual(line)
  })

  it('groq: the body is a groq chat-completions create request', async () => {
    const line = toGroqLine(levelRequest, 'llama')
    expectTypeOf(line.body).toExtend<Parameters<Groq['chat']['completions']['create']>[0]>()
    expectTypeOf(line.url).toExtend<Groq.Batches.BatchCreateParams['endpoint']>()
    expect((await loadFormat('groq')).toLine(levelRequest, 'llama')).toStrictEqual(line)
  })

  it('together: the body is a together chat-completions create request', async () => {
    const line = toTogetherLine(levelRequest, 'kimi')
    expectTypeOf(line.body).toExtend<Together.Chat.CompletionCreateParamsNonStreaming>()
    expect((await loadFormat('together')).toLine(levelRequest, 'kimi')).toStrictEqual(line)
  })

  it('mistral: the line is a batch request whose body is the wire chat request minus model and stream', async () => {
    const line = toMistralLine(levelRequest, 'mistral-large-2512')
    expectTypeOf(line).toExtend<BatchRequest$Outbound>()
    expectTypeOf(line.body).toExtend<Omit<ChatCompletionRequest$Outbound, 'model' | 'stream'>>()
    expect((await loadFormat('mistral')).toLine(levelRequest, 'mistral-large-2512')).toStrictEqual(line)
  })

  it('anthropic: the line is a Message Batches request element', async () => {
    const line = toAnthropicLine(budgetRequest, 'claude-opus-4-5')
    expectTypeOf(line).toExtend<Anthropic.Messages.Batches.BatchCreateParams.Request>()
    expectTypeOf(line.params).toExtend<Anthropic.Messages.MessageCreateParamsNonStreaming>()
    expect((await loadFormat('anthropic')).toLine(budgetRequest, 'claude-opus-4-5')).toStrictEqual(line)
  })

  it("gemini: contents and systemInstruction are Content, generationConfig is GenerationConfig up to the enum's spelling", async () => {
    const line = toGeminiLine(levelRequest, 'gemini-3-pro-preview')
    expectTypeOf(line.request.contents).toExtend<Content[]>()
    expectTypeOf(line.request.systemInstruction).toExtend<Content | undefined>()
    const {thinkingConfig, ...generationConfig} = line.request.generationConfig
    expectTypeOf(generationConfig).toExtend<GenerationConfig>()
    expectTypeOf(thinkingConfig).toExtend<{thinkingLevel?: `${NonNullable<ThinkingConfig['thinkingLevel']>}`; thinkingBudget?: ThinkingConfig['thinkingBudget']} | undefined>()
    expect((await loadFormat('gemini')).toLine(levelRequest, 'gemini-3-pro-preview')).toStrictEqual(line)
  })
})
