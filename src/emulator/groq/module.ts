import {createOpenAIStyleModule} from '../openai-style/batch-api.js'
import type {ChatDialect} from '../openai-style/chat-format.js'
import {mebibytes} from '../shared/limits.js'

/**
 * Groq's message has no `refusal` field and its finish reasons are `stop`, `length`, `tool_calls`
 * and `function_call` only (groq-sdk `resources/chat/completions.ts`: `ChatCompletionMessage`,
 * `ChatCompletion.Choice.finish_reason`): a cut answer is all it can show. A model that declines
 * says so in `content`, which no client can tell from an answer.
 */
const chat: ChatDialect = {
  message: (text) => ({role: 'assistant', content: text}),
  finishReason: (fate) => (fate?.kind === 'truncated' ? 'length' : 'stop'),
}

/** Groq's OpenAI-style Batch API under `/openai/v1`: the SDK's `baseURL` is the bare origin. */
export const groqModule = createOpenAIStyleModule({
  provider: 'groq',
  prefix: '/openai/v1',
  idFormat: 'ulid',
  fileIdPrefix: 'file_',
  purposes: ['batch'],
  endpoints: ['/v1/chat/completions'],
  completionWindow: windowSeconds,
  windowHint: "use a duration from '24h' to '7d'",
  paginates: false,
  completionExtra: (engine) => ({system_fingerprint: 'fp_emulator', x_groq: {id: engine.newId('req_', 'ulid')}}),
  chat,
  answerFates: ['truncated'],
  // groq-sdk `Files.create`: batch files "up to 100 MB"; 50,000 requests per Groq's batch guide.
  limits: {maxRequests: 50_000, maxBytes: mebibytes(100)},
  authMessages: {missing: 'Invalid API Key', invalid: 'Invalid API Key'},
  env: (origin) => ({GROQ_BASE_URL: origin}),
})

/** Groq takes any window from 24 hours to 7 days, written in hours or days (`36h`, `3d`). */
function windowSeconds(value: string): number | undefined {
  const match = /^(\d+)([hd])$/.exec(value)
  if (match === null) return undefined
  const hours = Number(match[1]) * (match[2] === 'd' ? 24 : 1)
  return hours >= 24 && hours <= 168 ? hours * 3600 : undefined
}
