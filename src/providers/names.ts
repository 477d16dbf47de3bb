/** The vendors with a Batch API that bench drives through their official SDKs. */
export const PROVIDER_NAMES = ['openai', 'anthropic', 'gemini', 'mistral', 'together', 'groq'] as const

export type ProviderName = (typeof PROVIDER_NAMES)[number]

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value)
}
