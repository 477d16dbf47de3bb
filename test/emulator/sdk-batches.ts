import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import Anthropic from '@anthropic-ai/sdk'
import type {MessageBatchIndividualResponse} from '@anthropic-ai/sdk/resources/messages/batches'
import {GoogleGenAI} from '@google/genai'
import {Mistral} from '@mistralai/mistralai'
import Groq from 'groq-sdk'
import OpenAI, {toFile} from 'openai'
import Together from 'together-ai'

import type {Emulator} from '../../src/emulator/index.js'
import type {ProviderName} from '../../src/providers/names.js'

/**
 * Runs one small batch on one vendor of a running emulator (batchSeconds 0) through that
 * vendor's official SDK, and hands back its result lines exactly as the vendor wrote them: the
 * raw JSON of every line of the result files (or stream), keyed by custom_id (Gemini: `key`).
 * Each question is `Question <id>`; every request carries a token limit.
 */
export async function runRawBatch<Provider extends ProviderName>(emulator: Emulator, provider: Provider, ids: readonly string[]): Promise<RawBatch<RawRows[Provider]>> {
  return (RUNNERS[provider] as Runner<RawRows[Provider]>)(emulator, ids)
}

export interface RawBatch<Row> {
  /** The vendor's batch id, as its SDK returned it. */
  batchId: string
  /** Every result line, by custom_id. */
  lines: Record<string, Row>
}

/**
 * A line of an OpenAI-style output or error file (OpenAI, Groq, Together, Mistral), typed by
 * OpenAI's chat body, the fullest of the four; Mistral may write `error` as a bare string.
 */
export interface ChatRow {
  id?: string
  custom_id: string
  response: {status_code: number; body: OpenAI.Chat.ChatCompletion} | null
  error: {code: string; message: string} | string | null
}

/** A line of a Gemini responses file, in the REST API's own field names (not the SDK's). */
export interface GeminiRow {
  key: string
  response?: {
    candidates?: GeminiCandidate[]
    promptFeedback?: {blockReason: string; safetyRatings: SafetyRating[]}
    usageMetadata: {promptTokenCount: number; candidatesTokenCount?: number; totalTokenCount: number}
  }
  error?: {code: number; message: string; status: string}
}

export interface GeminiCandidate {
  content?: {role: string; parts: {text: string; thought?: boolean}[]}
  finishReason: string
  safetyRatings?: SafetyRating[]
  citationMetadata?: {citationSources: {startIndex: number; endIndex: number; uri: string}[]}
}

interface SafetyRating {
  category: string
  probability: string
  blocked?: boolean
}

/** What each vendor's result lines are. */
export interface RawRows {
  openai: ChatRow
  groq: ChatRow
  together: ChatRow
  mistral: ChatRow
  anthropic: MessageBatchIndividualResponse
  gemini: GeminiRow
}

const KEY = 'test-key'

type Runner<Row> = (emulator: Emulator, ids: readonly string[]) => Promise<RawBatch<Row>>

const RUNNERS: {[Provider in ProviderName]: Runner<RawRows[Provider]>} = {
  openai: async (emulator, ids) => {
    const client = new OpenAI({apiKey: KEY, baseURL: emulator.env().OPENAI_BASE_URL, maxRetries: 0})
    const lines = ids.map((id) => ({custom_id: id, method: 'POST', url: '/v1/chat/completions', body: chatBody('gpt-4.1-mini', id)}))
    const file = await client.files.create({file: await toFile(jsonl(lines), 'in.jsonl'), purpose: 'batch'})
    const created = await client.batches.create({input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h'})
    const done = await client.batches.retrieve(created.id)
    const texts = await Promise.all([done.output_file_id, done.error_file_id].map(async (id) => (id ? (await client.files.content(id)).text() : '')))
    return {batchId: created.id, lines: byCustomId(texts.join(''))}
  },
  groq: async (emulator, ids) => {
    const client = new Groq({apiKey: KEY, baseURL: emulator.env().GROQ_BASE_URL, maxRetries: 0})
    const lines = ids.map((id) => ({custom_id: id, method: 'POST', url: '/v1/chat/completions', body: chatBody('llama-3.1-8b-instant', id)}))
    const file = await client.files.create({file: await toFile(jsonl(lines), 'in.jsonl'), purpose: 'batch'})
    const created = await client.batches.create({input_file_id: file.id!, endpoint: '/v1/chat/completions', completion_window: '24h'})
    const done = await client.batches.retrieve(created.id)
    const texts = await Promise.all([done.output_file_id, done.error_file_id].map(async (id) => (id ? (await client.files.content(id)).text() : '')))
    return {batchId: created.id, lines: byCustomId(texts.join(''))}
  },
  together: async (emulator, ids) => {
    const client = new Together({apiKey: KEY, baseURL: emulator.env().TOGETHER_BASE_URL, maxRetries: 0})
    const lines = ids.map((id) => ({custom_id: id, body: chatBody('meta-llama/Llama-3.3-70B-Instruct-Turbo', id)}))
    const form = new FormData()
    form.set('purpose', 'batch-api')
    form.set('file_name', 'in.jsonl')
    form.set('file', new Blob([jsonl(lines)]), 'in.jsonl')
    const uploaded = (await (await fetch(`${emulator.env().TOGETHER_BASE_URL}/files/upload`, {method: 'POST', body: form, headers: {authorization: `Bearer ${KEY}`}})).json()) as {id: string}
    const created = (await client.batches.create({input_file_id: uploaded.id, endpoint: '/v1/chat/completions'})) as unknown as {job: Together.Batches.BatchJob}
    const done = await client.batches.retrieve(created.job.id!)
    const texts = await Promise.all([done.output_file_id, done.error_file_id].map(async (id) => (id ? (await client.files.content(id)).text() : '')))
    return {batchId: created.job.id!, lines: byCustomId(texts.join(''))}
  },
  mistral: async (emulator, ids) => {
    const client = new Mistral({apiKey: KEY, serverURL: emulator.urls.mistral})
    const lines = ids.map((id) => ({custom_id: id, body: chatBody('mistral-small-latest', id)}))
    const file = await client.files.upload({file: {fileName: 'in.jsonl', content: jsonl(lines)}, purpose: 'batch'})
    const created = await client.batch.jobs.create({inputFiles: [file.id], endpoint: '/v1/chat/completions', model: 'mistral-small-latest'})
    const done = await client.batch.jobs.get({jobId: created.id})
    const texts = await Promise.all(
      [done.outputFile, done.errorFile].map(async (id) => (id ? new Response(await client.files.download({fileId: id})).text() : '')),
    )
    return {batchId: created.id, lines: byCustomId(texts.join(''))}
  },
  anthropic: async (emulator, ids) => {
    const client = new Anthropic({apiKey: KEY, baseURL: emulator.urls.anthropic, maxRetries: 0})
    const requests = ids.map((id) => ({custom_id: id, params: {model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{role: 'user' as const, content: `Question ${id}`}]}}))
    const created = await client.messages.batches.create({requests})
    await client.messages.batches.retrieve(created.id)
    const lines: MessageBatchIndividualResponse[] = []
    for await (const line of await client.messages.batches.results(created.id)) lines.push(line)
    return {batchId: created.id, lines: Object.fromEntries(lines.map((line) => [line.custom_id, line]))}
  },
  gemini: async (emulator, ids) => {
    const ai = new GoogleGenAI({apiKey: KEY, httpOptions: {baseUrl: emulator.urls.gemini}})
    const lines = ids.map((id) => ({key: id, request: {contents: [{role: 'user', parts: [{text: `Question ${id}`}]}], generationConfig: {maxOutputTokens: 64}}}))
    const file = await ai.files.upload({file: new Blob([jsonl(lines)]), config: {mimeType: 'jsonl'}})
    const created = await ai.batches.create({model: 'gemini-2.5-flash', src: file.name!})
    const done = await ai.batches.get({name: created.name!})
    const directory = await mkdtemp(join(tmpdir(), 'bench-gemini-raw-'))
    try {
      await ai.files.download({file: done.dest!.fileName!, downloadPath: join(directory, 'out.jsonl')})
      const rows = (await readFile(join(directory, 'out.jsonl'), 'utf8')).trim().split('\n').map((text) => JSON.parse(text) as GeminiRow)
      return {batchId: created.name!, lines: Object.fromEntries(rows.map((row) => [row.key, row]))}
    } finally {
      await rm(directory, {recursive: true, force: true})
    }
  },
}

function chatBody(model: string, id: string): Record<string, unknown> {
  return {model, max_tokens: 64, messages: [{role: 'user', content: `Question ${id}`}]}
}

function jsonl(lines: readonly unknown[]): Buffer {
  return Buffer.from(lines.map((line) => JSON.stringify(line) + '\n').join(''))
}

function byCustomId(text: string): Record<string, ChatRow> {
  const rows = text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as ChatRow)
  return Object.fromEntries(rows.map((row) => [row.custom_id, row]))
}
