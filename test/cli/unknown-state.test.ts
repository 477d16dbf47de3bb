import {describe, expect, it} from 'vitest'

import {toBatchRows} from '../../src/cli/batch-list.js'
import {batchLine} from '../../src/cli/run-display.js'
import {renderStatusCard, toStatusCard} from '../../src/cli/status-card.js'
import type {BatchManifest} from '../../src/core/batch/manifest.js'
import type {BatchStatus} from '../../src/core/batch/status.js'

const STATUS: BatchStatus = {state: 'unknown', provider_status: 'PAUSED', counts: null, results_available: false}
const MANIFEST = {
  version: 1,
  name: 'paused',
  kind: 'prediction',
  provider: 'together',
  model: 'm',
  dataset: {source: 'hub', split: 'llm'},
  hints: 0,
  settings: {},
  requests: 4,
  bytes: 100,
  shards: [],
  created_at: '2026-12-01T10:00:00Z',
  state: 'submitted',
  last_status: STATUS,
  history: [],
} satisfies BatchManifest

describe('a vendor state bench does not know', () => {
  it('is shown as unknown with the vendor\'s word on the card, in --json, in bench run\'s line and in bench list', () => {
    const card = toStatusCard({manifest: MANIFEST, status: STATUS})
    expect(card).toMatchObject({state: 'unknown', provider_status: 'PAUSED'})
    const rendered = renderStatusCard(card)
    expect(rendered.split('\n')[0]).toBe('paused  unknown (PAUSED)')
    expect(rendered).toContain('bench get paused later: the vendor sent a state bench does not know')
    expect(batchLine({manifest: MANIFEST, status: STATUS})).toMatch(/^paused {2}unknown \(PAUSED\) · /)
    expect(toBatchRows([MANIFEST])[0]!.state).toBe('unknown (PAUSED)')
  })
})
