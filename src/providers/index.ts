import {ENDPOINT_PROVIDER, type BatchProvider, type ProviderName} from './names.js'
import type {BatchClient, BatchReader, LineFormat, StatusReader} from './types.js'
import type {BatchManifest} from '../core/batch/manifest.js'

export {ENDPOINT_PROVIDER, PROVIDER_NAMES, isProviderName, type BatchProvider, type ProviderName} from './names.js'

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

/** Status reads load no SDK at all (see `shared/status-reader.ts`): `bench get` starts often. */
const statusReaders: Record<ProviderName, () => Promise<StatusReader>> = {
  openai: async () => (await import('./openai/connection.js')).openaiStatusReader,
  anthropic: async () => (await import('./anthropic/connection.js')).anthropicStatusReader,
  gemini: async () => (await import('./gemini/connection.js')).geminiStatusReader,
  mistral: async () => (await import('./mistral/connection.js')).mistralStatusReader,
  together: async () => (await import('./together/connection.js')).togetherStatusReader,
  groq: async () => (await import('./groq/connection.js')).groqStatusReader,
}

/** An endpoint batch's format depends on its endpoint (whether it reads PDFs): pass the endpoint's name. */
export async function loadFormat(provider: BatchProvider, endpoint?: string): Promise<LineFormat> {
  if (provider !== ENDPOINT_PROVIDER) return formats[provider]()
  if (endpoint === undefined) throw new Error('the openai-compatible line format needs an endpoint name')
  const [{endpointFormat}, {resolveEndpoint}] = await Promise.all([import('./openai-compatible/format.js'), import('./openai-compatible/endpoint-config.js')])
  return endpointFormat(await resolveEndpoint(endpoint))
}

export function loadClient(provider: ProviderName): Promise<BatchClient> {
  return clients[provider]()
}

/** What answers for a submitted batch: its vendor's client, or bench's own worker's files for an endpoint batch. */
export async function loadBatchClient(manifest: BatchManifest): Promise<BatchReader> {
  if (manifest.provider !== ENDPOINT_PROVIDER) return loadClient(manifest.provider)
  return (await import('./openai-compatible/endpoint-client.js')).createEndpointClient(manifest)
}

/** What reads a submitted batch's status: its vendor's, without the SDK, or bench's own worker's files. */
export async function loadStatusReader(manifest: BatchManifest): Promise<StatusReader> {
  if (manifest.provider !== ENDPOINT_PROVIDER) return statusReaders[manifest.provider]()
  return loadBatchClient(manifest)
}
