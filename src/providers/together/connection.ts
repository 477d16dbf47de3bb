import {vendorIdentity} from '../../core/batch/identity.js'
import {VENDOR_ADDRESSES} from '../addresses.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'
import {togetherStatus, type TogetherJob} from './together-status.js'

/** Together as its SDK reaches it: `TOGETHER_BASE_URL` and a bearer key. */
export function togetherConnection(): VendorConnection {
  return bearerConnection(VENDOR_ADDRESSES.together)
}

/** `GET /batches/{id}`, as `sdk.batches.retrieve(id)` sends it; the job comes back bare. */
export const togetherStatusReader = createStatusReader<TogetherJob>({
  connect: togetherConnection,
  path: (id) => `/batches/${encodeURIComponent(id)}`,
  toStatus: togetherStatus,
  identify: (job) => vendorIdentity({id: job.id, created_at: job.created_at, input_file: job.input_file_id}),
})
