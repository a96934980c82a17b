/**
 * A fake Discord REST API (v10) on loopback, for the real `@discordjs/rest` client:
 * `new REST({ api: fake.api, version: '10' })`. Implements the few routes the tests use and can be
 * told to answer the next request(s) on a path with a 429 (retry_after + rate-limit headers) or
 * with a server error.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedDiscordRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

export interface FakeDiscordApi {
  /** Base for `new REST({ api })`: `http://127.0.0.1:<port>/api`. */
  api: string;
  port: number;
  requests: RecordedDiscordRequest[];
  /** The next `times` requests to `path` get a 429 with `retry_after` seconds and bucket `bucket`. */
  rateLimitNext(path: string, options?: { retryAfter?: number; bucket?: string; times?: number; global?: boolean }): void;
  /** The next `times` requests to `path` get `status` (default 500). */
  failNext(path: string, options?: { status?: number; times?: number }): void;
  close(): Promise<void>;
}

type Script = { kind: 'ratelimit'; retryAfter: number; bucket: string; global: boolean } | { kind: 'fail'; status: number };

let nextId = 1_100_000_000_000_000_000n;
const snowflake = () => String(nextId++);

export async function startFakeDiscordApi(): Promise<FakeDiscordApi> {
  const requests: RecordedDiscordRequest[] = [];
  const scripts = new Map<string, Script[]>();

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname.replace(/^\/api\/v10/, '');
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // keep raw text
      }
      requests.push({ method: req.method ?? 'GET', path, headers: req.headers, body });
      const script = scripts.get(path)?.shift();
      if (script) return answerScript(res, script);
      route(req.method ?? 'GET', path, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const push = (path: string, script: Script, times: number) => {
    const list = scripts.get(path) ?? [];
    for (let i = 0; i < times; i++) list.push(script);
    scripts.set(path, list);
  };

  return {
    api: `http://127.0.0.1:${port}/api`,
    port,
    requests,
    rateLimitNext(path, options = {}) {
      push(path, { kind: 'ratelimit', retryAfter: options.retryAfter ?? 0.05, bucket: options.bucket ?? 'b0c1d2e3f4', global: options.global ?? false }, options.times ?? 1);
    },
    failNext(path, options = {}) {
      push(path, { kind: 'fail', status: options.status ?? 500 }, options.times ?? 1);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function answerScript(res: ServerResponse, script: Script): void {
  if (script.kind === 'fail') {
    json(res, script.status, { message: 'Internal Server Error', code: 0 });
    return;
  }
  const headers: Record<string, string> = {
    'retry-after': String(script.retryAfter),
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset-after': String(script.retryAfter),
    'x-ratelimit-bucket': script.bucket,
    'x-ratelimit-scope': script.global ? 'global' : 'user',
  };
  if (script.global) headers['x-ratelimit-global'] = 'true';
  json(res, 429, { message: 'You are being rate limited.', retry_after: script.retryAfter, global: script.global }, headers);
}

const RATE_HEADERS = { 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '4', 'x-ratelimit-reset-after': '1', 'x-ratelimit-bucket': 'b0c1d2e3f4' };

function route(method: string, path: string, body: unknown, res: ServerResponse): void {
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = /^\/channels\/(\d+)\/messages$/.exec(path))) {
    const content = (body as { content?: unknown } | undefined)?.content;
    json(res, 200, { id: snowflake(), channel_id: m[1], content, type: 0, author: { id: '1000000000000000001', username: 'bot', bot: true } }, RATE_HEADERS);
    return;
  }
  if (method === 'GET' && (m = /^\/channels\/(\d+)$/.exec(path))) {
    json(res, 200, { id: m[1], type: 0, guild_id: '2000000000000000002', name: 'general' }, RATE_HEADERS);
    return;
  }
  if (method === 'GET' && path === '/gateway') {
    json(res, 200, { url: 'wss://gateway.invalid' });
    return;
  }
  json(res, 404, { message: 'Unknown route', code: 0 });
}
