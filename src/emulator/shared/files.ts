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
  content: Buffer
  /** Vendor-specific fields (Gemini display name, Together's pending upload, ...). */
  vendor: Vendor
}

/** Files of every vendor, each in its own namespace: ids never resolve across vendors. */
export class FileStore {
  private readonly files = new Map<string, StoredFile>()

  /** Stores (or replaces) a file. */
  put<Vendor>(file: StoredFile<Vendor>): StoredFile<Vendor> {
    this.files.set(key(file.provider, file.id), file)
    return file
  }

  /** The file with this id for this vendor, if any. */
  get<Vendor = unknown>(provider: ProviderName, id: string): StoredFile<Vendor> | undefined {
    return this.files.get(key(provider, id)) as StoredFile<Vendor> | undefined
  }

  /** A vendor's files, oldest first. */
  list<Vendor = unknown>(provider: ProviderName): StoredFile<Vendor>[] {
    return [...this.files.values()].filter((file) => file.provider === provider) as StoredFile<Vendor>[]
  }

  /** Deletes a file; false when there was none. */
  delete(provider: ProviderName, id: string): boolean {
    return this.files.delete(key(provider, id))
  }
}

function key(provider: ProviderName, id: string): string {
  return `${provider}\u0000${id}`
}
