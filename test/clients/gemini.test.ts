import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Gemini batch client', () => {
  describeClientContract('gemini', {
    model: 'gemini-2.5-flash',
    operations: {upload: 'files.upload', create: 'batches.create', retrieve: 'batches.get'},
    uploadRequests: 2,
    findable: true,
    counts: true,
    returnsNeverRun: false,
  })
})
