import type {Allowance, SettingOrigin} from './host-policy.js'

/**
 * One place a sending command sends to, as its card and `--json` show it: the host, whose
 * requests go there, the key that goes with them, and the settings that chose a non-default host.
 */
export interface Destination {
  /** A vendor (`openai`) or an endpoint (`endpoint openrouter`). */
  to: string
  /** `api.openai.com`, `127.0.0.1:4010`. */
  host: string
  /** The variable whose key is sent there; absent when none is (a local server). */
  key_variable?: string
  /** The settings that chose the host or the key, when not bench's defaults. */
  set_by?: SettingOrigin[]
  /** Why the key may go there; absent when no key goes. */
  allowed?: Allowance
}
