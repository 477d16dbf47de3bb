import {BenchCommand} from '../cli/base-command.js'

/** What `bench version --json` prints. */
export interface VersionInfo {
  name: string
  version: string
  node: string
  platform: string
}

export default class Version extends BenchCommand {
  static override summary = "Show bench's version, and the Node.js running it."

  static override description = 'The same line as `bench --version` and `bench -v`: the package, its version, the platform and the Node.js version.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> --json']

  async run(): Promise<VersionInfo> {
    await this.parse(Version)
    this.log(this.config.userAgent)
    return {name: this.config.name, version: this.config.version, node: process.version, platform: `${this.config.platform}-${this.config.arch}`}
  }
}
