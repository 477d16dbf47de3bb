import {Args, loadHelpClass} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'

export default class HelpCommand extends BenchCommand {
  static override enableJsonFlag = false
  static override summary = 'Show the help of bench, or of one command.'

  static override description = 'The same text as `bench --help` and `bench COMMAND --help`: what the command does, its usage, flags and examples.'

  static override examples = ['<%= config.bin %> <%= command.id %>', '<%= config.bin %> <%= command.id %> prepare']

  static override args = {
    command: Args.string({description: 'The command to explain (omit for the list of commands).'}),
  }

  async run(): Promise<void> {
    const {args} = await this.parse(HelpCommand)
    const Help = await loadHelpClass(this.config)
    await new Help(this.config, this.config.pjson.oclif.helpOptions).showHelp(args.command === undefined ? [] : [args.command])
  }
}
