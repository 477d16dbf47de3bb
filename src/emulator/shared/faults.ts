import type {BatchProvider, ProviderName} from '../../providers/names.js'

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

/** Which lines of a batch a line fault hits: listed custom_ids and/or every k-th line (1-based). */
export interface LineSelector {
  customIds?: string[]
  every?: number
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
  times?: number
}

/** Chosen lines of the next batch(es) are written to the result file as invalid JSON. */
export interface MalformedOutputFault extends LineSelector {
  kind: 'malformed-output'
  provider?: ProviderName
  times?: number
}

/** Every fault the emulator can inject, vendor-neutral; each vendor module renders its effect. */
export type Fault = HttpFault | DelayFault | ValidationFault | ExpiryFault | LineErrorFault | MalformedOutputFault

/** The faults that shape one batch, taken when it is created. */
export interface BatchFaults {
  validation?: ValidationFault
  expiry?: ExpiryFault
  lineErrors: LineErrorFault[]
  malformed: MalformedOutputFault[]
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

  constructor(initial: Fault[] = []) {
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

  /** The first HTTP fault for this call, consuming one of its uses. */
  takeHttpFault(call: CallDescription): HttpFault | undefined {
    return this.take((fault): fault is HttpFault => fault.kind === 'http' && matchesCall(fault.match, call))
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
      lineErrors: chosen.filter((fault): fault is LineErrorFault => fault.kind === 'line-error'),
      malformed: chosen.filter((fault): fault is MalformedOutputFault => fault.kind === 'malformed-output'),
    }
  }

  private take<T extends Fault>(predicate: (fault: Fault) => fault is T): T | undefined {
    const found = this.faults.find(predicate)
    if (found !== undefined) this.consume((fault) => fault === found)
    return found
  }

  /** Uses up one `times` of each fault the predicate selects; drops the exhausted ones. */
  private consume(predicate: (fault: Fault) => boolean): void {
    for (const fault of this.faults) if (predicate(fault) && fault.times !== undefined) fault.times -= 1
    this.faults = this.faults.filter((fault) => fault.times === undefined || fault.times > 0)
  }
}

function matchesCall(match: CallMatch, call: CallDescription): boolean {
  return (
    (match.provider === undefined || match.provider === call.provider) &&
    (match.operation === undefined || match.operation === call.operation) &&
    (match.method === undefined || match.method.toUpperCase() === call.method) &&
    (match.path === undefined || match.path.test(call.path))
  )
}

/** Whether a line (its custom_id and 1-based position) is one the selector picks. */
export function selectsLine(selector: LineSelector, customId: string, position: number): boolean {
  if (selector.customIds?.includes(customId)) return true
  return selector.every !== undefined && selector.every > 0 && position % selector.every === 0
}
