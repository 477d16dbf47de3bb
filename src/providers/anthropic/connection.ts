import type {MessageBatch} from '@anthropic-ai/sdk/resources/messages/batches'

import {vendorIdentity} from '../../core/batch/identity.js'
import {UserError} from '../../core/errors.js'
import {VENDOR_ADDRESSES} from '../addresses.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'
import {VENDOR_EXIT_CODE} from '../shared/vendor-error.js'
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
  const connection = bearerConnection(VENDOR_ADDRESSES.anthropic)
  return {...connection, headers: {...connection.headers, 'anthropic-version': API_VERSION}}
}

/**
 * The batch's `results_url`, an absolute URL the API hands back, which the SDK would fetch with
 * the key wherever it points: accepted only on the host the key was sent to already.
 */
export function checkedResultsUrl(url: string, connection: VendorConnection): string {
  const expected = new URL(connection.baseURL).host
  const host = URL.canParse(url) ? new URL(url).host : url
  if (host !== expected) throw new UserError(`Anthropic gave a results_url on another host (${host}, not ${expected}): bench sends ${connection.vendor.keyVariable} only where it was asked to; report it to Anthropic`, {exitCode: VENDOR_EXIT_CODE})
  return url
}

/** `GET /v1/messages/batches/{id}`, as `sdk.messages.batches.retrieve(id)` sends it. */
export const anthropicStatusReader = createStatusReader<MessageBatch>({
  connect: anthropicConnection,
  path: (id) => `/v1/messages/batches/${encodeURIComponent(id)}`,
  toStatus: anthropicStatus,
  // Anthropic keeps no metadata and takes requests inline: the id and the creation time.
  identify: (batch) => vendorIdentity({id: batch.id, created_at: batch.created_at}),
})
