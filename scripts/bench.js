// `npm run bench`: every benchmark, each printed as a ratio against a baseline measured in the
// same run on this machine (timings here are noisy; ratios and medians travel better).
// `npm run bench -- NAME` runs one: prepare, get, results, compare, endpoint, score, arena, benchmarks.
import {benchArena, printArena} from './bench/arena.js'
import {benchBenchmarks, printBenchmarks} from './bench/benchmarks.js'
import {benchCompare, printCompare} from './bench/compare.js'
import {benchEndpoint, printEndpoint} from './bench/endpoint.js'
import {benchGetStartup, printGetStartup} from './bench/get-startup.js'
import {benchPrepare, printPrepare} from './bench/prepare.js'
import {benchResults, printResults} from './bench/results.js'

const benchmarks = {
  prepare: async () => printPrepare(await benchPrepare()),
  get: async () => printGetStartup(await benchGetStartup()),
  results: async () => printResults(await benchResults()),
  compare: async () => printCompare(await benchCompare()),
  endpoint: async () => printEndpoint(await benchEndpoint()),
  // Prints as it goes: the calibrated score, then the bootstrap on 1,000,000 riddles.
  score: async () => void (await import('./bench/score.js')),
  arena: async () => printArena(await benchArena()),
  benchmarks: async () => printBenchmarks(await benchBenchmarks()),
}

const only = process.argv[2]
for (const [name, run] of Object.entries(benchmarks)) {
  if (only === undefined || only === name) await run()
}
