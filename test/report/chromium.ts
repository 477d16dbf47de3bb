import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

/** Debian's chromium, installed by .ci/run; the browser tests skip where it is absent. */
export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path))

/** What the page did while loading: console errors, uncaught exceptions, and every request it made. */
export interface PageEvents {
  errors: string[]
  requests: string[]
}

/**
 * A headless Chromium driven over the DevTools protocol with Node's own WebSocket: no browser
 * download, no extra package. One page per browser, which is all the report test needs.
 */
export class HeadlessPage {
  readonly events: PageEvents = {errors: [], requests: []}
  private nextId = 1
  private readonly pending = new Map<number, {resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void}>()
  private readonly waiters: {method: string; resolve: () => void}[] = []
  private sessionId = ''

  private constructor(
    private readonly browser: ChildProcess,
    private readonly socket: WebSocket,
    private readonly profile: string,
  ) {}

  static async launch(executable: string, viewport = {width: 1400, height: 1800}): Promise<HeadlessPage> {
    const profile = await mkdtemp(join(tmpdir(), 'bench-chromium-'))
    const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank']
    const browser = spawn(executable, flags, {stdio: ['ignore', 'ignore', 'pipe']})
    const endpoint = await new Promise<string>((resolve, reject) => {
      let output = ''
      const timer = setTimeout(() => reject(new Error(`chromium did not start: ${output.slice(-500)}`)), 20_000)
      browser.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString()
        const match = /DevTools listening on (ws:\/\/\S+)/.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve(match[1] as string)
        }
      })
      browser.on('exit', (code) => reject(new Error(`chromium exited with ${code}: ${output.slice(-500)}`)))
    })
    const socket = new WebSocket(endpoint)
    await new Promise((resolve, reject) => {
      socket.addEventListener('open', resolve, {once: true})
      socket.addEventListener('error', reject, {once: true})
    })
    const page = new HeadlessPage(browser, socket, profile)
    socket.addEventListener('message', (event) => page.receive(JSON.parse(String(event.data)) as Message))
    const {targetId} = await page.send('Target.createTarget', {url: 'about:blank'}, false)
    page.sessionId = (await page.send('Target.attachToTarget', {targetId, flatten: true}, false)).sessionId as string
    for (const domain of ['Page', 'Runtime', 'Log', 'Network']) await page.send(`${domain}.enable`)
    await page.send('Emulation.setDeviceMetricsOverride', {...viewport, deviceScaleFactor: 1, mobile: false})
    return page
  }

  async open(url: string): Promise<void> {
    const loaded = this.waitFor('Page.loadEventFired')
    await this.send('Page.navigate', {url})
    await loaded
  }

  /** The value of a JavaScript expression in the page (awaited when it is a promise). */
  async evaluate<T>(expression: string): Promise<T> {
    const result = await this.send('Runtime.evaluate', {expression, returnByValue: true, awaitPromise: true})
    if (result.exceptionDetails !== undefined) throw new Error(`page threw: ${JSON.stringify(result.exceptionDetails)}`)
    return (result.result as {value: T}).value
  }

  /** Waits until a JavaScript expression is true in the page (the page updates after its own requests). */
  async until(expression: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!(await this.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > deadline) throw new Error(`page never had ${expression}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  /** A key pressed and released, as the keyboard sends it. */
  async press(key: string): Promise<void> {
    const named: Record<string, {code: string; keyCode: number}> = {Enter: {code: 'Enter', keyCode: 13}, ArrowLeft: {code: 'ArrowLeft', keyCode: 37}, ArrowRight: {code: 'ArrowRight', keyCode: 39}}
    const {code, keyCode} = named[key] ?? {code: /\d/.test(key) ? `Digit${key}` : `Key${key.toUpperCase()}`, keyCode: key.toUpperCase().charCodeAt(0)}
    const text = key.length === 1 ? {text: key} : {}
    await this.send('Input.dispatchKeyEvent', {type: 'keyDown', key, code, windowsVirtualKeyCode: keyCode, ...text})
    await this.send('Input.dispatchKeyEvent', {type: 'keyUp', key, code, windowsVirtualKeyCode: keyCode})
  }

  /** A mouse click in the middle of the element `selector` picks, as the mouse sends it. */
  async click(selector: string): Promise<void> {
    const box = await this.evaluate<{x: number; y: number} | null>(
      `(() => { const element = document.querySelector(${JSON.stringify(selector)}); if (!element) return null; element.scrollIntoView({block: 'center'}); const r = element.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`,
    )
    if (box === null) throw new Error(`no element ${selector} to click`)
    for (const type of ['mousePressed', 'mouseReleased']) await this.send('Input.dispatchMouseEvent', {type, x: box.x, y: box.y, button: 'left', clickCount: 1})
  }

  async screenshot(): Promise<Buffer> {
    const {data} = await this.send('Page.captureScreenshot', {format: 'png', captureBeyondViewport: true})
    return Buffer.from(data as string, 'base64')
  }

  async close(): Promise<void> {
    this.socket.close()
    this.browser.kill()
    await new Promise((resolve) => (this.browser.exitCode === null ? this.browser.once('exit', resolve) : resolve(undefined)))
    // Chromium's helper processes may still write to the profile for a moment after the browser exits (ENOTEMPTY).
    await rm(this.profile, {recursive: true, force: true, maxRetries: 10, retryDelay: 100})
  }

  private send(method: string, params: Record<string, unknown> = {}, inSession = true): Promise<Record<string, unknown>> {
    const id = this.nextId++
    this.socket.send(JSON.stringify({id, method, params, ...(inSession && {sessionId: this.sessionId})}))
    return new Promise((resolve, reject) => this.pending.set(id, {resolve, reject}))
  }

  private waitFor(method: string): Promise<void> {
    return new Promise((resolve) => this.waiters.push({method, resolve}))
  }

  private receive(message: Message): void {
    if (message.id !== undefined) {
      const waiting = this.pending.get(message.id)
      this.pending.delete(message.id)
      if (message.error !== undefined) waiting?.reject(new Error(`${message.error.message}`))
      else waiting?.resolve(message.result ?? {})
      return
    }
    const params = message.params ?? {}
    if (message.method === 'Runtime.consoleAPICalled' && params.type === 'error') this.events.errors.push(JSON.stringify(params.args))
    if (message.method === 'Runtime.exceptionThrown') this.events.errors.push(JSON.stringify(params.exceptionDetails))
    if (message.method === 'Log.entryAdded' && (params.entry as {level?: string}).level === 'error') this.events.errors.push(JSON.stringify(params.entry))
    if (message.method === 'Network.requestWillBeSent') this.events.requests.push((params.request as {url: string}).url)
    for (const waiter of this.waiters.filter((candidate) => candidate.method === message.method)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
}

interface Message {
  id?: number
  method?: string
  params?: Record<string, unknown>
  result?: Record<string, unknown>
  error?: {message: string}
}
