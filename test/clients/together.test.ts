import {describe} from 'vitest'

import {describeClientContract} from './contract.js'

describe('Together batch client', () => {
  describeClientContract('together', {
    model: 'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    // The documented one-step multipart upload, never the SDK helper's 302 + PUT.
    operations: {upload: 'files.upload', create: 'batches.create', retrieve: 'batches.retrieve'},
    findable: true,
    counts: false,
  })
})
