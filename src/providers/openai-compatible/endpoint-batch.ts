import {join} from 'node:path'

import {ENDPOINT_PROVIDER} from '../names.js'
import {withLock} from '../../core/batch/lock.js'
import {PROCESSED_DIR, lockPath, updateManifest, type BatchManifest, type EndpointRecord} from '../../core/batch/manifest.js'
import {UserError} from '../../core/errors.js'

/**
 * The files and records of one endpoint batch (`provider: openai-compatible`), shared by the
 * worker, `start`, `get`, `results` and `cancel`.
 */

/** The endpoint part of a batch record; a batch of another vendor here is a caller bug. */
export function endpointRecord(manifest: BatchManifest): EndpointRecord {
  if (manifest.provider !== ENDPOINT_PROVIDER || manifest.endpoint === undefined) {
    throw new Error(`batch "${manifest.name}" is not an endpoint batch`)
  }
  return manifest.endpoint
}

/** Held by the running worker, holding its pid: how `get` tells running from interrupted. */
export function workerLockPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.worker.lock`)
}

/** Where a detached worker writes what it would have printed. */
export function workerLogPath(name: string): string {
  return join(PROCESSED_DIR, `${name}.worker.log`)
}

/** Changes the endpoint record under the batch lock (the worker and `get` write the record too). */
export async function updateEndpointRecord(name: string, event: string, change: (record: EndpointRecord) => void): Promise<BatchManifest> {
  return withLock(lockPath(name), `batch "${name}"`, () => changeEndpointRecord(name, event, change))
}

/** The same, for a caller that already holds the batch lock (`cancel`). */
export function changeEndpointRecord(name: string, event: string, change: (record: EndpointRecord) => void): Promise<BatchManifest> {
  return updateManifest(name, event, (stored) => change(endpointRecord(stored)))
}

/** A cancelled run stays cancelled: `start` says so rather than sending the rest. */
export function refuseCancelled(manifest: BatchManifest): void {
  if (endpointRecord(manifest).cancelled_at !== undefined) {
    throw new UserError(`batch "${manifest.name}" was cancelled: run \`bench results ${manifest.name}\` for what was answered`)
  }
}
