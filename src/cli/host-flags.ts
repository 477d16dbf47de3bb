import {Flags} from '@oclif/core'

import {allowHosts} from '../core/destinations/allowance.js'

/** `--allow-host`: on every command that sends a key (see core/destinations). */
export const hostFlags = {
  'allow-host': Flags.string({
    description:
      "Let keys go to this host too (a proxy, a gateway; repeat for several). Without it a vendor's key goes only to the vendor's own hosts or to loopback; `allow_hosts` in ~/.config/bench/config.json allows hosts for good.",
    helpValue: 'HOST',
    multiple: true,
  }),
}

/** Takes the command's `--allow-host` values for this process. */
export function applyHostFlags(flags: {'allow-host'?: string[]}): void {
  allowHosts(flags['allow-host'])
}
