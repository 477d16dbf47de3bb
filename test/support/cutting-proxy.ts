import {createServer, request as forward, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

/** What the proxy does to one request, chosen when it arrives; the default passes it on whole. */
export type Cut =
  /** The connection is closed before any answer: the client sees a reset (fetch: "fetch failed"). */
  | {kind: 'drop'}
  /** The answer's status and headers and its first `bytes` bytes, then the connection is closed. */
  | {kind: 'truncate'; bytes: number}

/**
 * A plain HTTP proxy in front of a server (the emulator), that breaks the requests a test picks
 * the way a network does: a connection reset before the answer, or a body cut part-way. The
 * server behind it and the client in front are the real ones; only the wire is cut.
 */
export class CuttingProxy {
  /** The requests that reached the proxy, as `METHOD path`, and what was done to each. */
  readonly seen: {request: string; cut?: Cut['kind']}[] = []
  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly target: URL,
    private readonly choose: (method: string, path: string) => Cut | undefined,
  ) {}

  /** Starts on a free loopback port; `choose` decides, request by request, what to break. */
  static async start(target: string, choose: (method: string, path: string) => Cut | undefined): Promise<CuttingProxy> {
    const server = createServer()
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const proxy = new CuttingProxy(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, new URL(target), choose)
    server.on('request', (incoming: IncomingMessage, outgoing: ServerResponse) => proxy.pass(incoming, outgoing))
    return proxy
  }

  /** How many requests the proxy broke this way. */
  count(kind: Cut['kind']): number {
    return this.seen.filter((entry) => entry.cut === kind).length
  }

  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }

  private pass(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const method = incoming.method ?? 'GET'
    const path = incoming.url ?? '/'
    const cut = this.choose(method, path)
    this.seen.push({request: `${method} ${path}`, cut: cut?.kind})
    if (cut?.kind === 'drop') {
      incoming.resume()
      incoming.socket.destroy()
      return
    }
    const upstream = forward({host: this.target.hostname, port: this.target.port, method, path, headers: incoming.headers}, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers)
      if (cut === undefined) {
        answer.pipe(outgoing)
        return
      }
      let sent = 0
      answer.on('data', (chunk: Buffer) => {
        if (sent >= cut.bytes) return
        const part = chunk.subarray(0, cut.bytes - sent)
        sent += part.length
        // Closed once those bytes are on the wire: the client has the answer's start, then loses the rest.
        outgoing.write(part, () => {
          if (sent >= cut.bytes) outgoing.socket?.destroy()
        })
      })
      answer.on('end', () => outgoing.end())
    })
    upstream.on('error', () => outgoing.socket?.destroy())
    incoming.pipe(upstream)
  }
}
