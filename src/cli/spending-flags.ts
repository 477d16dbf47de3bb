import {Flags} from '@oclif/core'

/** `--max-cost`, `--dry-run` and `--prices`: the spending guard, on every command that sends batches. */
export const spendingFlags = {
  'max-cost': Flags.custom<number>({
    description: 'Refuse, sending nothing, when the estimated cost in USD is over this (or cannot be estimated).',
    helpValue: 'USD',
    parse: (input) => {
      const value = Number(input)
      if (!Number.isFinite(value) || value < 0) return Promise.reject(new Error(`--max-cost takes an amount in USD, e.g. --max-cost 5 (got "${input}")`))
      return Promise.resolve(value)
    },
  })(),
  'dry-run': Flags.boolean({description: 'Print what would be sent (batches, requests, estimated tokens and cost) and send nothing.', default: false}),
  prices: Flags.string({description: "A price file laid over bench's data/prices.json (default: $BENCH_PRICES)."}),
}
