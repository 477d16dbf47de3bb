// @bcoe/v8-coverage ships no types: the one function the coverage merge uses, on the shapes
// of node:inspector's Profiler (what NODE_V8_COVERAGE writes).
declare module '@bcoe/v8-coverage' {
  import type {Profiler} from 'node:inspector'

  export type ScriptCov = Profiler.ScriptCoverage
  export interface ProcessCov {
    result: ScriptCov[]
  }
  export function mergeProcessCovs(processes: readonly ProcessCov[]): ProcessCov
}
