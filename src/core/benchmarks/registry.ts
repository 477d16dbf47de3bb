import type {Benchmark} from './benchmark.js'
import {UserError} from '../errors.js'

/**
 * Every benchmark bench runs, by its `--benchmark` name. A new benchmark is one module in this
 * folder and one line here; each is loaded only when asked for.
 */
const MODULES = {
  mmlu: async () => (await import('./mmlu.js')).mmlu,
  gsm8k: async () => (await import('./gsm8k.js')).gsm8k,
  'truthfulqa-mc1': async () => (await import('./truthfulqa-mc1.js')).truthfulqaMc1,
  hellaswag: async () => (await import('./hellaswag.js')).hellaswag,
  medqa: async () => (await import('./medqa.js')).medqa,
  xstest: async () => (await import('./xstest.js')).xstest,
  bbq: async () => (await import('./bbq.js')).bbq,
  custom: async () => (await import('./custom.js')).custom,
} satisfies Record<string, () => Promise<Benchmark>>

export type BenchmarkName = keyof typeof MODULES

export const BENCHMARK_NAMES = Object.keys(MODULES) as BenchmarkName[]

export function isBenchmarkName(name: string): name is BenchmarkName {
  return Object.hasOwn(MODULES, name)
}

export async function loadBenchmark(name: string): Promise<Benchmark> {
  if (!isBenchmarkName(name)) throw new UserError(`unknown benchmark "${name}": the benchmarks are ${BENCHMARK_NAMES.join(', ')}`)
  return MODULES[name]()
}
