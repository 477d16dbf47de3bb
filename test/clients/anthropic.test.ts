import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Anthropic batch client', () => {
  describeClientContract('anthropic', {
    model: 'claude-sonnet-4-5',
    operations: {create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: false,
    counts: true,
  })
})
