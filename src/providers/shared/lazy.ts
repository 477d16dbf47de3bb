/**
 * Builds a value on first use and keeps it. Clients are created by the registry before any call,
 * and a command such as `bench get` may never need the SDK (or the key) at all.
 */
export function lazy<T>(factory: () => T): () => T {
  let value: {built: T} | undefined
  return () => {
    value ??= {built: factory()}
    return value.built
  }
}
