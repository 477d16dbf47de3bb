import {createWriteStream} from 'node:fs'
import {access, mkdir, rename, rm} from 'node:fs/promises'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'
import {Readable, Transform} from 'node:stream'
import {pipeline} from 'node:stream/promises'
import type {ReadableStream} from 'node:stream/web'

import {tempPathFor} from '../atomic.js'
import type {Split} from '../batch/manifest.js'
import {guardKeyDestination} from '../destinations/host-policy.js'
import {variableSource} from '../env.js'
import {UserError} from '../errors.js'

/** The Layton dataset on the Hugging Face Hub (reference layton-eval.md §1). */
export const HUB_REPOSITORY = 'rvienne/layton-eval'
/** The human-labelled calibration pools, `ppi_<split>.jsonl` (reference layton-eval.md §5). */
export const CALIBRATION_REPOSITORY = 'rvienne/layton-eval-ppi'
/** The Hub revision we read unless a file names its own; part of the cache path so each revision gets its own copy. */
export const HUB_REVISION = 'main'

const HUB_FILES: Record<Split, string> = {
  llm: 'layton_eval_llm.jsonl',
  vlm: 'layton_eval_vlm.jsonl',
  full: 'layton_eval.jsonl',
}

/** One file of a Hub dataset repository, and the flag that avoids the Hub when it is unreachable. */
export interface HubFile {
  repository: string
  file: string
  /** A branch or ref such as `refs/convert/parquet` (the Hub's Parquet conversion); default HUB_REVISION. */
  revision?: string
  /** The end of every error: how to go on without the Hub. */
  wayOut: string
}

/** The Layton dataset file of a split. */
export function datasetHubFile(split: Split): HubFile {
  return {repository: HUB_REPOSITORY, file: HUB_FILES[split], wayOut: 'or use --dataset FILE.jsonl with a local copy'}
}

/** The calibration pool of a split. */
export function calibrationHubFile(split: Split): HubFile {
  return {repository: CALIBRATION_REPOSITORY, file: `ppi_${split}.jsonl`, wayOut: `or pass --calibration ppi_${split}.jsonl with a local copy`}
}
/** Failures of the Hub or the network, as opposed to bad input. */
const NETWORK_EXIT_CODE = 3

/** Where and how to reach the Hub, read from the environment (the Hugging Face conventions). */
export interface HubSettings {
  /** `HF_ENDPOINT`, for mirrors; no trailing slash. */
  endpoint: string
  /** `HF_TOKEN`, sent as a Bearer token; never printed. */
  token: string | undefined
  /** `BENCH_CACHE_DIR`, else `$XDG_CACHE_HOME/bench`, else `~/.cache/bench`. */
  cacheDirectory: string
  /** `BENCH_HUB_TIMEOUT` (seconds, default 30): for the answer to start, then between two chunks. */
  timeoutSeconds: number
}

/**
 * The token, once it is known to go to the Hub, to loopback, or to a mirror the user allowed
 * (core/destinations): `HF_ENDPOINT` in a cloned repository's `.env` must not collect it.
 */
function guardedToken(token: string, endpoint: string): string {
  const setBy = process.env.HF_ENDPOINT ? [{setting: 'HF_ENDPOINT', source: variableSource('HF_ENDPOINT')}] : []
  guardKeyDestination({keyVariable: 'HF_TOKEN', url: new URL(endpoint), owner: {label: "the Hugging Face Hub's", origins: ['https://huggingface.co']}, setBy})
  return token
}

export function hubSettings(environment: NodeJS.ProcessEnv = process.env): HubSettings {
  const timeout = environment.BENCH_HUB_TIMEOUT ?? '30'
  const timeoutSeconds = Number(timeout)
  if (timeout.trim() === '' || !(timeoutSeconds > 0)) {
    throw new UserError(`BENCH_HUB_TIMEOUT="${timeout}" is not a number of seconds: set it to e.g. 30, or unset it`)
  }
  const endpoint = (environment.HF_ENDPOINT || 'https://huggingface.co').replace(/\/+$/, '')
  if (!/^https?:$/.test(URL.parse(endpoint)?.protocol ?? '')) {
    throw new UserError(`HF_ENDPOINT="${endpoint}" is not an http(s) URL: set it to e.g. https://huggingface.co, or unset it`)
  }
  // Checked here because fetch would quote an invalid header value, token included, in its error.
  const token = environment.HF_TOKEN?.trim() || undefined
  if (token !== undefined && !/^[\x21-\x7e]+$/.test(token)) {
    throw new UserError('HF_TOKEN holds spaces, line breaks or non-ASCII characters: set it to the token alone, e.g. hf_...')
  }
  const cacheHome = environment.XDG_CACHE_HOME || join(homedir(), '.cache')
  return {
    endpoint,
    token,
    cacheDirectory: environment.BENCH_CACHE_DIR || join(cacheHome, 'bench'),
    timeoutSeconds,
  }
}

export function hubFileUrl(hubFile: HubFile, settings: HubSettings): string {
  return `${settings.endpoint}/datasets/${hubFile.repository}/resolve/${encodeURIComponent(hubFile.revision ?? HUB_REVISION)}/${hubFile.file}`
}

export function hubCachePath(hubFile: HubFile, settings: HubSettings): string {
  const revision = (hubFile.revision ?? HUB_REVISION).replaceAll('/', '--')
  return join(settings.cacheDirectory, 'datasets', hubFile.repository.replace('/', '--'), revision, hubFile.file)
}

/**
 * The local path of a Hub file, downloading it into the cache on first use only: later calls
 * make no request. The download lands in a temp file renamed into place once complete, so a cut
 * download never leaves a partial file in the cache.
 */
export async function cachedHubFile(hubFile: HubFile, settings: HubSettings = hubSettings()): Promise<string> {
  const destination = hubCachePath(hubFile, settings)
  try {
    await access(destination)
    return destination
  } catch {
    await download(hubFile, settings, destination)
    return destination
  }
}

async function download(hubFile: HubFile, settings: HubSettings, destination: string): Promise<void> {
  const {file, wayOut} = hubFile
  const where = `the Hugging Face Hub at ${settings.endpoint}`
  const headers = settings.token === undefined ? {} : {authorization: `Bearer ${guardedToken(settings.token, settings.endpoint)}`}
  // One timer for the whole transfer, pushed back by every chunk: it fires on a silent server,
  // before the answer starts or in the middle of the body, never on a slow but steady one.
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, settings.timeoutSeconds * 1000)
  const noAnswer = (): string => `no answer within ${settings.timeoutSeconds} s`

  try {
    let response: Response
    try {
      response = await fetch(hubFileUrl(hubFile, settings), {
        headers,
        redirect: 'follow',
        signal: controller.signal,
      })
    } catch (error) {
      const reason = timedOut ? noAnswer() : networkReason(error)
      throw new UserError(`could not reach ${where} (${reason}): check the network, set HF_ENDPOINT to a mirror, ${wayOut}`, {
        exitCode: NETWORK_EXIT_CODE,
      })
    }
    if (!response.ok || response.body === null) {
      await response.body?.cancel()
      throw statusError(response.status, hubFile, where)
    }

    await mkdir(dirname(destination), {recursive: true})
    const temp = tempPathFor(destination)
    const keepAlive = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        timer.refresh()
        done(null, chunk)
      },
    })
    try {
      await pipeline(Readable.fromWeb(response.body as ReadableStream<Uint8Array>), keepAlive, createWriteStream(temp))
      await rename(temp, destination)
    } catch (error) {
      await rm(temp, {force: true})
      const reason = timedOut ? noAnswer() : networkReason(error)
      throw new UserError(`the download of ${file} from ${where} was cut off (${reason}); nothing was cached: run the command again, ${wayOut}`, {
        exitCode: NETWORK_EXIT_CODE,
      })
    }
  } finally {
    clearTimeout(timer)
  }
}

function statusError(status: number, {repository, file, wayOut}: HubFile, where: string): UserError {
  const options = {exitCode: NETWORK_EXIT_CODE}
  if (status === 401 || status === 403) {
    return new UserError(`${where} refused access to ${repository}/${file} (HTTP ${status}): set HF_TOKEN to a valid token with read access, ${wayOut}`, options)
  }
  if (status === 404) {
    return new UserError(`${repository}/${file} was not found on ${where} (HTTP 404): check HF_ENDPOINT, ${wayOut}`, options)
  }
  return new UserError(`${where} answered HTTP ${status} for ${repository}/${file}: try again later, ${wayOut}`, options)
}

/** The system's short name for a network failure (ECONNREFUSED, ENOTFOUND...), which fetch hides in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as {cause?: {code?: unknown; message?: unknown}} | undefined)?.cause
  if (typeof cause?.code === 'string') return cause.code
  if (typeof cause?.message === 'string') return cause.message
  return error instanceof Error ? error.message : String(error)
}
