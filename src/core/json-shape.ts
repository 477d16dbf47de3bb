/**
 * Checks that a parsed JSON value has the shape a reader expects, naming the first place that does
 * not (`candidates[2].metrics.kappa.value must be a number or null`). For files bench wrote and a
 * user may have edited or mixed up: the reader then trusts the types, never a `TypeError` later.
 */
export type Shape = (value: unknown, path: string) => string | undefined

export const text: Shape = (value, path) => (typeof value === 'string' ? undefined : `${path} must be a string`)

export const finite: Shape = (value, path) => (typeof value === 'number' && Number.isFinite(value) ? undefined : `${path} must be a number`)

export const count: Shape = (value, path) => (Number.isInteger(value) && (value as number) >= 0 ? undefined : `${path} must be a whole number of at least 0`)

export const flag: Shape = (value, path) => (typeof value === 'boolean' ? undefined : `${path} must be true or false`)

export function literal(...values: readonly (string | number)[]): Shape {
  return (value, path) => (values.includes(value as string | number) ? undefined : `${path} must be ${values.map((entry) => JSON.stringify(entry)).join(' or ')}`)
}

export function nullable(shape: Shape): Shape {
  return (value, path) => {
    const problem = value === null ? undefined : shape(value, path)
    return problem === undefined ? undefined : `${problem} or null`
  }
}

/** Either shape; a value of neither is told both (`must be a number or "unknown"`). */
export function either(first: Shape, second: Shape): Shape {
  return (value, path) => {
    const one = first(value, path)
    const other = one === undefined ? undefined : second(value, path)
    if (one === undefined || other === undefined) return undefined
    const lead = `${path} must be `
    return one.startsWith(lead) && other.startsWith(lead) ? `${one} or ${other.slice(lead.length)}` : other
  }
}

export function listOf(shape: Shape): Shape {
  return (value, path) => {
    if (!Array.isArray(value)) return `${path} must be a list`
    for (const [index, entry] of value.entries()) {
      const problem = shape(entry, `${path}[${index}]`)
      if (problem !== undefined) return problem
    }
    return undefined
  }
}

/** An object with these fields (others are allowed); a field in `optional` may be absent. The top level's path is ''. */
export function record(fields: Record<string, Shape>, optional: Record<string, Shape> = {}): Shape {
  return (value, path) => {
    const at = (key: string): string => (path === '' ? key : `${path}.${key}`)
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path === '' ? 'the file' : path} must be an object`
    const object = value as Record<string, unknown>
    for (const [key, shape] of Object.entries(fields)) {
      const problem = key in object ? shape(object[key], at(key)) : `${at(key)} is missing`
      if (problem !== undefined) return problem
    }
    for (const [key, shape] of Object.entries(optional)) {
      const problem = object[key] === undefined ? undefined : shape(object[key], at(key))
      if (problem !== undefined) return problem
    }
    return undefined
  }
}
