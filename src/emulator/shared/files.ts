import type {ProviderName} from '../../providers/names.js'

/** A stored file: an uploaded input or a result file the emulator wrote. */
export interface StoredFile<Vendor = unknown> {
  id: string
  provider: ProviderName
  filename: string
  /** The vendor's purpose string (`batch`, `batch_output`, `batch-api`, ...). */
  purpose: string
  /** Epoch milliseconds. */
  createdAt: number
  /** Epoch milliseconds after which the vendor has deleted the file; absent: kept until deleted. */
  expiresAt?: number
  content: Buffer
  /** Vendor-specific fields (Gemini display name, Together's pending upload, ...). */
  vendor: Vendor
}

/**
 * Files of every vendor, each in its own namespace: ids never resolve across vendors. A file
 * past its `expiresAt` is gone, as the vendor deletes it: no lookup or list returns it.
 */
export class FileStore {
  private readonly files = new Map<string, StoredFile>()

  /** `now` is the emulator's clock, in epoch milliseconds. */
  constructor(private readonly now: () => number) {}

  /** Stores (or replaces) a file. */
  put<Vendor>(file: StoredFile<Vendor>): StoredFile<Vendor> {
    this.files.set(key(file.provider, file.id), file)
    return file
  }

  /** The file with this id for this vendor, unless there is none or it has expired. */
  get<Vendor = unknown>(provider: ProviderName, id: string): StoredFile<Vendor> | undefined {
    const file = this.files.get(key(provider, id))
    return file === undefined || this.expired(file) ? undefined : (file as StoredFile<Vendor>)
  }

  /** A vendor's files that have not expired, oldest first. */
  list<Vendor = unknown>(provider: ProviderName): StoredFile<Vendor>[] {
    return [...this.files.values()].filter((file) => file.provider === provider && !this.expired(file)) as StoredFile<Vendor>[]
  }

  /** Deletes a file; false when there was none. */
  delete(provider: ProviderName, id: string): boolean {
    return this.files.delete(key(provider, id))
  }

  private expired(file: StoredFile): boolean {
    return file.expiresAt !== undefined && this.now() >= file.expiresAt
  }
}

function key(provider: ProviderName, id: string): string {
  return `${provider}\u0000${id}`
}
