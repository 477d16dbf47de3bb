import {describe, expect, it} from 'vitest'

import {UserError} from '../../src/core/errors.js'
import {describeFaults, parseFaultSpec, type AnswerFateTable} from '../../src/emulator/shared/fault-spec.js'
import {assignFates, type DrawnLine} from '../../src/emulator/shared/line-fates.js'
import type {LineFault} from '../../src/emulator/shared/faults.js'
import {SHOWN_FATES} from './shown-fates.js'

/** What the six vendor modules declare they can show. */
const ALL: AnswerFateTable = SHOWN_FATES

describe('parseFaultSpec', () => {
  it.each([
    ['refusal:0.2', [{kind: 'refusal', rate: 0.2}]],
    ['truncated:3', [{kind: 'truncated', count: 3}]],
    ['safety:1.0', [{kind: 'safety', rate: 1}]],
    ['gemini.recitation:.5', [{kind: 'recitation', provider: 'gemini', rate: 0.5}]],
    ['line-error:0.1', [{kind: 'line-error', rate: 0.1, bareShare: 0.5}]],
    ['malformed:2', [{kind: 'malformed-output', count: 2}]],
    ['rate-limit:0.1', [{kind: 'http', match: {}, status: 429, retryAfter: 1, rate: 0.1}]],
    ['groq.server-error:2', [{kind: 'http', match: {provider: 'groq'}, status: 500, retryAfter: 1, times: 2}]],
    ['expire:0.5', [{kind: 'expire', fraction: 0.5}]],
    ['expire:0', [{kind: 'expire', fraction: 0}]],
    [' refusal:0.2 , truncated:0.1 ', [{kind: 'refusal', rate: 0.2}, {kind: 'truncated', rate: 0.1}]],
    ['refusal:0.5,openai.refusal:0.1', [{kind: 'refusal', rate: 0.5}, {kind: 'refusal', provider: 'openai', rate: 0.1}]],
  ])('%s', (spec, faults) => {
    expect(parseFaultSpec(spec, ALL)).toEqual(faults)
  })

  it.each([
    ['', '--faults is empty: give a comma list of kind:rate or kind:count, e.g. refusal:0.2,truncated:3'],
    ['refusal', '--faults "refusal": write kind:rate or kind:count, e.g. refusal:0.2 or truncated:3'],
    ['refusl:0.2', '--faults "refusl:0.2": unknown kind "refusl"; use one of refusal, safety, recitation, truncated, line-error, malformed, rate-limit, server-error, expire'],
    ['opnai.refusal:0.2', '--faults "opnai.refusal:0.2": unknown vendor "opnai"; use one of openai, anthropic, gemini, mistral, together, groq'],
    ['refusal:lots', '--faults "refusal:lots": "lots" is neither a rate (0.2, 1.0) nor a count (3)'],
    ['refusal:-1', '--faults "refusal:-1": "-1" is neither a rate (0.2, 1.0) nor a count (3)'],
    ['refusal:0', '--faults "refusal:0": a count hits at least 1 request; for none, leave refusal out'],
    ['refusal:1.5', '--faults "refusal:1.5": a rate is a share above 0 and at most 1.0; for a number of requests write a whole number (refusal:3)'],
    ['expire:2', '--faults "expire:2": expire takes the share of each batch done before it expires, from 0 to 1 (e.g. expire:0.5)'],
    ['openai.recitation:0.1', "--faults \"openai.recitation:0.1\": openai's result lines have no way to show recitation; only gemini can"],
    ['together.safety:0.1', "--faults \"together.safety:0.1\": together's result lines have no way to show safety; only openai, gemini can"],
    ['truncated:0.1,truncated:2', '--faults "truncated:2" repeats "truncated:0.1": give each kind once per vendor'],
    ['refusal:0.6,safety:0.3,truncated:0.2', '--faults "refusal:0.6" + "safety:0.3" + "truncated:0.2" hit 1.1 of openai\'s requests: these shares must add up to at most 1.0'],
    ['rate-limit:0.6,server-error:0.6', '--faults "rate-limit:0.6" + "server-error:0.6" hit 1.2 of openai\'s requests: these shares must add up to at most 1.0'],
  ])('refuses %j in one line', (spec, message) => {
    expect(() => parseFaultSpec(spec, ALL)).toThrow(new UserError(message))
  })

  it('counts only the shares a vendor can show when adding them up', () => {
    // Groq shows no refusal or safety: only truncated reaches it; OpenAI takes 0.5 + 0.4 + 0.1.
    expect(parseFaultSpec('refusal:0.5,safety:0.4,truncated:0.1', ALL)).toHaveLength(3)
  })

  it('refuses a fate no vendor served can show', () => {
    expect(() => parseFaultSpec('recitation:0.1', {openai: ALL.openai!})).toThrow('--faults "recitation:0.1": none of the vendors served (openai) can show recitation')
    expect(() => parseFaultSpec('gemini.truncated:0.1', {openai: ALL.openai!})).toThrow('--faults "gemini.truncated:0.1": gemini is not served by this emulator')
  })
})

describe('describeFaults', () => {
  it('says what each fault does and which vendors it reaches', () => {
    const spec = 'refusal:0.2,recitation:0.05,truncated:3,gemini.line-error:0.1,rate-limit:0.1,server-error:2,expire:0.5'
    expect(describeFaults(parseFaultSpec(spec, ALL), ALL)).toEqual([
      'refusal: 20% of the requests (openai, anthropic only)',
      'recitation: 5% of the requests (gemini only)',
      'truncated: 3 requests',
      'line-error: 10% of the requests (gemini only)',
      'rate-limit: 10% of the API calls answer HTTP 429',
      'server-error: the first 2 of the API calls answer HTTP 500',
      'expire: every batch expires with 50% of its requests done',
    ])
  })
})

describe('assignFates', () => {
  const lines = (picks: number[]): DrawnLine[] => picks.map((pick, index) => ({customId: `l${index}`, pick, variant: 0.5}))

  it('stacks rates in order on the pick draw, so shares are exact and never overlap', () => {
    const faults: LineFault[] = [
      {kind: 'refusal', rate: 0.2},
      {kind: 'safety', rate: 0.1},
    ]
    const fates = assignFates(lines([0.05, 0.19, 0.2, 0.29, 0.3, 0.99]), faults)
    expect(fates.map((fate) => fate?.kind)).toEqual(['refusal', 'refusal', 'safety', 'safety', undefined, undefined])
  })

  it('names first, then rates, then counts on the lowest draws left, spending the count', () => {
    const count: LineFault = {kind: 'truncated', count: 2}
    const faults: LineFault[] = [{kind: 'line-error', customIds: ['l3']}, {kind: 'refusal', rate: 0.1}, count]
    const fates = assignFates(lines([0.5, 0.05, 0.4, 0.01, 0.9, 0.3]), faults)
    expect(fates.map((fate) => fate?.kind)).toEqual([undefined, 'refusal', 'truncated', 'line-error', undefined, 'truncated'])
    expect(count.count).toBe(0)
  })
})
