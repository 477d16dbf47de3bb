import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Groq batch client', () => {
  describeClientContract('groq', {
    model: 'llama-3.1-8b-instant',
    operations: {upload: 'files.create', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: true,
  })
})
