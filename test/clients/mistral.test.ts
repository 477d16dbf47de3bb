import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Mistral batch client', () => {
  describeClientContract('mistral', {
    model: 'mistral-small-latest',
    operations: {upload: 'files.upload', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: true,
  })
})
