import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Together batch client', () => {
  describeClientContract('together', {
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    operations: {upload: 'files.create', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: false,
  })
})
