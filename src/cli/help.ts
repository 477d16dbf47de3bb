import {CommandHelp, Help} from '@oclif/core'

/** The root help's examples: the whole job offline first, then the same steps against a vendor. */
const ROOT_EXAMPLES: ReadonlyArray<[string, string]> = [
  ['bench demo', 'the whole job on the bundled sample, against the built-in emulator: no key, no network'],
  ['bench prepare --split llm --provider openai --model gpt-4.1', 'dataset -> processed_files/NAME.jsonl and its batch record'],
  ['bench start benchmark_openai_gpt-4-1_llm_hints_0', 'upload and submit'],
  ['watch -n 2 bench get benchmark_openai_gpt-4-1_llm_hints_0', 'the status card, every two seconds'],
  ['bench results benchmark_openai_gpt-4-1_llm_hints_0', '-> results/NAME.jsonl'],
  ['bench jury benchmark_openai_gpt-4-1_llm_hints_0 --start', 'three judge batches, on three other vendors'],
  ['bench score --judge-files results/judge_openai_gpt-4-1_llm_hints_0_by_*.jsonl', 'the score and its 95% interval'],
  ['bench run --split llm --provider openai --model gpt-4.1', 'all of the above in one resumable command'],
  ['bench run --benchmark mmlu --shots 5 --provider openai --model gpt-4.1', 'a standard benchmark instead (bench prepare --help lists them), scored by its answer key'],
  ['bench arena pairs --name layton --results results/A.jsonl results/B.jsonl', "two models' answers paired, for people (bench arena serve) and judges (bench arena judge)"],
  ['bench emulator --faults refusal:0.2,rate-limit:0.1', 'the six Batch APIs on loopback, dealing out refusals and 429s, for your own tests'],
  ['bench help prepare', "one command's flags and examples (or bench prepare --help)"],
]

/**
 * A command's help as oclif writes it, with the USAGE line mended where oclif's grouping of
 * related flags leaves holes: `[--dry-run ]` (a boolean that depends on another keeps the space
 * of a value it has not) and empty alternatives (`[--a | --b |]`, `|  |`) from exclusive flags.
 * Commands whose flags oclif cannot group sensibly write their USAGE out (`static usage`).
 */
export class BenchCommandHelp extends CommandHelp {
  protected override defaultUsage(): string {
    return super
      .defaultUsage()
      .replaceAll(/\|(\s*\|)+/g, '|')
      .replaceAll(/\s*\|\s*\]/g, ']')
      .replaceAll(/\[\s*\|\s*/g, '[')
      .replaceAll(/ +\]/g, ']')
  }
}

/**
 * oclif's help, with examples on the root page (`bench`, `bench help`, `bench --help`): oclif
 * gives commands an EXAMPLES section and the root none.
 */
export default class BenchHelp extends Help {
  protected override CommandHelpClass = BenchCommandHelp

  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    const examples = ROOT_EXAMPLES.map(([command, what]) => `$ ${command}\n    ${what}`).join('\n')
    this.log(this.section('EXAMPLES', examples))
    this.log('')
  }
}
