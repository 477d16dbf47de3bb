import {vendorIdentity} from '../../core/batch/identity.js'
import {VENDOR_ADDRESSES} from '../addresses.js'
import {bearerConnection, createStatusReader, type VendorConnection} from '../shared/status-reader.js'
import {benchMetadataOf, isoFromUnixSeconds} from '../shared/submit-flow.js'
import {mistralStatus, type MistralJobWire} from './mistral-status.js'

/**
 * Mistral as bench points its SDK: the SDK reads no base-URL variable, so bench has its own,
 * `BENCH_MISTRAL_SERVER_URL` (its path prefix kept, as the SDK keeps it); a bearer key.
 */
export function mistralConnection(): VendorConnection {
  return bearerConnection(VENDOR_ADDRESSES.mistral)
}

/** `GET /v1/batch/jobs/{id}`, as `batchJobsGet` sends it; the job comes back in snake_case. */
export const mistralStatusReader = createStatusReader<MistralJobWire>({
  connect: mistralConnection,
  path: (id) => `/v1/batch/jobs/${encodeURIComponent(id)}`,
  toStatus: mistralStatus,
  identify: (job) =>
    vendorIdentity({
      id: job.id,
      created_at: isoFromUnixSeconds(job.created_at),
      input_file: Array.isArray(job.input_files) ? job.input_files[0] : undefined,
      bench: benchMetadataOf(job.metadata),
    }),
})
