import {PROVIDER_NAMES, type BatchProvider, type ProviderName} from '../providers/names.js'
import {anthropicModule} from './anthropic/module.js'
import {createChatCompletionsModule, type ChatCompletionsOptions} from './chat-completions/module.js'
import {Engine, type EngineOptions, type VendorModule} from './shared/engine.js'
import {describeFaults, parseFaultSpec, type AnswerFateTable} from './shared/fault-spec.js'
import type {Fault, FaultRegistry} from './shared/faults.js'
import {geminiModule} from './gemini/module.js'
import {groqModule} from './groq/module.js'
import {mistralModule} from './mistral/module.js'
import {openaiModule} from './openai/module.js'
import type {ExecutedLine, RequestLogEntry} from './shared/request-log.js'
import type {Responder} from './shared/responder.js'
import {startVendorServer, type VendorServer} from './shared/server.js'
import {togetherModule} from './together/module.js'

export type {ChatCompletionsOptions, Fault, ExecutedLine, RequestLogEntry, Responder}
export type {ResponderContext, ResponderReply} from './shared/responder.js'
export {defaultResponder} from './shared/responder.js'

/** The vendor modules the emulator serves, one per vendor. */
const MODULES: Record<ProviderName, VendorModule> = {
  openai: openaiModule,
  anthropic: anthropicModule,
  gemini: geminiModule,
  mistral: mistralModule,
  together: togetherModule,
  groq: groqModule,
}

/** How to start the emulator. */
export interface EmulatorOptions extends Omit<EngineOptions, 'faults'> {
  /** Faults from the start: objects, or a `--faults` spec such as `refusal:0.2,truncated:3` (see fault-spec.ts). */
  faults?: Fault[] | string
  /** First port; vendors take consecutive ports in `PROVIDER_NAMES` order. 0 or absent: free ports. */
  basePort?: number
  /** Vendors to serve (default all six). */
  providers?: ProviderName[]
  /** The OpenAI-compatible chat-completions server (no Batch API) on a port of its own; false: none. */
  endpoint?: ChatCompletionsOptions | false
}

/** A running emulator: six vendor Batch APIs on loopback, sharing one engine. */
export interface Emulator {
  /** Each vendor's origin, e.g. `http://127.0.0.1:4010`. */
  urls: Record<ProviderName, string>
  /** The chat-completions server's base URL, e.g. `http://127.0.0.1:4016/v1`, unless turned off. */
  endpointUrl?: string
  /** The variables that point the SDKs and bench at this emulator. */
  env(): Record<string, string>
  /** Every HTTP request answered, in order (live). */
  readonly requests: readonly RequestLogEntry[]
  /** Lines run through the responder, optionally for one vendor: a custom_id twice means sent twice. */
  executed(provider?: BatchProvider): ExecutedLine[]
  /** Add (`faults.add`) or clear faults while running. */
  faults: FaultRegistry
  /** One line per starting fault: what it does and to which vendors. */
  readonly faultSummary: string[]
  /** Replaces the responder; no argument restores the default. */
  setResponder(responder?: Responder): void
  /** Batches settle after this many seconds (0: at the first look). */
  readonly batchSeconds: number
  close(): Promise<void>
}

/** Starts the emulator's listeners on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const chosen = options.providers ?? PROVIDER_NAMES
  const fates: AnswerFateTable = Object.fromEntries(chosen.map((provider) => [provider, MODULES[provider].answerFates ?? []]))
  const faults = typeof options.faults === 'string' ? parseFaultSpec(options.faults, fates) : options.faults
  const engine = new Engine({...options, faults})
  const servers: Partial<Record<ProviderName, VendorServer>> = {}
  const endpointModule = options.endpoint === false ? undefined : createChatCompletionsModule(options.endpoint)
  let endpointServer: VendorServer | undefined
  const closeAll = async (): Promise<void> => {
    const started = [...Object.values(servers), endpointServer].filter((server) => server !== undefined)
    await Promise.all(started.map((server) => server.close()))
  }
  try {
    for (const provider of chosen) {
      const port = options.basePort ? options.basePort + PROVIDER_NAMES.indexOf(provider) : 0
      servers[provider] = await startVendorServer(engine, MODULES[provider], port)
    }
    // The port after the six vendors' when ports are fixed.
    if (endpointModule !== undefined) endpointServer = await startVendorServer(engine, endpointModule, options.basePort ? options.basePort + PROVIDER_NAMES.length : 0)
  } catch (error) {
    await closeAll()
    throw error
  }
  const urls = Object.fromEntries(Object.entries(servers).map(([provider, server]) => [provider, server.origin])) as Record<ProviderName, string>
  return {
    urls,
    endpointUrl: endpointServer === undefined ? undefined : `${endpointServer.origin}/v1`,
    env: () => ({
      ...Object.fromEntries(chosen.flatMap((provider) => Object.entries(MODULES[provider].env(urls[provider])))),
      ...(endpointServer !== undefined && endpointModule?.env(endpointServer.origin)),
      GOOGLE_GENAI_USE_VERTEXAI: 'false',
    }),
    requests: engine.requests,
    executed: (provider) => engine.executed.filter((line) => provider === undefined || line.provider === provider),
    faults: engine.faults,
    faultSummary: describeFaults(faults ?? [], fates),
    setResponder: (responder) => engine.setResponder(responder),
    batchSeconds: engine.batchSeconds,
    close: closeAll,
  }
}
