import {UserError} from '../../core/errors.js'
import {PROVIDER_NAMES, isProviderName, type ProviderName} from '../../providers/names.js'
import {ANSWER_FATES, type AnswerFateKind, type Fault} from './faults.js'

/**
 * `--faults SPEC`: a comma list of `kind:rate` or `kind:count`, each optionally for one vendor
 * (`gemini.recitation:0.1`). A rate has a decimal point (`0.2`, `1.0`) and is the share of
 * requests hit; a count is a whole number (`3`) of requests hit over the emulator's life. Which
 * requests are hit is drawn from the seed and each request's custom_id, so a run can be repeated.
 */

/** The kinds a spec names, in the order help lists them. */
export const SPEC_KINDS = [...ANSWER_FATES, 'line-error', 'malformed', 'rate-limit', 'server-error', 'expire'] as const
export type SpecKind = (typeof SPEC_KINDS)[number]

/** Which answer fates each served vendor can show: the vendor modules' `answerFates`. */
export type AnswerFateTable = Partial<Record<ProviderName, readonly AnswerFateKind[]>>

/** One parsed item of a spec. */
interface SpecItem {
  text: string
  provider?: ProviderName
  kind: SpecKind
  /** `rate` in (0, 1], or `count` >= 1; `expire` always has a `rate` (its fraction, in [0, 1]). */
  amount: {rate: number} | {count: number}
}

/** Parses a spec into faults; throws a one-line `UserError` (exit 2) naming the bad part. */
export function parseFaultSpec(spec: string, fates: AnswerFateTable): Fault[] {
  const texts = spec.split(',').map((text) => text.trim())
  if (texts.every((text) => text === '')) throw refuse('is empty: give a comma list of kind:rate or kind:count, e.g. refusal:0.2,truncated:3')
  const items = texts.map((text) => parseItem(text, fates))
  checkRepeats(items)
  checkShares(items, fates)
  return items.map(toFault)
}

function parseItem(text: string, fates: AnswerFateTable): SpecItem {
  const match = /^(?:([a-z]+)\.)?([a-z-]+):(.*)$/.exec(text)
  if (match === null) throw refuse(`"${text}": write kind:rate or kind:count, e.g. refusal:0.2 or truncated:3`)
  const [, vendor, kindText, value] = match as unknown as [string, string | undefined, string, string]
  if (vendor !== undefined && !isProviderName(vendor)) throw refuse(`"${text}": unknown vendor "${vendor}"; use one of ${PROVIDER_NAMES.join(', ')}`)
  if (!(SPEC_KINDS as readonly string[]).includes(kindText)) throw refuse(`"${text}": unknown kind "${kindText}"; use one of ${SPEC_KINDS.join(', ')}`)
  const kind = kindText as SpecKind
  const provider = vendor
  checkExpressible(text, kind, provider, fates)
  return {text, kind, ...(provider === undefined ? {} : {provider}), amount: parseAmount(text, kind, value)}
}

function parseAmount(text: string, kind: SpecKind, value: string): SpecItem['amount'] {
  const number = /^\d+(\.\d+)?$|^\.\d+$/.test(value) ? Number(value) : Number.NaN
  if (kind === 'expire') {
    if (!(number >= 0 && number <= 1)) throw refuse(`"${text}": expire takes the share of each batch done before it expires, from 0 to 1 (e.g. expire:0.5)`)
    return {rate: number}
  }
  if (Number.isNaN(number)) throw refuse(`"${text}": "${value}" is neither a rate (0.2, 1.0) nor a count (3)`)
  if (!value.includes('.')) {
    if (number < 1) throw refuse(`"${text}": a count hits at least 1 request; for none, leave ${kind} out`)
    return {count: number}
  }
  if (number <= 0 || number > 1) throw refuse(`"${text}": a rate is a share above 0 and at most 1.0; for a number of requests write a whole number (${kind}:3)`)
  return {rate: number}
}

/** An answer fate names a vendor that cannot show it, or no served vendor can: refused. */
function checkExpressible(text: string, kind: SpecKind, provider: ProviderName | undefined, fates: AnswerFateTable): void {
  if (provider !== undefined && fates[provider] === undefined) throw refuse(`"${text}": ${provider} is not served by this emulator`)
  if (!isAnswerFate(kind)) return
  const able = Object.entries(fates).flatMap(([name, kinds]) => (kinds.includes(kind) ? [name] : []))
  const who = able.length === 0 ? 'none of the vendors served' : `only ${able.join(', ')}`
  if (provider !== undefined && !able.includes(provider)) throw refuse(`"${text}": ${provider}'s result lines have no way to show ${kind}; ${who} can`)
  if (able.length === 0) throw refuse(`"${text}": none of the vendors served (${Object.keys(fates).join(', ')}) can show ${kind}`)
}

function checkRepeats(items: SpecItem[]): void {
  const seen = new Map<string, string>()
  for (const item of items) {
    const key = `${item.provider ?? '*'}.${item.kind}`
    const earlier = seen.get(key)
    if (earlier !== undefined) throw refuse(`"${item.text}" repeats "${earlier}": give each kind once per vendor`)
    seen.set(key, item.text)
  }
}

/** The rates that share one draw must not add up to more than all of it, per vendor. */
function checkShares(items: SpecItem[], fates: AnswerFateTable): void {
  for (const provider of Object.keys(fates) as ProviderName[]) {
    const applies = (item: SpecItem): boolean =>
      (item.provider ?? provider) === provider && 'rate' in item.amount && item.kind !== 'expire' &&
      (!isAnswerFate(item.kind) || fates[provider]!.includes(item.kind))
    for (const group of [LINE_KINDS, HTTP_KINDS]) {
      const shared = items.filter((item) => group.has(item.kind) && applies(item))
      const total = shared.reduce((sum, item) => sum + (item.amount as {rate: number}).rate, 0)
      if (total > 1 + 1e-9) {
        throw refuse(`${shared.map((item) => `"${item.text}"`).join(' + ')} hit ${Number(total.toFixed(3))} of ${provider}'s requests: these shares must add up to at most 1.0`)
      }
    }
  }
}

const LINE_KINDS: ReadonlySet<SpecKind> = new Set([...ANSWER_FATES, 'line-error', 'malformed'])
const HTTP_KINDS: ReadonlySet<SpecKind> = new Set(['rate-limit', 'server-error'])

function toFault(item: SpecItem): Fault {
  const {provider, amount} = item
  const rateOrCount = 'rate' in amount ? {rate: amount.rate} : {count: amount.count}
  switch (item.kind) {
    case 'expire':
      return {kind: 'expire', ...(provider === undefined ? {} : {provider}), fraction: (amount as {rate: number}).rate}
    case 'rate-limit':
    case 'server-error': {
      const share = 'rate' in amount ? {rate: amount.rate} : {times: amount.count}
      return {kind: 'http', match: provider === undefined ? {} : {provider}, status: item.kind === 'rate-limit' ? 429 : 500, retryAfter: 1, ...share}
    }
    case 'line-error':
      // Half the lines Mistral fails carry the bare-string error some of its files show.
      return {kind: 'line-error', ...(provider === undefined ? {} : {provider}), ...rateOrCount, bareShare: 0.5}
    case 'malformed':
      return {kind: 'malformed-output', ...(provider === undefined ? {} : {provider}), ...rateOrCount}
    default:
      return {kind: item.kind, ...(provider === undefined ? {} : {provider}), ...rateOrCount}
  }
}

/**
 * One line per fault saying what it does and to which vendors, for the emulator's start-up
 * output: an answer fate reaches only the vendors that can show it.
 */
export function describeFaults(faults: readonly Fault[], fates: AnswerFateTable): string[] {
  const served = Object.keys(fates) as ProviderName[]
  const only = (chosen: readonly ProviderName[]): string => (chosen.length === served.length ? '' : ` (${chosen.join(', ')} only)`)
  const target = (provider: string | undefined): ProviderName[] => served.filter((name) => provider === undefined || name === provider)
  return faults.flatMap((fault) => {
    switch (fault.kind) {
      case 'http': {
        const share = fault.rate === undefined ? `the first ${fault.times ?? 'every one'}` : percent(fault.rate)
        return [`${fault.status === 429 ? 'rate-limit' : 'server-error'}: ${share} of the API calls${only(target(fault.match.provider))} answer HTTP ${fault.status}`]
      }
      case 'expire':
        return [`expire: every batch${only(target(fault.provider))} expires with ${percent(fault.fraction)} of its requests done`]
      case 'delay':
      case 'validation':
        return []
      default: {
        const name = fault.kind === 'malformed-output' ? 'malformed' : fault.kind
        const able = target(fault.provider).filter((provider) => !isAnswerFate(fault.kind) || fates[provider]!.includes(fault.kind))
        const share = fault.rate === undefined ? `${fault.count ?? 'listed'} request${fault.count === 1 ? '' : 's'}` : `${percent(fault.rate)} of the requests`
        return [`${name}: ${share}${only(able)}`]
      }
    }
  })
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(2))}%`
}

function isAnswerFate(kind: string): kind is AnswerFateKind {
  return (ANSWER_FATES as readonly string[]).includes(kind)
}

function refuse(message: string): UserError {
  return new UserError(`--faults ${message}`)
}
