import type {BatchProvider, ProviderName} from '../../providers/names.js'
import {stackShare, unitDraw} from './draws.js'

/**
 * Which HTTP calls a fault hits: all fields given must match. `operation` is a route's name as
 * the vendor module declares it (`batches.create`, `batches.retrieve`, `files.content`, ...).
 */
export interface CallMatch {
  provider?: BatchProvider
  operation?: string
  method?: string
  /** Tested against the path with its query string. */
  path?: RegExp
}

/** Answers matching calls with an HTTP error in the vendor's envelope. */
export interface HttpFault {
  kind: 'http'
  match: CallMatch
  status: 429 | 500 | 502 | 503 | 504
  /** Seconds, sent as `retry-after` (default 1). */
  retryAfter?: number
  /** When set, sent as `x-should-retry` so the Stainless SDKs skip or force their own retries. */
  shouldRetry?: boolean
  message?: string
  /** How many calls to hit; unlimited when absent. */
  times?: number
  /**
   * The share of matching calls to hit (0 to 1), drawn from the seed and the call's place among
   * the calls of its operation, so a repeated run sees the same calls fail. Absent: every call.
   */
  rate?: number
}

/** Delays matching calls: a slow server. */
export interface DelayFault {
  kind: 'delay'
  match: CallMatch
  milliseconds: number
  times?: number
}

/** The next batch(es) created fail validation as a whole (OpenAI `failed`, Together `FAILED`, ...). */
export interface ValidationFault {
  kind: 'validation'
  provider?: ProviderName
  message?: string
  /** Batches affected; unlimited when absent. */
  times?: number
}

/** The next batch(es) created expire once `fraction` (0 to 1) of their lines have finished. */
export interface ExpiryFault {
  kind: 'expire'
  provider?: ProviderName
  fraction: number
  times?: number
}

/**
 * Which lines of a batch a line fault hits: listed custom_ids, every k-th line (1-based), a share
 * of the lines (`rate`, 0 to 1) or a number of lines (`count`, spent over the emulator's life).
 * `rate` and `count` pick by a draw from the seed and the line's custom_id (see line-fates.ts).
 */
export interface LineSelector {
  customIds?: string[]
  every?: number
  rate?: number
  count?: number
}

/** Chosen lines of the next batch(es) end in a vendor-shaped per-line error instead of an answer. */
export interface LineErrorFault extends LineSelector {
  kind: 'line-error'
  provider?: ProviderName
  /** HTTP status of the line's error (default 500). */
  status?: number
  /** Default `server_error`. */
  code?: string
  message?: string
  /**
   * The share (0 to 1, default 0) of picked lines a vendor writes with a bare-string `error`
   * where it does so (Mistral); other vendors ignore it.
   */
  bareShare?: number
  times?: number
}

/** Chosen lines of the next batch(es) are written to the result file as invalid JSON. */
export interface MalformedOutputFault extends LineSelector {
  kind: 'malformed-output'
  provider?: ProviderName
  times?: number
}

/**
 * The fates of an answered, billed line that is not a normal answer: a refusal, a safety block,
 * a recitation stop (Gemini), or a cut answer. Each vendor renders them as its own result line
 * does, and only those its API can express (`VendorModule.answerFates`).
 */
export const ANSWER_FATES = ['refusal', 'safety', 'recitation', 'truncated'] as const
export type AnswerFateKind = (typeof ANSWER_FATES)[number]

/** Chosen lines of the next batch(es) are answered with this fate instead of a normal answer. */
export interface AnswerFault extends LineSelector {
  kind: AnswerFateKind
  provider?: ProviderName
  times?: number
}

/** The faults that decide the fate of single lines. */
export type LineFault = LineErrorFault | MalformedOutputFault | AnswerFault

/** Every fault the emulator can inject, vendor-neutral; each vendor module renders its effect. */
export type Fault = HttpFault | DelayFault | ValidationFault | ExpiryFault | LineFault

/** The faults that shape one batch, taken when it is created. */
export interface BatchFaults {
  validation?: ValidationFault
  expiry?: ExpiryFault
  lines: LineFault[]
}

/** A call as fault matching sees it. */
export interface CallDescription {
  provider: BatchProvider
  operation: string
  method: string
  /** With the query string. */
  path: string
}

/** The live set of faults; add or clear at run time through `Emulator.faults`. */
export class FaultRegistry {
  private faults: Fault[] = []
  /** Calls answered so far per vendor and operation: the place a `rate` draw is made for. */
  private readonly calls = new Map<string, number>()

  constructor(
    initial: Fault[] = [],
    /** Seed of the `rate` draws. */
    private readonly seed = 0,
  ) {
    for (const fault of initial) this.add(fault)
  }

  /** Adds a fault (copied, so its `times` budget is the registry's own). */
  add(fault: Fault): void {
    this.faults.push({...fault})
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = []
  }

  /** The faults still active. */
  list(): readonly Fault[] {
    return this.faults
  }

  /**
   * The HTTP fault for this call, consuming one of its uses: the first matching fault without a
   * `rate`, else the `rate` fault whose share the call's draw falls in (shares stack in order).
   */
  takeHttpFault(call: CallDescription): HttpFault | undefined {
    const key = `${call.provider}:${call.operation}`
    const place = (this.calls.get(key) ?? 0) + 1
    this.calls.set(key, place)
    const draw = unitDraw(`${this.seed}:http:${key}:${place}`)
    let floor = 0
    return this.take((fault): fault is HttpFault => {
      if (fault.kind !== 'http' || !matchesCall(fault.match, call)) return false
      if (fault.rate === undefined) return true
      const ceiling = stackShare(floor, fault.rate)
      const hit = draw >= floor && draw < ceiling
      floor = ceiling
      return hit
    })
  }

  /** The total delay for this call, consuming one use of each delay fault that matches. */
  takeDelay(call: CallDescription): number {
    let total = 0
    for (const fault of this.faults) {
      if (fault.kind === 'delay' && matchesCall(fault.match, call)) total += fault.milliseconds
    }
    this.consume((fault) => fault.kind === 'delay' && matchesCall(fault.match, call))
    return total
  }

  /** The faults for a batch being created by `provider`, consuming one use of each. */
  takeBatchFaults(provider: ProviderName): BatchFaults {
    const applies = (fault: Fault): boolean => fault.kind !== 'http' && fault.kind !== 'delay' && (fault.provider ?? provider) === provider
    const chosen = this.faults.filter(applies)
    this.consume(applies)
    return {
      validation: chosen.find((fault): fault is ValidationFault => fault.kind === 'validation'),
      expiry: chosen.find((fault): fault is ExpiryFault => fault.kind === 'expire'),
      lines: chosen.filter(isLineFault),
    }
  }

  /** Drops the line faults whose `count` has been spent. */
  prune(): void {
    this.consume(() => false)
  }

  private take<T extends Fault>(predicate: (fault: Fault) => fault is T): T | undefined {
    const found = this.faults.find(predicate)
    if (found !== undefined) this.consume((fault) => fault === found)
    return found
  }

  /** Uses up one `times` of each fault the predicate selects; drops the exhausted ones. */
  private consume(predicate: (fault: Fault) => boolean): void {
    for (const fault of this.faults) if (predicate(fault) && fault.times !== undefined) fault.times -= 1
    this.faults = this.faults.filter((fault) => (fault.times === undefined || fault.times > 0) && (!isLineFault(fault) || fault.count === undefined || fault.count > 0))
  }
}

/** Whether a fault decides the fate of single lines. */
export function isLineFault(fault: Fault): fault is LineFault {
  return fault.kind === 'line-error' || fault.kind === 'malformed-output' || (ANSWER_FATES as readonly string[]).includes(fault.kind)
}

function matchesCall(match: CallMatch, call: CallDescription): boolean {
  return (
    (match.provider === undefined || match.provider === call.provider) &&
    (match.operation === undefined || match.operation === call.operation) &&
    (match.method === undefined || match.method.toUpperCase() === call.method) &&
    (match.path === undefined || match.path.test(call.path))
  )
}

/** Whether a selector's list or stride picks a line (its custom_id and 1-based position). */
export function picksByName(selector: LineSelector, customId: string, position: number): boolean {
  if (selector.customIds?.includes(customId)) return true
  return selector.every !== undefined && selector.every > 0 && position % selector.every === 0
}
