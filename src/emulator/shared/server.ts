import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {setTimeout as sleep} from 'node:timers/promises'

import type {BatchProvider} from '../../providers/names.js'
import type {Engine, HandlerContext, Route, VendorModule} from './engine.js'
import type {HttpFault} from './faults.js'
import {EmulatorHttpError, keyProblem, type Reply} from './http.js'

/** A running vendor listener. */
export interface VendorServer {
  /** e.g. `http://127.0.0.1:4010`. */
  origin: string
  close(): Promise<void>
}

/** Starts one vendor's listener on 127.0.0.1 (`port` 0 picks a free one). */
export async function startVendorServer(engine: Engine, module: VendorModule<unknown, BatchProvider>, port: number): Promise<VendorServer> {
  engine.register(module)
  const routes = module.routes.map(compileRoute)
  let origin = ''
  const server = createServer((request, response) => {
    // A client that hangs up mid-request must not take the emulator down with it.
    serve(engine, module, routes, origin, request, response).catch(() => response.destroy())
  })
  await listen(server, port)
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    origin,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

interface CompiledRoute {
  route: Route<BatchProvider>
  pattern: RegExp
}

function compileRoute(route: Route<BatchProvider>): CompiledRoute {
  if (route.path instanceof RegExp) return {route, pattern: route.path}
  const source = route.path
    .split(/(\{\w+\})/)
    .map((piece) => (/^\{\w+\}$/.test(piece) ? `(?<${piece.slice(1, -1)}>[^/]+)` : piece.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('')
  return {route, pattern: new RegExp(`^${source}$`)}
}

async function serve(
  engine: Engine,
  module: VendorModule<unknown, BatchProvider>,
  routes: CompiledRoute[],
  origin: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request)
  const url = new URL(request.url ?? '/', origin)
  const method = (request.method ?? 'GET').toUpperCase()
  const found = findRoute(routes, method, url.pathname)
  const operation = found?.route.operation ?? 'unknown'
  const call = {provider: module.provider, operation, method, path: url.pathname + url.search}
  let reply: Reply
  try {
    const delay = engine.faults.takeDelay(call)
    if (delay > 0) await sleep(delay)
    if (found === undefined) throw new EmulatorHttpError(404, 'not_found', `Unknown request URL: ${method} ${url.pathname}.`)
    if (found.route.public !== true) {
      const problem = keyProblem(module.credential(request.headers))
      if (problem !== undefined) throw module.authError(problem)
    }
    const fault = engine.faults.takeHttpFault(call)
    if (fault !== undefined) throw faultError(fault)
    const context: HandlerContext<BatchProvider> = {
      engine,
      provider: module.provider,
      method,
      path: url.pathname,
      query: url.searchParams,
      params: found.params,
      headers: request.headers,
      body,
      origin,
    }
    reply = await found.route.handle(context)
  } catch (error) {
    reply = renderFailure(module, error)
  }
  send(response, reply)
  engine.requests.push({provider: module.provider, method, path: call.path, operation, status: reply.status, at: engine.now()})
}

function findRoute(routes: CompiledRoute[], method: string, path: string): {route: Route<BatchProvider>; params: Record<string, string>} | undefined {
  for (const {route, pattern} of routes) {
    if (route.method.toUpperCase() !== method) continue
    const match = pattern.exec(path)
    if (match === null) continue
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([name, value]) => [name, decodeURIComponent(value)]))
    return {route, params}
  }
  return undefined
}

function faultError(fault: HttpFault): EmulatorHttpError {
  const headers: Record<string, string> = {'retry-after': String(fault.retryAfter ?? 1)}
  if (fault.shouldRetry !== undefined) headers['x-should-retry'] = String(fault.shouldRetry)
  const code = fault.status === 429 ? 'rate_limit_exceeded' : 'server_error'
  const message = fault.message ?? (fault.status === 429 ? 'Rate limit reached; retry later.' : 'The server had an error; retry later.')
  return new EmulatorHttpError(fault.status, code, message, null, headers)
}

function renderFailure(module: VendorModule<unknown, BatchProvider>, error: unknown): Reply {
  const known = error instanceof EmulatorHttpError ? error : new EmulatorHttpError(500, 'server_error', `Emulator failure: ${String(error)}`)
  const reply = module.renderError(known)
  return {...reply, headers: {...reply.headers, ...known.headers}}
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

function send(response: ServerResponse, reply: Reply): void {
  const payload =
    reply.body === undefined ? '' : typeof reply.body === 'string' || Buffer.isBuffer(reply.body) ? reply.body : JSON.stringify(reply.body)
  response.writeHead(reply.status, {...reply.headers, 'content-length': String(Buffer.byteLength(payload))})
  response.end(payload)
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
}
