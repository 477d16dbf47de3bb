import type {RunSettings} from './run-record.js'
import type {BatchManifest} from '../batch/manifest.js'
import {judgeBatchName} from '../batch/naming.js'
import {choosePanel, readJudgePool} from '../jury/panel.js'
import {ASSUMED_OUTPUT_TOKENS} from '../pricing/estimate.js'
import type {PriceTable} from '../pricing/price-table.js'
import {planBatch, planEstimate, spendingPlan, type PlannedBatch, type SpendingPlan} from '../pricing/spending-guard.js'
import {readChain} from '../retry/chain.js'

/**
 * What the whole run costs, sent or not: every batch prepared so far (retries included), and
 * the judge batches it will prepare, projected. `--max-cost` bounds this total, so a retry or a
 * judge batch that would take the run over the limit is refused before it is sent.
 */
export async function runSpendingPlan(prediction: BatchManifest, settings: Pick<RunSettings, 'provider' | 'judges'>, judges: readonly string[] | undefined, prices: PriceTable): Promise<SpendingPlan> {
  const planned: PlannedBatch[] = []
  for (const root of [prediction.name, ...(judges ?? [])]) {
    for (const manifest of await readChain(root)) planned.push(planBatch(manifest, prices, {whole: true}))
  }
  if (judges === undefined) planned.push(...(await projectedJudges(prediction, settings, prices)))
  return spendingPlan(planned)
}

/**
 * A judge request holds the riddle again, its solution and gold justification (taken as long as
 * the riddle and hints), and the prediction (taken at the assumed answer length): a projection,
 * replaced by the judge batches' own estimates once the jury has written them.
 */
async function projectedJudges(prediction: BatchManifest, settings: Pick<RunSettings, 'provider' | 'judges'>, prices: PriceTable): Promise<PlannedBatch[]> {
  const panel = choosePanel(await readJudgePool(settings.judges), settings.provider)
  const riddleTokens = prediction.input_tokens_estimate ?? 0
  const inputTokens = 2 * riddleTokens + prediction.requests * Math.min(prediction.settings.max_tokens ?? ASSUMED_OUTPUT_TOKENS, ASSUMED_OUTPUT_TOKENS)
  return panel.judges.map((judge) =>
    planEstimate(
      judgeBatchName(prediction.name, judge.provider, judge.model),
      {provider: judge.provider, model: judge.model, requests: prediction.requests, inputTokens, maxTokens: judge.max_tokens},
      prices,
      true,
    ),
  )
}
