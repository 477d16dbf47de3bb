import {readFile, readdir, stat} from 'node:fs/promises'
import {join} from 'node:path'

import {benchmarkHubFiles} from './hub-data.js'
import {rowError, type RawRow} from './row-fields.js'
import {cachedHubFile} from '../dataset/hub.js'
import {UserError} from '../errors.js'
import {readJsonl} from '../jsonl.js'

/** What a row file holds; Parquet for most Hub copies, the original release formats for local files. */
export type RowFormat = 'parquet' | 'jsonl' | 'json' | 'csv' | 'csv-with-header'

/** Every row of a file, in file order, numbered from 1. Parquet and JSON are read whole; they are benchmark-sized. */
export async function readRows(path: string, format: RowFormat): Promise<RawRow[]> {
  switch (format) {
    case 'parquet':
      return readParquetRows(path)
    case 'jsonl': {
      const rows: RawRow[] = []
      for await (const {line, value} of readJsonl(path)) rows.push({place: {file: path, unit: 'line', index: line}, value})
      return rows
    }
    case 'json':
      return readJsonArrayRows(path)
    case 'csv':
    case 'csv-with-header':
      return readCsvRows(path, format === 'csv-with-header')
  }
}

async function readParquetRows(path: string): Promise<RawRow[]> {
  const {asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects} = await import('hyparquet')
  const file = await asyncBufferFromFile(path)
  let rows: Record<string, unknown>[]
  try {
    const metadata = await parquetMetadataAsync(file)
    // Hub files are Snappy-compressed, which hyparquet reads itself; the other codecs' decoders load only when a file needs them.
    const codecs = new Set(metadata.row_groups.flatMap((group) => group.columns.map((column) => column.meta_data?.codec)))
    const plain = [...codecs].every((codec) => codec === undefined || codec === 'SNAPPY' || codec === 'UNCOMPRESSED')
    const compressors = plain ? undefined : (await import('hyparquet-compressors')).compressors
    rows = await parquetReadObjects({file, metadata, compressors, rowFormat: 'object'})
  } catch (error) {
    throw new UserError(`${path} is not a Parquet file bench can read (${(error as Error).message.split('\n')[0]}): delete it from the cache to download it again, or pass --dataset with a copy in the original format`)
  }
  return rows.map((value, index) => ({place: {file: path, unit: 'row', index: index + 1}, value}))
}

async function readJsonArrayRows(path: string): Promise<RawRow[]> {
  let value: unknown
  try {
    value = JSON.parse(await readFile(path, 'utf8'))
  } catch (error) {
    throw new UserError(`${path} is not valid JSON (${(error as Error).message.split('\n')[0]}): give the original file`)
  }
  if (!Array.isArray(value)) throw new UserError(`${path} must hold a JSON list of questions, not ${value === null ? 'null' : typeof value}`)
  return (value as unknown[]).map((entry, index) => ({place: {file: path, unit: 'item', index: index + 1}, value: entry}))
}

/** RFC 4180 CSV; with a header each row becomes an object keyed by the header's names, without one a list of cells. */
async function readCsvRows(path: string, header: boolean): Promise<RawRow[]> {
  const {parse} = await import('csv-parse/sync')
  let records: {record: string[]; info: {lines: number}}[]
  try {
    records = parse(await readFile(path), {info: true, relax_column_count: true, skip_empty_lines: true, bom: true}) as unknown as typeof records
  } catch (error) {
    throw new UserError(`${path} is not valid CSV (${(error as Error).message.split('\n')[0]}): give the original file`)
  }
  if (!header) return records.map(({record, info}) => ({place: {file: path, unit: 'line', index: info.lines}, value: record}))
  const [names, ...body] = records
  if (names === undefined) return []
  return body.map(({record, info}) => {
    const place = {file: path, unit: 'line' as const, index: info.lines}
    if (record.length !== names.record.length) throw rowError(place, undefined, `has ${record.length} cells but the header has ${names.record.length}: quote cells that hold commas`)
    return {place, value: Object.fromEntries(names.record.map((name, column) => [name, record[column]]))}
  })
}

/** The benchmark's files from the Hub, through the cache, with their rows. */
export async function hubRows(benchmark: string, split: 'files' | 'shot_files'): Promise<{rows: RawRow[]; files: string[]}> {
  const {format, files} = await benchmarkHubFiles(benchmark, split)
  const rows: RawRow[] = []
  const paths: string[] = []
  for (const file of files) {
    const path = await cachedHubFile(file)
    paths.push(path)
    rows.push(...(await readRows(path, format)))
  }
  return {rows, files: paths}
}

/** The path's kind, or a one-line error when it does not exist. */
export async function pathKind(path: string, flag: string): Promise<'file' | 'folder'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'file'
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError(`${path} not found: check the path given to ${flag}`)
    throw error
  }
}

/** The files of a folder whose names end with `suffix`, sorted, with their paths. */
export async function filesEndingWith(folder: string, suffix: string): Promise<string[]> {
  const entries = await readdir(folder)
  return entries
    .filter((entry) => entry.endsWith(suffix))
    .sort()
    .map((entry) => join(folder, entry))
}
