import {BenchCommand} from '../cli/base-command.js'
import {renderBatchList, toBatchRows, type BatchRow} from '../cli/batch-list.js'
import {listManifests} from '../core/batch/manifest.js'

export default class List extends BenchCommand {
  static override summary = 'List all batches with their last known state.'

  static override description = 'Reads the batch records in processed_files/ (no network): name, vendor, model, requests, state as last seen by `bench get`, and whether results were written.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<BatchRow[]> {
    const rows = toBatchRows(await listManifests())
    this.log(renderBatchList(rows))
    return rows
  }
}
