import {join, resolve} from 'node:path'

/** The files tests read, kept in the repository (test/fixtures/README.md says where each came from). */
const FIXTURES = resolve(import.meta.dirname, '../fixtures')
/** The published layton-eval `llm` data: predictions, judge verdicts, calibration pool, leaderboard, schemas. */
export const LAYTON = join(FIXTURES, 'layton')
/** What the official SDKs sent to a capture server, one `<vendor>.json` each. */
export const SDK_REQUESTS = join(FIXTURES, 'sdk-requests')
/** MT-bench's layout: `question_sample.jsonl` and `model_answer/<model>_sample.jsonl` (three models, ten questions). */
export const MTBENCH = join(FIXTURES, 'mtbench')
