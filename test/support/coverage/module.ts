import type {CoverageProviderModule} from 'vitest/node'
import v8 from '@vitest/coverage-v8'

/**
 * Vitest's V8 coverage, plus the `bench` child processes' (see provider.ts). The collection in
 * the test processes is V8's own, unchanged: this module is loaded there too, so it leaves the
 * reporting side, and its imports, to getProvider, which only the main process calls.
 */
const childProcessCoverage: CoverageProviderModule = {
  ...v8,
  async getProvider() {
    const {ChildProcessCoverageProvider} = await import('./provider.js')
    return new ChildProcessCoverageProvider()
  },
}

export default childProcessCoverage
