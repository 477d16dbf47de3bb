import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import type {ProviderName} from '../../src/providers/names.js'
import {KEY_VARIABLES} from '../support/emulator.js'
import {collect, DUMMY_KEY, startHarness, submitContext, textRequests, waitUntilEnded, type ClientHarness} from './harness.js'
import {matching} from '../support/matchers.js'

/** What differs between vendors in the shared client contract. */
export interface ContractOptions {
  model: string
  /** The emulator's operation names for these calls. */
  operations: {upload?: string; create: string; retrieve: string}
  /** Requests one upload takes (Gemini's resumable upload: a start and one chunk). Default 1. */
  uploadRequests?: number
  /** Whether a batch created by a crashed run can be found again (false: a warning instead). */
  findable: boolean
  /** Whether the vendor reports request counts (Together reports only progress). */
  counts: boolean
  /** Whether a cancelled batch returns its never-run requests (Gemini leaves them out: bench marks them missing). */
  returnsNeverRun?: boolean
}

/**
 * The behaviour every BatchClient owes its users, run against the emulator through the real SDK:
 * a full round trip, crash resumption, cancel, and the vendor failures users meet.
 */
export function describeClientContract(provider: ProviderName, options: ContractOptions): void {
  const {model, operations} = options
  let harness: ClientHarness

  beforeEach(async () => {
    harness = await startHarness(provider)
  })
  afterEach(async () => {
    await harness.close()
  })

  async function submitted(count = 3) {
    const file = await harness.writeShard(textRequests(count), model)
    const client = await harness.client()
    const context = submitContext(file, count, model)
    const outcome = await client.submit(context)
    return {client, context, outcome, file}
  }

  describe('round trip', () => {
    it('submits a shard, sees it complete, and returns one normalized line per request', async () => {
      const {client, context, outcome} = await submitted()
      expect(outcome.reused).toBe(false)
      expect(outcome.remote.batch_id).toBeTruthy()
      if (operations.upload !== undefined) {
        // The file id is recorded before the batch exists: a crash in between never uploads twice.
        expect(context.records[0]).toEqual({file_id: outcome.remote.file_id})
      }
      expect(context.records.at(-1)).toMatchObject({batch_id: outcome.remote.batch_id, submitted_at: matching.any(String)})

      const status = await waitUntilEnded(client, outcome.remote)
      expect(status.state).toBe('completed')
      expect(status.results_available).toBe(true)
      if (options.counts) expect(status.counts).toMatchObject({total: 3, succeeded: 3, failed: 0, pending: 0})

      const lines = await collect(client.results(outcome.remote, model))
      expect(lines.map((line) => line.custom_id)).toEqual(['q-1', 'q-2', 'q-3'])
      for (const line of lines) {
        expect(line).toMatchObject({ok: true, provider, model, text: matching.stringContaining('Question number')})
        expect(line.usage?.input).toBeGreaterThan(0)
        expect(line.usage?.output).toBeGreaterThan(0)
      }
    })

    it('parses a structured answer and reports a failed line with the vendor error', async () => {
      const requests = textRequests(2)
      requests[0]!.schema = {name: 'Answer', schema: {type: 'object', properties: {answer: {type: 'string'}}, required: ['answer']}}
      harness.emulator.faults.add({kind: 'line-error', provider, customIds: ['q-2'], status: 400, code: 'invalid_request', message: 'bad line'})
      const file = await harness.writeShard(requests, model)
      const client = await harness.client()
      const {remote} = await client.submit(submitContext(file, 2, model))
      await waitUntilEnded(client, remote)

      const [structured, broken] = await collect(client.results(remote, model))
      expect(structured).toMatchObject({custom_id: 'q-1', ok: true, parsed: {answer: matching.any(String)}})
      expect(broken).toMatchObject({custom_id: 'q-2', ok: false, error: {message: matching.stringContaining('bad line')}})
      expect(broken!.usage).toBeUndefined()
    })

    it('skips an unreadable result line and keeps the others', async () => {
      harness.emulator.faults.add({kind: 'malformed-output', provider, customIds: ['q-2']})
      const warnings = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
      try {
        const {client, outcome} = await submitted()
        await waitUntilEnded(client, outcome.remote)
        const lines = await collect(client.results(outcome.remote, model))
        expect(lines.map((line) => line.custom_id)).toEqual(['q-1', 'q-3'])
        expect(String(warnings.mock.calls.at(-1)?.[0])).toMatch(/skipped 1 unreadable line/)
      } finally {
        warnings.mockRestore()
      }
    })
  })

  describe('resuming after a crash', () => {
    it('reuses a recorded batch id without calling the vendor', async () => {
      const client = await harness.client()
      const outcome = await client.submit(submitContext('/nonexistent.jsonl', 1, model, {batch_id: 'known', file_id: 'f'}))
      expect(outcome).toEqual({remote: {batch_id: 'known', file_id: 'f'}, reused: true})
      expect(harness.emulator.requests).toHaveLength(0)
    })

    if (operations.upload !== undefined) {
      const upload = operations.upload
      it('does not upload again when the file id was recorded', async () => {
        const file = await harness.writeShard(textRequests(2), model)
        const client = await harness.client()
        const crashing = submitContext(file, 2, model)
        crashing.record = (update) => {
          crashing.records.push(update)
          return Promise.reject(new Error('crash after upload'))
        }
        await expect(client.submit(crashing)).rejects.toThrow('crash after upload')
        const fileId = crashing.records[0]?.file_id
        expect(fileId).toBeTruthy()

        const resumed = await client.submit(submitContext(file, 2, model, {file_id: fileId}))
        expect(resumed).toMatchObject({reused: false, remote: {file_id: fileId, batch_id: matching.any(String)}})
        expect(harness.calls(upload)).toBe(options.uploadRequests ?? 1)
        expect(harness.calls(operations.create)).toBe(1)
      })
    }

    if (options.findable) {
      it('finds the batch a crashed run created instead of creating a second one', async () => {
        const {client, outcome, file} = await submitted(2)
        const again = await client.submit(submitContext(file, 2, model, {file_id: outcome.remote.file_id}))
        expect(again.reused).toBe(true)
        expect(again.remote.batch_id).toBe(outcome.remote.batch_id)
        expect(harness.calls(operations.create)).toBe(1)
        if (operations.upload !== undefined) expect(harness.calls(operations.upload)).toBe(options.uploadRequests ?? 1)
      })
    } else {
      it('warns that a crashed run may have left a batch it cannot find', async () => {
        const {outcome} = await submitted(1)
        expect(outcome.warning).toMatch(/bench list/)
      })
    }
  })

  describe('cancel', () => {
    it('cancels a running batch; its never-run requests come back failed or not at all', async () => {
      await harness.close()
      let now = Date.now()
      harness = await startHarness(provider, {batchSeconds: 100, now: () => now})
      const {client, outcome} = await submitted(2)
      await client.cancel(outcome.remote)
      now += 100_000
      const status = await client.status(outcome.remote)
      expect(status.state).toBe('cancelled')
      const lines = await collect(client.results(outcome.remote, model))
      const expected = options.returnsNeverRun === false ? [] : [['q-1', false], ['q-2', false]]
      expect(lines.map((line) => [line.custom_id, line.ok])).toEqual(expected)
    })
  })

  describe('vendor failures', () => {
    it('names the key variable and never the key when the key is refused', async () => {
      process.env[KEY_VARIABLES[provider]] = 'bad-key'
      const client = await harness.client()
      const error = await client.status({batch_id: 'any'}).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).exitCode).toBe(3)
      expect((error as UserError).message).toContain(KEY_VARIABLES[provider])
      expect((error as UserError).message).not.toContain('bad-key')
      expect((error as UserError).message).not.toContain('\n')
    })

    it('says which variable to set when the key is missing', async () => {
      delete process.env[KEY_VARIABLES[provider]]
      const client = await harness.client()
      await expect(client.status({batch_id: 'any'})).rejects.toThrow(new RegExp(`${KEY_VARIABLES[provider]}.*\\.env`))
    })

    it('retries a 429 and succeeds', async () => {
      const {client, outcome} = await submitted(1)
      harness.emulator.faults.add({kind: 'http', match: {provider, operation: operations.retrieve}, status: 429, retryAfter: 0, times: 1})
      const before = harness.calls(operations.retrieve)
      await waitUntilEnded(client, outcome.remote)
      expect(harness.calls(operations.retrieve) - before).toBeGreaterThanOrEqual(2)
    })

    it('reports a lasting server error as one line with what to do', async () => {
      process.env.BENCH_MAX_RETRIES = '1'
      const client = await harness.client()
      harness.emulator.faults.add({kind: 'http', match: {provider, operation: operations.retrieve}, status: 503, retryAfter: 0})
      const error = await client.status({batch_id: 'any'}).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(UserError)
      expect((error as UserError).exitCode).toBe(3)
      expect((error as UserError).message).toMatch(/503.*wait/)
      expect((error as UserError).message).not.toContain(DUMMY_KEY)
    })
  })
}
