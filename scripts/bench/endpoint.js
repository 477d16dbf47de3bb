// Benchmark of bench's local worker for OpenAI-compatible endpoints (no Batch API), against the
// emulator's chat-completions server answering each request after 100 ms.
// 1. Throughput: 5,000 requests at concurrency 32. The bound is 32 / 0.1 s = 320 requests/s; the
//    target is >= 0.9 of it, measured on the whole `bench start NAME --wait` (start-up included).
// 2. Pacing: 660 requests with a limit of 600 requests per minute (the server enforces the same
//    limit with 429s). Target: no 60 s window holds more than 600 requests, and no 429.
import {mkdtemp, rm, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {runNode} from './measure.js'
import {startEmulator} from '../../dist/emulator/index.js'

const bin = fileURLToPath(new URL('../../bin/run.js', import.meta.url))
const LATENCY_MS = 100
const CONCURRENCY = 32
const MINUTE_MS = 60_000

/** A directory with a `lab` endpoint at the emulator and a prepared scenario batch of `requests` tasks. */
async function preparedRun(emulator, requests, limits) {
  const dir = await mkdtemp(join(tmpdir(), 'bench-endpoint-'))
  const lab = {base_url: emulator.endpointUrl, key_variable: 'LAB_KEY', timeout_seconds: 60, files: false, ...limits}
  await writeFile(join(dir, 'bench.endpoints.json'), JSON.stringify({endpoints: {lab}}))
  const tasks = Array.from({length: requests}, (_, index) => ({id: `q${index}`, user_prompt: `Question ${index}: what is ${index} + 1?`}))
  await writeFile(join(dir, 'load.json'), JSON.stringify({models: ['lab/model-1'], tasks}))
  const options = {cwd: dir, env: {LAB_KEY: 'k', BENCH_MAX_RETRIES: '4'}}
  await runNode([bin, 'prepare', '--scenario', 'load.json'], options)
  return {dir, options}
}

/** The most requests the server answered within any 60 s window. */
function busiestMinute(times) {
  const sorted = [...times].sort((a, b) => a - b)
  let most = 0
  for (let first = 0, last = 0; last < sorted.length; last++) {
    while (sorted[last] - sorted[first] >= MINUTE_MS) first++
    most = Math.max(most, last - first + 1)
  }
  return most
}

function chatCalls(emulator) {
  return emulator.requests.filter((request) => request.operation === 'chat.completions')
}

async function throughput(requests) {
  const emulator = await startEmulator({endpoint: {latencyMs: LATENCY_MS}})
  const {dir, options} = await preparedRun(emulator, requests, {max_concurrency: CONCURRENCY})
  try {
    const run = await runNode([bin, 'start', 'load_lab_model-1', '--wait'], options)
    const bound = CONCURRENCY / (LATENCY_MS / 1000)
    const answered = chatCalls(emulator).filter((request) => request.status === 200).length
    return {requests, answered, seconds: run.seconds, perSecond: requests / run.seconds, bound, ratio: requests / run.seconds / bound, peakMb: run.peakMb}
  } finally {
    await emulator.close()
    await rm(dir, {recursive: true, force: true})
  }
}

async function pacing(requests, perMinute) {
  const emulator = await startEmulator({endpoint: {latencyMs: LATENCY_MS, requestsPerMinute: perMinute}})
  const {dir, options} = await preparedRun(emulator, requests, {max_concurrency: CONCURRENCY, requests_per_minute: perMinute})
  try {
    const run = await runNode([bin, 'start', 'load_lab_model-1', '--wait'], options)
    const calls = chatCalls(emulator)
    return {requests, perMinute, seconds: run.seconds, busiest: busiestMinute(calls.map((call) => call.at)), refused: calls.filter((call) => call.status === 429).length}
  } finally {
    await emulator.close()
    await rm(dir, {recursive: true, force: true})
  }
}

export async function benchEndpoint({requests = 5_000, pacedRequests = 660, perMinute = 600} = {}) {
  return {throughput: await throughput(requests), pacing: await pacing(pacedRequests, perMinute)}
}

export function printEndpoint(row) {
  const {throughput: speed, pacing: paced} = row
  console.log(`bench start --wait on an OpenAI-compatible endpoint (emulator, ${LATENCY_MS} ms per answer, concurrency ${CONCURRENCY}): throughput / bound (target >= 0.9)`)
  console.log(`  ${speed.requests.toLocaleString('en')} requests in ${speed.seconds.toFixed(2)} s: ${speed.perSecond.toFixed(0)}/s of ${speed.bound}/s, ratio ${speed.ratio.toFixed(2)}, peak ${speed.peakMb.toFixed(0)} MB`)
  console.log(`  ${paced.requests} requests at ${paced.perMinute}/min in ${paced.seconds.toFixed(1)} s: busiest minute ${paced.busiest} (target <= ${paced.perMinute}), ${paced.refused} refused with 429 (target 0)`)
}
