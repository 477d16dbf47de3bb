import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'

import {allowHosts} from '../../src/core/destinations/allowance.js'
import {isLoopback, keyAllowance, type KeyDestination} from '../../src/core/destinations/host-policy.js'

const openai = {label: "OpenAI's", origins: ['https://api.openai.com']}

function destination(url: string): KeyDestination {
  return {keyVariable: 'OPENAI_API_KEY', url: new URL(url), owner: openai, setBy: [{setting: 'OPENAI_BASE_URL', source: '.env'}]}
}

// The user's own configuration is not this test's: point it at a folder that does not exist.
beforeAll(() => {
  process.env.XDG_CONFIG_HOME = join(tmpdir(), 'bench-no-such-config')
})
afterEach(() => allowHosts([]))

describe('where a key may go', () => {
  it('loopback is the machine itself, by name or address', () => {
    for (const url of ['http://localhost:4010', 'http://127.0.0.1:1', 'http://127.8.9.10', 'http://[::1]:8000']) expect(isLoopback(new URL(url)), url).toBe(true)
    for (const url of ['http://0.0.0.0:1', 'http://localhost.evil.example', 'http://127.0.0.1.nip.io', 'http://[::2]']) expect(isLoopback(new URL(url)), url).toBe(false)
  })

  it("the owner's own origin only: https on its port, the same host", () => {
    expect(keyAllowance(destination('https://api.openai.com/v1'))).toBe('own host')
    // In the clear, on another port, or on a look-alike host, the key needs the user's allowance.
    for (const url of ['http://api.openai.com/v1', 'https://api.openai.com:8443/v1', 'https://api.openai.com.evil.example/v1', 'https://evil.example/api.openai.com']) {
      expect(keyAllowance(destination(url)), url).toBeUndefined()
    }
  })

  it('--allow-host allows a host by name, with or without its port', () => {
    allowHosts(['Proxy.Example.com'])
    expect(keyAllowance(destination('https://proxy.example.com:8443/v1'))).toBe('allowed by --allow-host')
    allowHosts(['proxy.example.com:8443'])
    expect(keyAllowance(destination('https://proxy.example.com:8443/v1'))).toBe('allowed by --allow-host')
    expect(keyAllowance(destination('https://proxy.example.com:9443/v1'))).toBeUndefined()
  })
})
