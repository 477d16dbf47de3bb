import type {BatchProvider} from './names.js'
import type {BatchStatus} from '../core/batch/status.js'
import type {CanonicalRequest} from '../core/prepare/request.js'
import type {ResultLine} from '../core/results/result.js'

/** How much one vendor batch may hold; beyond either, `prepare` writes several shards. */
export interface BatchLimits {
  maxRequests: number
  maxBytes: number
}

/**
 * The pure half of an adapter: canonical request -> the vendor's JSONL line. Loads no SDK, so
 * `prepare` stays fast and can be tested without a network.
 */
export interface LineFormat {
  readonly provider: BatchProvider
  readonly limits: BatchLimits
  /** Which thinking controls the vendor takes; the other form is refused at prepare time. */
  readonly thinking: {level: boolean; budget: boolean}
  /** True when the vendor rejects a request without `max_tokens` (Anthropic). */
  readonly requiresMaxTokens: boolean
  /** The line for one request. Throws a UserError when the vendor cannot take the request. */
  toLine(request: CanonicalRequest, model: string): object
  /** A line of this format (as `toLine` made it) with its token limit set to `maxTokens`: `bench retry --max-tokens`. */
  withMaxTokens(line: object, maxTokens: number): object
}

/** What bench knows of one shard on the vendor's side. Written to the manifest as it is learnt. */
export interface RemoteShard {
  /** The uploaded input file, for vendors that take files. */
  file_id?: string
  /** The vendor's batch id (Gemini: `batches/...`). */
  batch_id?: string
  /** The vendor's creation time, else this machine's when the batch was created. */
  submitted_at?: string
  /**
   * The vendor's creation time exactly as it reported it, when it did: with the id and the input
   * file, what tells the batch bench created from another given the same id later (a restarted
   * emulator, another account). Checked on every read (core/batch/identity.ts).
   */
  created_at?: string
}

/** What `submit` needs to resume safely after a crash at any point. */
export interface SubmitContext {
  /** The bench batch name; used as vendor metadata / display name to find a created batch again. */
  name: string
  /** Shard index, 0-based; part of the metadata so shards of one batch are told apart. */
  shard: number
  model: string
  /** Absolute path of the shard's JSONL file. */
  file: string
  requests: number
  /** What an earlier (possibly crashed) run already recorded. */
  remote: RemoteShard
  /** Persists progress in the manifest before the next remote call. */
  record(update: RemoteShard): Promise<void>
}

export interface SubmitOutcome {
  remote: RemoteShard
  /** True when an already-created batch was found instead of creating a new one. */
  reused: boolean
  /** Set when the vendor offers no way to find a batch created by a crashed run. */
  warning?: string
}

/**
 * What `get` asks of a submitted shard. A vendor's status is one GET, read without loading the
 * SDK (see `shared/status-reader.ts`); an endpoint batch's comes from bench's own worker's files.
 */
export interface StatusReader {
  // A property, not a method: clients hand their reader's `status` on as a detached function.
  status: (remote: RemoteShard) => Promise<BatchStatus>
}

/**
 * What `results` and `cancel` ask of a submitted batch: a vendor's client, or, for an
 * endpoint without a Batch API, bench's own worker's files.
 */
export interface BatchReader extends StatusReader {
  /**
   * Streams every line the vendor returned for this shard, output and error files alike (and the
   * partial output of expired or cancelled batches), normalized. Order is the vendor's. Lines
   * come in batches (one per downloaded chunk): 200,000 lines would otherwise pay 200,000 async
   * hand-overs at every layer between the socket and the results file.
   */
  results(remote: RemoteShard, model: string): AsyncIterable<ResultLine[]>
  cancel(remote: RemoteShard): Promise<void>
}

/** The SDK half of an adapter: everything that talks to the vendor. Loaded lazily. */
export interface BatchClient extends BatchReader {
  submit(context: SubmitContext): Promise<SubmitOutcome>
}
