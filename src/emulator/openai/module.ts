import {createOpenAIStyleModule} from '../openai-style/batch-api.js'
import type {ChatDialect} from '../openai-style/chat-format.js'
import {mebibytes} from '../shared/limits.js'

/**
 * OpenAI's assistant message always carries `refusal` and `annotations`; a refusal is
 * `content: null` with the sentence in `refusal` and `finish_reason: "stop"`; a filtered answer
 * stops with `content_filter`, a cut one with `length` (openai-node
 * `resources/chat/completions/completions.ts`: `ChatCompletionMessage`, `ChatCompletion.Choice.finish_reason`).
 */
const chat: ChatDialect = {
  message: (text, fate) =>
    fate?.kind === 'refusal'
      ? {role: 'assistant', content: null, refusal: text, annotations: []}
      : {role: 'assistant', content: text, refusal: null, annotations: []},
  finishReason: (fate) => (fate?.kind === 'truncated' ? 'length' : fate?.kind === 'safety' ? 'content_filter' : 'stop'),
}

/** OpenAI's Batch API under `/v1`: the origin plus `/v1` is the SDK's `baseURL`. */
export const openaiModule = createOpenAIStyleModule({
  provider: 'openai',
  prefix: '/v1',
  idFormat: 'hex',
  fileIdPrefix: 'file-',
  purposes: ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'],
  endpoints: ['/v1/responses', '/v1/chat/completions', '/v1/embeddings', '/v1/completions', '/v1/moderations'],
  completionWindow: (value) => (value === '24h' ? 24 * 3600 : undefined),
  windowHint: "only '24h' is supported",
  paginates: true,
  completionExtra: () => ({service_tier: 'default', system_fingerprint: 'fp_emulator'}),
  chat,
  answerFates: ['refusal', 'safety', 'truncated'],
  // openai-node `BatchCreateParams.input_file_id`: "up to 50,000 requests, and can be up to 200 MB".
  limits: {maxRequests: 50_000, maxBytes: mebibytes(200)},
  // openai-node `FileCreateParams.ExpiresAfter`: batch files expire after 30 days unless told otherwise.
  batchFileLifetime: {defaultSeconds: 30 * 24 * 3600, minSeconds: 3600, maxSeconds: 30 * 24 * 3600},
  authMessages: {
    missing: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
    invalid: 'Incorrect API key provided: bad-key. You can find your API key at https://platform.openai.com/account/api-keys.',
  },
  env: (origin) => ({OPENAI_BASE_URL: `${origin}/v1`}),
})
