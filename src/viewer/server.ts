import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TracingConfigError } from '../errors';
import { findAssetsDir, pageHtml, readAsset } from './assets';
import { hostHeaderAllowed, isLoopbackHost, requestToken, TOKEN_COOKIE, tokenEquals } from './auth';
import { parseTraceQuery, QueryError } from './query';
import type { TraceSource } from './types';

export const DEFAULT_VIEWER_PORT = 16686;
export const DEFAULT_VIEWER_HOST = '127.0.0.1';

export interface ViewerServerOptions {
  /** Port to listen on; 0 picks a free one. @default 16686 */
  port?: number;
  /** Address to bind. Anything but loopback exposes your traces to the network and prints a warning. @default '127.0.0.1' */
  host?: string;
  /** When set, every request needs it: `?token=` once (kept in a cookie) or `Authorization: Bearer`. @default undefined */
  token?: string;
  /** Where the warning about a non-loopback host goes. @default console.warn */
  warn?: (message: string) => void;
  /** Page title. @default 'tracewright traces' */
  title?: string;
}

export interface ViewerServer {
  /** `http://host:port/`, the address to open. */
  readonly url: string;
  readonly port: number;
  readonly host: string;
  /** Stops listening and closes the source. */
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

/** Serves the page and the JSON API over a `TraceSource`. */
export async function startViewerServer(source: TraceSource, options: ViewerServerOptions = {}): Promise<ViewerServer> {
  const port = options.port ?? DEFAULT_VIEWER_PORT;
  const host = options.host ?? DEFAULT_VIEWER_HOST;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TracingConfigError('viewer.port', port, 'an integer from 0 to 65535');
  if (typeof host !== 'string' || host.trim() === '') throw new TracingConfigError('viewer.host', host, 'a host name or IP address');
  if (options.token !== undefined && (typeof options.token !== 'string' || options.token.length < 8)) {
    throw new TracingConfigError('viewer.token', options.token === undefined ? undefined : '(hidden)', 'a string of at least 8 characters');
  }
  const loopback = isLoopbackHost(host);
  if (!loopback) {
    (options.warn ?? console.warn)(
      `tracewright viewer: listening on ${host}, reachable from other machines: span data (URLs, SQL, user ids) is visible to anyone who can reach it${options.token ? '' : '; set a token'}.`,
    );
  }
  const assets = findAssetsDir();
  const title = options.title ?? 'tracewright traces';
  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => send(res, 500, { error: error.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostHeaderAllowed(req, loopback)) return send(res, 421, { error: 'Host header is not a loopback name' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, { error: 'GET only' });
    const url = new URL(req.url ?? '/', 'http://viewer.invalid');
    if (options.token !== undefined) {
      const fromQuery = url.searchParams.get('token');
      if (fromQuery !== null && tokenEquals(fromQuery, options.token)) {
        // Keep the token out of the address bar and history: a cookie, then the same page without it.
        url.searchParams.delete('token');
        res.writeHead(303, { ...SECURITY_HEADERS, location: url.pathname + url.search, 'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/` });
        return void res.end();
      }
      const given = requestToken(req);
      if (given === undefined || !tokenEquals(given, options.token)) {
        return send(res, 401, { error: 'This viewer needs its token: open it with ?token=… or send Authorization: Bearer …' });
      }
    }
    const path = url.pathname;
    if (path === '/' || path === '/index.html') {
      return raw(res, 200, Buffer.from(pageHtml(title)), 'text/html; charset=utf-8');
    }
    if (path.startsWith('/assets/')) {
      const asset = await readAsset(assets, path.slice('/assets/'.length));
      if (!asset) return send(res, 404, { error: assets ? 'no such asset' : 'the page assets are missing: run the build (npm run build)' });
      return raw(res, 200, asset.body, asset.type);
    }
    try {
      if (path === '/api/traces') return send(res, 200, await source.listTraces(parseTraceQuery(url.searchParams)));
      if (path.startsWith('/api/traces/')) {
        const id = path.slice('/api/traces/'.length);
        if (!/^[0-9a-fA-F]{1,64}$/.test(id)) return send(res, 400, { error: 'a trace id is hex' });
        const trace = await source.getTrace(id);
        return trace ? send(res, 200, trace) : send(res, 404, { error: `no trace ${id}` });
      }
      if (path === '/api/operations') return send(res, 200, { operations: await source.operations() });
      if (path === '/api/overview') return send(res, 200, await source.overview());
    } catch (error) {
      if (error instanceof QueryError) return send(res, 400, { error: error.message, parameter: error.parameter });
      throw error;
    }
    return send(res, 404, { error: `no route ${path}` });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/`,
    port: bound,
    host,
    close: () => closeAll(server, source),
  };
}

async function closeAll(server: Server, source: TraceSource): Promise<void> {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  await source.close();
}

function send(res: ServerResponse, status: number, body: unknown): void {
  raw(res, status, Buffer.from(JSON.stringify(body)), 'application/json; charset=utf-8');
}

function raw(res: ServerResponse, status: number, body: Buffer, type: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': body.length });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
