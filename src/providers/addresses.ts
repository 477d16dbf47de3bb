import type {ProviderName} from './names.js'

/**
 * Where each vendor is and which key signs for it, as its official SDK has it: the base URL
 * variable the SDK reads (Mistral's SDK reads none: bench's own), its default base URL, and the
 * origins those defaults reach. A vendor's key goes only to these, or to loopback, unless the
 * user allows another (core/destinations).
 */
export interface VendorAddress {
  /** `OpenAI`: how messages name the vendor. */
  label: string
  /** The variables the key is read from, the one the SDK prefers first. */
  keyVariables: readonly [string, ...string[]]
  baseUrlVariable: string
  /** The SDK's default, without a trailing slash. */
  defaultBaseURL: string
  /** The origins the SDK's defaults reach (its upload helpers included). */
  officialOrigins: readonly string[]
  /** The variable of extra headers the SDK sends (`OPENAI_CUSTOM_HEADERS`...), where it reads one. */
  customHeadersVariable?: string
}

export const VENDOR_ADDRESSES: Readonly<Record<ProviderName, VendorAddress>> = {
  // openai/client.js; mtls.api.openai.com is its default for X.509 client identities.
  openai: {
    label: 'OpenAI',
    keyVariables: ['OPENAI_API_KEY'],
    baseUrlVariable: 'OPENAI_BASE_URL',
    defaultBaseURL: 'https://api.openai.com/v1',
    officialOrigins: ['https://api.openai.com', 'https://mtls.api.openai.com'],
    customHeadersVariable: 'OPENAI_CUSTOM_HEADERS',
  },
  // @anthropic-ai/sdk/client.js
  anthropic: {
    label: 'Anthropic',
    keyVariables: ['ANTHROPIC_API_KEY'],
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultBaseURL: 'https://api.anthropic.com',
    officialOrigins: ['https://api.anthropic.com'],
    customHeadersVariable: 'ANTHROPIC_CUSTOM_HEADERS',
  },
  // @google/genai: getApiKeyFromEnv() prefers GOOGLE_API_KEY; the Developer API's default base URL.
  gemini: {
    label: 'Gemini',
    keyVariables: ['GOOGLE_API_KEY', 'GEMINI_API_KEY'],
    baseUrlVariable: 'GOOGLE_GEMINI_BASE_URL',
    defaultBaseURL: 'https://generativelanguage.googleapis.com',
    officialOrigins: ['https://generativelanguage.googleapis.com'],
  },
  // @mistralai/mistralai/src/lib/config.ts (ServerGlobal)
  mistral: {
    label: 'Mistral',
    keyVariables: ['MISTRAL_API_KEY'],
    baseUrlVariable: 'BENCH_MISTRAL_SERVER_URL',
    defaultBaseURL: 'https://api.mistral.ai',
    officialOrigins: ['https://api.mistral.ai'],
  },
  // together-ai/client.js; its upload helper (lib/upload.js) defaults to api.together.xyz.
  together: {
    label: 'Together',
    keyVariables: ['TOGETHER_API_KEY'],
    baseUrlVariable: 'TOGETHER_BASE_URL',
    defaultBaseURL: 'https://api.together.ai/v1',
    officialOrigins: ['https://api.together.ai', 'https://api.together.xyz'],
    customHeadersVariable: 'TOGETHER_CUSTOM_HEADERS',
  },
  // groq-sdk/client.js: an origin; the API lives under /openai/v1.
  groq: {
    label: 'Groq',
    keyVariables: ['GROQ_API_KEY'],
    baseUrlVariable: 'GROQ_BASE_URL',
    defaultBaseURL: 'https://api.groq.com',
    officialOrigins: ['https://api.groq.com'],
    customHeadersVariable: 'GROQ_CUSTOM_HEADERS',
  },
}
