import {describe, vi} from 'vitest'

import {describeClientContract} from './contract.js'

vi.mock('../../src/emulator/index.js', async () => {
  const {Engine} = await import('../../src/emulator/engine.js')
  const {startVendorServer} = await import('../../src/emulator/server.js')
  const {geminiModule} = await import('../../src/emulator/gemini.js')
  const {mistralModule} = await import('../../src/emulator/mistral.js')
  return {
    startEmulator: async (options: {providers: string[]}) => {
      const provider = options.providers[0]
      const engine = new Engine(options)
      const server = await startVendorServer(engine, (provider === 'gemini' ? geminiModule : mistralModule) as never, 0)
      const env = provider === 'gemini' ? {GOOGLE_GEMINI_BASE_URL: server.origin, GOOGLE_GENAI_USE_VERTEXAI: 'false'} : {BENCH_MISTRAL_SERVER_URL: server.origin}
      return {urls: {[provider]: server.origin}, env: () => env, requests: engine.requests, faults: engine.faults, close: () => server.close()}
    },
  }
})

describe('Gemini (scratch)', () => {
  describeClientContract('gemini', {
    model: 'gemini-2.5-flash',
    operations: {upload: 'files.upload', create: 'batches.create', retrieve: 'batches.get'},
    findable: true,
    counts: true,
  })
})
describe('Mistral (scratch)', () => {
  describeClientContract('mistral', {
    model: 'mistral-small-latest',
    operations: {upload: 'files.upload', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: true,
  })
})
