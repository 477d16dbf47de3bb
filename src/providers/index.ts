import type {BatchClient, LineFormat} from './types.js'
import type {ProviderName} from './names.js'

export {PROVIDER_NAMES, isProviderName, type ProviderName} from './names.js'

/**
 * Name -> lazy import. A command loads only the vendor it uses: formats import no SDK at all,
 * clients import exactly one.
 */
const formats: Record<ProviderName, () => Promise<LineFormat>> = {
  openai: async () => (await import('./openai/format.js')).openaiFormat,
  anthropic: async () => (await import('./anthropic/format.js')).anthropicFormat,
  gemini: async () => (await import('./gemini/format.js')).geminiFormat,
  mistral: async () => (await import('./mistral/format.js')).mistralFormat,
  together: async () => (await import('./together/format.js')).togetherFormat,
  groq: async () => (await import('./groq/format.js')).groqFormat,
}

const clients: Record<ProviderName, () => Promise<BatchClient>> = {
  openai: async () => (await import('./openai/client.js')).createOpenAIClient(),
  anthropic: async () => (await import('./anthropic/client.js')).createAnthropicClient(),
  gemini: async () => (await import('./gemini/client.js')).createGeminiClient(),
  mistral: async () => (await import('./mistral/client.js')).createMistralClient(),
  together: async () => (await import('./together/client.js')).createTogetherClient(),
  groq: async () => (await import('./groq/client.js')).createGroqClient(),
}

export function loadFormat(provider: ProviderName): Promise<LineFormat> {
  return formats[provider]()
}

export function loadClient(provider: ProviderName): Promise<BatchClient> {
  return clients[provider]()
}
