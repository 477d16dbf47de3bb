import type {MessageBatch} from '@anthropic-ai/sdk/resources/messages/batches'

import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'
import {anthropicStatus} from './anthropic-status.js'

/**
 * The API version SDK 1.13 sends on every request; a test compares it with what the SDK sends,
 * so an SDK upgrade that moves it fails there rather than in a user's `bench get`.
 */
const API_VERSION = '2026-10-21'

/**
 * Anthropic as its SDK reaches it: `ANTHROPIC_BASE_URL`, the key as a bearer token (SDK 1.x
 * sends it so, not as `x-api-key`) and the API version.
 */
export function anthropicConnection(): VendorConnection {
  const connection = bearerConnection({
    label: 'Anthropic',
    keyVariable: 'ANTHROPIC_API_KEY',
    baseUrlVariable: 'ANTHROPIC_BASE_URL',
    defaultBaseURL: 'https://api.anthropic.com',
    customHeadersVariable: 'ANTHROPIC_CUSTOM_HEADERS',
  })
  return {...connection, headers: {...connection.headers, 'anthropic-version': API_VERSION}}
}

/** `GET /v1/messages/batches/{id}`, as `sdk.messages.batches.retrieve(id)` sends it. */
export const anthropicStatusReader = createStatusReader<MessageBatch>({
  connect: anthropicConnection,
  path: (id) => `/v1/messages/batches/${encodeURIComponent(id)}`,
  toStatus: anthropicStatus,
})
