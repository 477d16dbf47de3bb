/** The vendors with a Batch API that bench drives through their official SDKs. */
export const PROVIDER_NAMES = ['openai', 'anthropic', 'gemini', 'mistral', 'together', 'groq'] as const

export type ProviderName = (typeof PROVIDER_NAMES)[number]

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value)
}

/**
 * Servers that speak OpenAI chat completions but have no Batch API (OpenRouter, vLLM, Ollama):
 * bench runs their requests itself, from a local worker, against a named endpoint.
 */
export const ENDPOINT_PROVIDER = 'openai-compatible'

export type EndpointProvider = typeof ENDPOINT_PROVIDER

/** Who runs a batch's requests: a vendor's Batch API, or bench's own worker. */
export type BatchProvider = ProviderName | EndpointProvider
