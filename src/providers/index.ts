import {VENDOR_ADDRESSES} from './addresses.js'
import {ENDPOINT_PROVIDER, type BatchProvider, type ProviderName} from './names.js'
import {locateVendor, vendorDestination} from './shared/vendor-location.js'
import type {BatchClient, BatchReader, LineFormat, StatusReader} from './types.js'
import type {BatchManifest} from '../core/batch/manifest.js'
import type {Destination} from '../core/destinations/destination.js'

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

/** Where a batch of this vendor (or endpoint) would be sent, and the key variable it lacks, if any. */
export interface SendingDestination {
  destination: Destination
  /** `MISTRAL_API_KEY`, `GOOGLE_API_KEY or GEMINI_API_KEY`: unset, so nothing can be sent. */
  missingKey?: string
}

/**
 * Reads where this environment sends a vendor's (or an endpoint's) requests, without sending
 * anything: throws when a set key would go to a host it does not belong at (core/destinations).
 */
export async function sendingDestination(provider: BatchProvider, endpoint?: string): Promise<SendingDestination> {
  if (provider !== ENDPOINT_PROVIDER) {
    const location = locateVendor(VENDOR_ADDRESSES[provider])
    const missingKey = location.keyVariable === undefined ? VENDOR_ADDRESSES[provider].keyVariables.join(' or ') : undefined
    return {destination: vendorDestination(provider, location), ...(missingKey !== undefined && {missingKey})}
  }
  if (endpoint === undefined) throw new Error('an openai-compatible batch names its endpoint')
  const {endpointDestination, resolveEndpoint} = await import('./openai-compatible/endpoint-config.js')
  const config = await resolveEndpoint(endpoint)
  const variable = config.key_variable
  if (variable !== undefined && !process.env[variable]?.trim()) return {destination: {to: `endpoint ${endpoint}`, host: new URL(config.base_url).host}, missingKey: variable}
  return {destination: endpointDestination(config)}
}
