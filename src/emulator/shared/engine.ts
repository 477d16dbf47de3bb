/**
 * The emulator's engine: the vendor-neutral machinery every vendor module builds on.
 *
 * A vendor module (`openai/module.ts`, `anthropic/module.ts`, ...) is a `VendorModule`: a list of routes for
 * its own paths, how it reads the API key, how it renders an error, and `finalize`, which
 * writes its result files when a batch ends. Everything else is here and shared:
 *
 * - one `node:http` listener per vendor (`server.ts`), which logs every request, applies delay
 *   and HTTP faults, checks the key, routes, and renders thrown `EmulatorHttpError`s;
 * - batches (`createBatch`, `batch`, `listBatches`, `cancelBatch`): the engine owns their phase,
 *   runs their lines through the responder as time passes (`timeline.ts`) and calls the vendor's
 *   `finalize` exactly once when a batch ends;
 * - files (`files`), ids (`newId`), the clock (`now`), faults (`faults`), the responder, and
 *   the logs tests use to prove nothing ran twice (`requests`, `executed`).
 *
 * A typical handler: parse the vendor's body, turn each line into a `LineRequest`, call
 * `engine.createBatch(...)`, and render `engine.batch(provider, id)` in the vendor's shape.
 */
import type {IncomingHttpHeaders} from 'node:http'

import type {ModelCatalog} from '../../core/capabilities/model-catalog.js'
import type {BatchProvider, ProviderName} from '../../providers/names.js'
import type {BatchRecord, LineOutcome, ValidationProblem} from './batch.js'
import {lackingCapability, type CapabilityError, type Lacking} from './capabilities.js'
import {unitDraw} from './draws.js'
import {FaultRegistry, type AnswerFateKind, type Fault, type LineFault} from './faults.js'
import {FileStore} from './files.js'
import type {EmulatorHttpError, KeyProblem, Reply} from './http.js'
import {newId, type IdFormat} from './ids.js'
import type {BatchLimits} from './limits.js'
import {answerText, assignFates, type DrawnLine, type LineFate} from './line-fates.js'
import type {ExecutedLine, RequestLogEntry} from './request-log.js'
import {defaultResponder, estimateUsage, type LineRequest, type Responder, type ResponderReply} from './responder.js'
import {advanceBatch, requestCancel} from './timeline.js'

/**
 * What a route handler gets: the parsed request plus the engine. `Provider` is a Batch API vendor,
 * except for the chat-completions endpoint that stands for servers without one.
 */
export interface HandlerContext<Provider extends BatchProvider = ProviderName> {
  engine: Engine
  provider: Provider
  method: string
  /** The path without the query string, as sent (not decoded). */
  path: string
  query: URLSearchParams
  /** Named groups of the route's pattern, URI-decoded. */
  params: Record<string, string>
  headers: IncomingHttpHeaders
  /** The whole request body (empty Buffer when none). */
  body: Buffer
  /** This vendor listener's origin, e.g. `http://127.0.0.1:4010`: for absolute URLs handed back. */
  origin: string
}

/** One endpoint of a vendor. */
export interface Route<Provider extends BatchProvider = ProviderName> {
  method: string
  /**
   * A path pattern: a string where `{name}` stands for one path segment (e.g.
   * `/v1/batches/{id}/cancel`, or Gemini's `/{version}/batches/{id}:cancel`), or an anchored
   * RegExp with named groups. The query string is never part of the match.
   */
  path: string | RegExp
  /** The name faults match on and the request log shows, e.g. `batches.create`. */
  operation: string
  /** True for calls that carry no API key by design (Together's presigned upload PUT). */
  public?: boolean
  handle(context: HandlerContext<Provider>): Reply | Promise<Reply>
}

/** A vendor's Batch API, built on the engine. One per vendor folder; `../index.ts` registers them. */
export interface VendorModule<Vendor = unknown, Provider extends BatchProvider = ProviderName> {
  provider: Provider
  routes: Route<Provider>[]
  /** The API key the request carries, read the vendor's way; undefined when there is none. */
  credential(headers: IncomingHttpHeaders): string | undefined
  /** The error for a missing or rejected key (OpenAI 401 `invalid_api_key`, Gemini 400 `API_KEY_INVALID`). */
  authError(problem: KeyProblem): EmulatorHttpError
  /** Renders any error in the vendor's envelope (section 9.10 of providers.md). */
  renderError(error: EmulatorHttpError): Reply
  /**
   * The answer fates this vendor's result lines can express (see `AnswerFateKind`); a fault of
   * another fate leaves its batches alone.
   */
  answerFates?: readonly AnswerFateKind[]
  /** The vendor's 400 line error for a line asking its model for what it lacks; absent: its models are held to nothing. */
  capabilityError?(lacking: Lacking, model: string): CapabilityError
  /** What the vendor accepts in one batch (`EngineOptions.limits` may lower it for tests); absent for servers without batches. */
  limits?: BatchLimits
  /** Called once when a batch reaches a terminal phase: write result files into `batch.files`. */
  finalize?(batch: BatchRecord<Vendor>, engine: Engine): void
  /** The environment variables that point the vendor's SDK (and bench) at `origin`. */
  env(origin: string): Record<string, string>
}

/** Settings shared by every vendor of one emulator. */
export interface EngineOptions {
  /** Seconds a batch takes from create to done; 0 settles it at the first look (default 0). */
  batchSeconds?: number
  /** Seed of the default responder and of the draws that pick what faults hit (default 0). Ids are never seeded. */
  seed?: number
  /** The clock, in epoch milliseconds (default `Date.now`); tests pass their own. */
  now?: () => number
  responder?: Responder
  /**
   * Share of a judge's repeats (custom_ids `<id>__r<k>`, core/jury/repeats.ts) answered afresh
   * rather than as the item's first ask was: 0 (default) makes repeats agree, so a test can set
   * how far a judge disagrees with itself.
   */
  repeatDisagreement?: number
  faults?: Fault[]
  /** What each model accepts (data/models.json's shape): a line that uses more ends as the vendor's 400. None: anything goes. */
  models?: ModelCatalog
  /** Per vendor, limits in place of the vendor's own (small ones let tests cross them cheaply). */
  limits?: Partial<Record<ProviderName, Partial<BatchLimits>>>
}

/** What a vendor module passes to `createBatch`. */
export interface NewBatch<Vendor> {
  provider: ProviderName
  /** Made by the vendor module with `newId`, in its vendor's format. */
  id: string
  model: string
  lines: LineRequest[]
  /** Set when the vendor's own validation rejected the input: the batch will end `failed`. */
  problem?: ValidationProblem
  vendor: Vendor
}

/** A line of a result file before serialization; `custom_id` lets faults pick it. */
export interface ResultRow {
  custom_id: string
  row: unknown
}

/** Shared state and behaviour of all vendor listeners of one emulator. */
export class Engine {
  readonly batchSeconds: number
  readonly seed: number
  readonly repeatDisagreement: number
  readonly files = new FileStore(() => this.now())
  readonly faults: FaultRegistry
  /** Every HTTP request answered, in order. */
  readonly requests: RequestLogEntry[] = []
  /** Every line run through the responder, in order. */
  readonly executed: ExecutedLine[] = []
  private readonly clock: () => number
  private readonly limitOverrides: Partial<Record<ProviderName, Partial<BatchLimits>>>
  /** How many batches of each vendor a custom_id has been in: a retry is a new draw. */
  private readonly attempts = new Map<string, number>()
  private readonly models: ModelCatalog | undefined
  private readonly batches = new Map<string, BatchRecord>()
  private readonly modules = new Map<BatchProvider, VendorModule<unknown, BatchProvider>>()
  private responder: Responder

  constructor(options: EngineOptions = {}) {
    this.batchSeconds = options.batchSeconds ?? 0
    this.seed = options.seed ?? 0
    this.repeatDisagreement = options.repeatDisagreement ?? 0
    this.clock = options.now ?? Date.now
    this.limitOverrides = options.limits ?? {}
    this.responder = options.responder ?? defaultResponder
    this.faults = new FaultRegistry(options.faults, this.seed)
    this.models = options.models
  }

  /** The emulator's current time, epoch milliseconds. */
  now(): number {
    return this.clock()
  }

  /**
   * A new id in the vendor's format, e.g. `newId('batch_')`. Random, never seeded: a restarted
   * emulator must not hand out an id an earlier one gave to another batch.
   */
  newId(prefix: string, format: IdFormat = 'hex'): string {
    return newId(prefix, format)
  }

  /** A vendor's batch limits: its own, with the overrides given at start. */
  limits(provider: ProviderName): BatchLimits {
    const limits = this.modules.get(provider)?.limits
    if (limits === undefined) throw new Error(`${provider} is not served by this emulator`)
    return {...limits, ...this.limitOverrides[provider]}
  }

  /** Replaces the responder; undefined restores the default one. */
  setResponder(responder: Responder | undefined): void {
    this.responder = responder ?? defaultResponder
  }

  /** Makes a vendor known, so its `finalize` runs when its batches end. */
  register(module: VendorModule<unknown, BatchProvider>): void {
    this.modules.set(module.provider, module)
  }

  /**
   * Creates a batch in phase `validating`, taking the batch faults queued for its vendor and
   * deciding the fate of each line.
   */
  createBatch<Vendor>(input: NewBatch<Vendor>): BatchRecord<Vendor> {
    const created = this.now()
    const faults = this.faults.takeBatchFaults(input.provider)
    const injected = faults.validation && {
      code: 'invalid_request',
      message: faults.validation.message ?? 'The input file was rejected during validation.',
      param: null,
      line: 1,
    }
    const problem = input.problem ?? injected
    // A batch that fails validation runs no line, so it spends no count of a line fault.
    const fates = problem === undefined ? this.assignFates(input.provider, input.lines, faults.lines) : input.lines.map(() => undefined)
    const batch: BatchRecord<Vendor> = {
      id: input.id,
      provider: input.provider,
      model: input.model,
      lines: input.lines,
      phase: 'validating',
      problem,
      outcomes: input.lines.map(() => undefined),
      times: {created, expires: created + 24 * 3600 * 1000},
      faults,
      fates,
      files: {},
      vendor: input.vendor,
    }
    this.batches.set(batchKey(input.provider, input.id), batch)
    return batch
  }

  /**
   * The batch, brought up to now (lines run, phase moved, files written); undefined if unknown.
   * Cancel handlers pass `{advance: false}`: with `batchSeconds` 0 any look settles the batch,
   * so looking before cancelling would make a cancel right after create always too late.
   */
  batch<Vendor = unknown>(provider: ProviderName, id: string, options: {advance?: boolean} = {}): BatchRecord<Vendor> | undefined {
    const batch = this.batches.get(batchKey(provider, id))
    if (batch !== undefined && options.advance !== false) this.advance(batch)
    return batch as BatchRecord<Vendor> | undefined
  }

  /** A vendor's batches, brought up to now, newest first. */
  listBatches<Vendor = unknown>(provider: ProviderName): BatchRecord<Vendor>[] {
    const found = [...this.batches.values()].filter((batch) => batch.provider === provider).reverse()
    for (const batch of found) this.advance(batch)
    return found as BatchRecord<Vendor>[]
  }

  /**
   * Requests a cancel (phase `cancelling`); false when the batch has already ended. With
   * `batchSeconds` > 0 the lines due by now run first; with 0, a batch not yet looked at is
   * cancelled before any line runs (get it with `batch(provider, id, {advance: false})`).
   */
  cancelBatch(batch: BatchRecord): boolean {
    if (this.batchSeconds > 0) this.advance(batch)
    return requestCancel(batch, this.now())
  }

  /** Forgets a batch (Anthropic and Gemini delete); false when there was none. */
  deleteBatch(provider: ProviderName, id: string): boolean {
    return this.batches.delete(batchKey(provider, id))
  }

  /**
   * Serializes result rows as JSONL, one per line, breaking the rows a `malformed-output`
   * fault picked (cut in half, so not JSON). Vendor modules write every result file with it.
   */
  resultJsonl(batch: BatchRecord, rows: ResultRow[]): Buffer {
    const positions = new Map(batch.lines.map((line, index) => [line.custom_id, index]))
    const text = rows.map(({custom_id, row}) => {
      const serialized = JSON.stringify(row)
      const position = positions.get(custom_id)
      const broken = position !== undefined && batch.fates[position]?.kind === 'malformed'
      return broken ? serialized.slice(0, Math.ceil(serialized.length / 2)) : serialized
    })
    return Buffer.from(text.map((line) => line + '\n').join(''))
  }

  private advance(batch: BatchRecord): void {
    const ended = advanceBatch(batch, this.now(), this.batchSeconds, (index, finishedAt) => this.runLine(batch, index, finishedAt))
    if (ended) this.modules.get(batch.provider)?.finalize?.(batch, this)
  }

  /**
   * Answers one request at once (the chat-completions endpoint, which has no batches), logged in
   * `executed` like a batch line with an empty batch id.
   */
  respondNow(provider: BatchProvider, request: LineRequest): ResponderReply {
    this.executed.push({provider, batch_id: '', custom_id: request.custom_id})
    return this.reply(provider, request)
  }

  /** The responder's answer; a responder that throws is the server's 500, as a vendor's bug would be. */
  private reply(provider: BatchProvider, request: LineRequest): ResponderReply {
    try {
      return this.responder({...request, provider, seed: this.seed, repeatDisagreement: this.repeatDisagreement})
    } catch (error) {
      return {error: {status: 500, code: 'server_error', message: `The responder threw: ${String(error)}`}}
    }
  }

  /**
   * Runs one line: an injected line error if its fate is one, else the responder's answer, which
   * an answer fate turns into a refusal or cuts short. Usage counts what the line shows.
   */
  private runLine(batch: BatchRecord, index: number, finishedAt: number): LineOutcome {
    const request = batch.lines[index]!
    this.executed.push({provider: batch.provider, batch_id: batch.id, custom_id: request.custom_id})
    const fate = batch.fates[index]
    if (fate?.kind === 'line-error') {
      const {fault} = fate
      const message = fault.message ?? 'The server had an error while processing your request.'
      return {kind: 'errored', status: fault.status ?? 500, code: fault.code ?? 'server_error', message, finishedAt, bare: fate.variant < (fault.bareShare ?? 0)}
    }
    const lacking = this.models && lackingCapability(batch.provider, request, this.models)
    const refused = lacking && this.modules.get(batch.provider)?.capabilityError?.(lacking, request.model)
    if (refused !== undefined) return {kind: 'errored', ...refused, finishedAt}
    const reply = this.reply(batch.provider, request)
    if ('error' in reply) return {kind: 'errored', ...reply.error, finishedAt}
    if (fate === undefined || fate.kind === 'malformed') return {kind: 'succeeded', text: reply.text, usage: estimateUsage(request, reply.text), finishedAt}
    const text = answerText(fate.kind, reply.text)
    return {kind: 'succeeded', text, usage: estimateUsage(request, text), finishedAt, fate: {kind: fate.kind, variant: fate.variant}}
  }

  /** The fate of each line, from the line faults this vendor's result lines can express. */
  private assignFates(provider: ProviderName, lines: readonly LineRequest[], faults: readonly LineFault[]): (LineFate | undefined)[] {
    const expressible = new Set<string>(this.modules.get(provider)?.answerFates ?? [])
    const usable = faults.filter((fault) => fault.kind === 'line-error' || fault.kind === 'malformed-output' || expressible.has(fault.kind))
    const fates = assignFates(lines.map((line) => this.drawLine(provider, line.custom_id)), usable)
    this.faults.prune()
    return fates
  }

  /** A line's two draws, from the seed, its vendor, its custom_id and how often that id was sent before. */
  private drawLine(provider: ProviderName, customId: string): DrawnLine {
    const key = `${provider}\u0000${customId}`
    const attempt = (this.attempts.get(key) ?? 0) + 1
    this.attempts.set(key, attempt)
    const base = `${this.seed}:fate:${provider}:${customId}:${attempt}`
    return {customId, pick: unitDraw(base), variant: unitDraw(`${base}:variant`)}
  }
}

function batchKey(provider: ProviderName, id: string): string {
  return `${provider}\u0000${id}`
}
