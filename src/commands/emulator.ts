import {Flags} from '@oclif/core'

import {BenchCommand} from '../cli/base-command.js'
import {UserError} from '../core/errors.js'
import {onInterrupt} from '../core/interruption.js'

export default class EmulatorCommand extends BenchCommand {
  static override summary = "Serve the six vendors' Batch APIs on loopback, for offline runs, demos and CI."

  static override description = [
    'Starts OpenAI, Anthropic, Gemini, Mistral, Together and Groq emulators on consecutive ports from --port,',
    'prints the `export` lines that point the official SDKs and bench at them, and runs until Ctrl-C.',
    'Any API key is accepted except `bad-key`. Batches finish over --batch-seconds; answers are deterministic for --seed.',
    "Each model is held to what --models says it accepts (bench's data/models.json by default): a request that asks a model for a JSON schema,",
    "a thinking setting, an image or a PDF it cannot take ends as that vendor's own 400 line error. Models the file does not list take anything.",
    '\n\n--faults makes some requests meet the fates real vendors deal out, as each vendor writes them:',
    'refusal, safety, recitation (Gemini only) and truncated answers, line-error, malformed result lines,',
    'rate-limit and server-error answers to API calls, and expire:FRACTION (every batch expires with that share done).',
    'Give kind:rate (a share, with a decimal point: 0.2) or kind:count (a whole number of requests: 3), comma-separated;',
    'prefix a vendor to aim at one (gemini.recitation:0.1). A fate reaches only the vendors whose result lines can show it:',
    'the start-up lines say which. Which requests are hit is drawn from --seed and each request\'s custom_id, so a run repeats;',
    'a request sent again (a retry) gets a new draw. Batch and file ids are random: they never repeat, even after a restart.',
  ].join(' ')

  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    {
      description: 'Serve in the background and point this shell at it (the export lines land in emulator.env):',
      command: '<%= config.bin %> <%= command.id %> > emulator.env & until grep -qs GROQ_BASE_URL emulator.env; do sleep 0.2; done; . ./emulator.env',
    },
    {
      description: 'Every vendor refuses a fifth of the requests it can refuse, cuts three answers short, and rate-limits one call in ten:',
      command: '<%= config.bin %> <%= command.id %> --faults refusal:0.2,truncated:3,rate-limit:0.1 --seed 7',
    },
    '<%= config.bin %> <%= command.id %> --port 5000 --batch-seconds 0 --seed 42',
    '<%= config.bin %> <%= command.id %> --models my-models.json   # your own capabilities, in the shape of data/models.json',
    '<%= config.bin %> <%= command.id %> --json',
  ]

  static override flags = {
    port: Flags.integer({description: 'First port; the vendors take six consecutive ports (0: any free ports).', default: 4010, min: 0, max: 65530}),
    'batch-seconds': Flags.integer({description: 'Seconds a batch takes from create to completed (0: done at the first status check).', default: 20, min: 0}),
    seed: Flags.integer({description: 'Seed of the emulated answers and of which requests --faults hits.', default: 0}),
    'repeat-disagreement': Flags.string({description: "Share (0 to 1) of a judge's repeats (ids <id>__r<k>, bench jury --repeats) answered afresh instead of as the first ask; 0 makes repeats agree.", default: '0'}),
    models: Flags.string({description: "What each model accepts, in the shape of bench's data/models.json (default: that file)."}),
    faults: Flags.string({
      description: 'Fates and failures to deal out, e.g. refusal:0.2,safety:0.1,truncated:3,expire:0.5 (see the description).',
      helpValue: 'SPEC',
    }),
  }

  /**
   * Runs until SIGINT/SIGTERM. Returns nothing: with --json the start-up facts are printed as one
   * line at once, and oclif would otherwise print them a second time at exit.
   */
  async run(): Promise<void> {
    const {flags} = await this.parse(EmulatorCommand)
    const {startEmulator} = await import('../emulator/index.js')
    const {exportLines} = await import('../emulator/shared/exports.js')
    const {DEFAULT_MODELS_PATH, loadModelCatalog} = await import('../core/capabilities/model-catalog.js')
    const modelsFile = flags.models ?? DEFAULT_MODELS_PATH
    const models = loadModelCatalog(modelsFile)
    const repeatDisagreement = Number(flags['repeat-disagreement'])
    if (!(repeatDisagreement >= 0 && repeatDisagreement <= 1)) this.error(`--repeat-disagreement must be a share from 0 to 1, got ${flags['repeat-disagreement']}`, {exit: 2})
    const emulator = await startEmulator({basePort: flags.port, batchSeconds: flags['batch-seconds'], seed: flags.seed, repeatDisagreement, faults: flags.faults, models}).catch(
      (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EADDRINUSE') throw error
        throw new UserError(`Port ${flags.port}–${flags.port + 5} is not free; pick another first port with --port (or --port 0 for any free ports).`)
      },
    )
    const exports = exportLines(emulator.env(), process.env)
    const running = `Emulator running (batches take ${flags['batch-seconds']} s, seed ${flags.seed}); Ctrl-C to stop.`
    if (this.jsonEnabled()) {
      const facts = {
        env: emulator.env(),
        exports,
        urls: emulator.urls,
        endpoint_url: emulator.endpointUrl ?? null,
        batch_seconds: flags['batch-seconds'],
        seed: flags.seed,
        models_file: modelsFile,
        faults: emulator.faultSummary,
      }
      process.stdout.write(JSON.stringify(facts) + '\n')
    } else {
      // stdout holds only the export lines, so it can be sourced; the rest goes to stderr.
      this.log(exports.join('\n'))
      this.logToStderr([running, ...emulator.faultSummary.map((line) => `  fault ${line}`)].join('\n'))
    }
    await new Promise<void>((resolve) => onInterrupt(resolve))
    await emulator.close()
  }
}
