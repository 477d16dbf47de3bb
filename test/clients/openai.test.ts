import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('OpenAI batch client', () => {
  describeClientContract('openai', {
    model: 'gpt-4.1-mini',
    operations: {upload: 'files.create', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: true,
  })
})
