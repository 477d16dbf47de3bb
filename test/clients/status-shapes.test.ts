import {describe, expect, it} from 'vitest'

import {anthropicStatus} from '../../src/providers/anthropic/anthropic-status.js'
import {geminiStatus} from '../../src/providers/gemini/gemini-status.js'
import {mistralStatus} from '../../src/providers/mistral/mistral-status.js'
import {UnreadableAnswer} from '../../src/providers/shared/answer-shape.js'
import {openAIStyleStatus} from '../../src/providers/shared/openai-batch-status.js'
import {vendorError} from '../../src/providers/shared/vendor-error.js'
import {togetherStatus} from '../../src/providers/together/together-status.js'

// Batch objects as providers.md quotes them (2.4, 3.4, 4.4, 5.4, 6.4), each then given a state
// the vendor may add tomorrow, and a field of the wrong type.
const OPENAI = {id: 'batch_1', object: 'batch', status: 'in_progress', created_at: 1711471533, expires_at: 1711557933, request_counts: {total: 100, completed: 95, failed: 1}, output_file_id: null, error_file_id: null, errors: null}
const ANTHROPIC = {
  id: 'msgbatch_1',
  type: 'message_batch',
  processing_status: 'in_progress',
  request_counts: {processing: 2, succeeded: 0, errored: 0, canceled: 0, expired: 0},
  created_at: '2026-09-01T10:00:00Z',
  expires_at: '2026-09-02T10:00:00Z',
  ended_at: null,
  cancel_initiated_at: null,
  results_url: null,
}
const GEMINI = {name: 'batches/1', done: false, metadata: {state: 'BATCH_STATE_RUNNING', createTime: '2026-09-01T10:00:00Z', batchStats: {requestCount: '3', pendingRequestCount: '3'}}}
const MISTRAL = {id: 'batch-1', object: 'batch', input_files: ['file-in'], endpoint: '/v1/chat/completions', errors: [], status: 'RUNNING', created_at: 1700000000, total_requests: 5, completed_requests: 2, succeeded_requests: 2, failed_requests: 0}
const TOGETHER = {id: '0123', status: 'IN_PROGRESS', created_at: '2024-01-15T14:30:00Z', job_deadline: '2024-01-16T14:30:00Z', progress: 75}

const READERS = [
  ['OpenAI and Groq', openAIStyleStatus, OPENAI, {status: 'paused'}, {request_counts: {total: '100', completed: 95, failed: 1}}, /request_counts\.total should be a number, got "100"/],
  ['Anthropic', anthropicStatus, ANTHROPIC, {processing_status: 'archived'}, {request_counts: null}, /request_counts should be an object, got null/],
  ['Gemini', geminiStatus, GEMINI, {metadata: {...GEMINI.metadata, state: 'BATCH_STATE_PAUSED'}}, {metadata: {...GEMINI.metadata, batchStats: {requestCount: 'three'}}}, /metadata\.batchStats\.requestCount should be a count, got "three"/],
  ['Mistral', mistralStatus, MISTRAL, {status: 'PAUSED'}, {total_requests: undefined}, /total_requests should be a number, got nothing/],
  ['Together', togetherStatus, TOGETHER, {status: 'PAUSED'}, {progress: '75%'}, /progress should be a number, got "75%"/],
] as const

describe('batch statuses checked where they enter', () => {
  it.each(READERS)('%s: a state bench does not know is unknown, with the vendor\'s word', (_vendor, read, batch, unknown) => {
    expect(read(batch).state).not.toBe('unknown')
    const status = read({...batch, ...unknown})
    expect(status.state).toBe('unknown')
    expect(status.provider_status).toMatch(/paused|archived|PAUSED/i)
  })

  it.each(READERS)('%s: a field of the wrong type is named, never guessed at', (_vendor, read, batch, _unknown, broken, reason) => {
    expect(() => read({...batch, ...broken})).toThrow(UnreadableAnswer)
    expect(() => read({...batch, ...broken})).toThrow(reason)
  })

  it('says which vendor sent the answer, in one line, with exit 3', () => {
    let thrown: unknown
    try {
      togetherStatus({status: 7})
    } catch (error) {
      thrown = error
    }
    const error = vendorError({label: 'Together', keyVariable: 'TOGETHER_API_KEY', key: 'k'}, thrown)
    expect(error.message).toBe(
      "Together's answer could not be read: status should be text, got 7; bench does not guess at an answer it cannot read: re-run the command later, and report it if it persists",
    )
    expect(error.exitCode).toBe(3)
  })

  it('reads Gemini counts sent as int64 strings', () => {
    const status = geminiStatus({
      name: 'batches/1',
      done: true,
      metadata: {
        state: 'BATCH_STATE_SUCCEEDED',
        createTime: '2026-09-01T10:00:00Z',
        batchStats: {requestCount: '3', successfulRequestCount: '2', failedRequestCount: '1'},
        output: {responsesFile: 'files/batch-1'},
      },
    })
    expect(status).toMatchObject({state: 'completed', provider_status: 'BATCH_STATE_SUCCEEDED', counts: {total: 3, succeeded: 2, failed: 1, pending: 0}, results_available: true})
  })

  it('OpenAI: a batch refused at validation, without request_counts or expires_at (both optional in Batch), lists each BatchError', () => {
    const status = openAIStyleStatus({
      id: 'batch_2',
      object: 'batch',
      status: 'failed',
      created_at: 1711471533,
      failed_at: 1711471540,
      errors: {object: 'list', data: [{code: 'invalid_json_line', line: 3, message: 'This line is not parseable as valid JSON.', param: null}, {code: 'empty_file', line: null}, {}]},
    })
    expect(status).toEqual({
      state: 'failed',
      provider_status: 'failed',
      counts: null,
      results_available: false,
      created_at: '2024-03-26T16:45:33.000Z',
      ended_at: '2024-03-26T16:45:40.000Z',
      errors: ['line 3: This line is not parseable as valid JSON.', 'empty_file', 'unknown error'],
    })
  })

  it('Gemini: an operation not yet given metadata is unknown with no counts; pending is worked out when not sent', () => {
    expect(geminiStatus({name: 'batches/1'})).toEqual({state: 'unknown', provider_status: 'BATCH_STATE_UNSPECIFIED', counts: null, results_available: false})
    const running = geminiStatus({name: 'batches/1', metadata: {state: 'BATCH_STATE_RUNNING', batchStats: {requestCount: '5', successfulRequestCount: '1', failedRequestCount: '1'}}})
    expect(running.counts).toEqual({total: 5, succeeded: 1, failed: 1, pending: 3})
  })

  it("Gemini: a failed batch shows the operation's error; a cancelled one does not (it carries code 13 too); inline results are results", () => {
    const failed = geminiStatus({name: 'batches/1', done: true, metadata: {state: 'BATCH_STATE_FAILED', endTime: '2026-09-01T11:00:00Z'}, error: {code: 3, message: 'Invalid model name'}})
    expect(failed).toMatchObject({state: 'failed', ended_at: '2026-09-01T11:00:00Z', errors: ['Invalid model name']})
    const cancelled = geminiStatus({name: 'batches/1', done: true, metadata: {state: 'BATCH_STATE_CANCELLED'}, error: {code: 13, message: 'Cancelled'}})
    expect(cancelled.state).toBe('cancelled')
    expect(cancelled).not.toHaveProperty('errors')
    const inline = geminiStatus({name: 'batches/1', done: true, metadata: {state: 'BATCH_STATE_SUCCEEDED', output: {inlinedResponses: {inlinedResponses: [{response: {}, metadata: {key: 'a'}}]}}}})
    expect(inline.results_available).toBe(true)
  })
})
