/**
 * Secrets never reach a span, through the real helpers: SQL literals never name a span, URLs keep
 * no credentials even when fetch rejects them (the error message quotes the URL), Redis passwords
 * are never recorded.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHelpers, leaks } from '../fuzz/harness';

const SECRET = 'hunter2';
const h = createHelpers({ capturedRequestHeaders: ['x-api-key', 'x-request-id'], capturedResponseHeaders: ['location', 'set-cookie'] });
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    res.writeHead(302, { location: `http://u:${SECRET}@127.0.0.1/cb#access_token=${SECRET}`, 'set-cookie': `sid=${SECRET}` });
    res.end(req.url);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await h.shutdown();
});
afterEach(() => h.reset());

describe('instrumentDatabaseQuery', () => {
  it.each([
    ['postgresql', "SELECT 'x from hunter2' AS a", 'SELECT', 'SELECT ? AS a'],
    ['postgresql', "INSERT INTO users (path, pw) VALUES ('C:\\', 'hunter2')", 'INSERT users', 'INSERT INTO users (path, pw) VALUES (?, ?)'],
    ['postgresql', 'SELECT $tag_ü$hunter2$tag_ü$ FROM t', 'SELECT t', 'SELECT ? FROM t'],
    ['postgresql', "SELECT /* a /* b */ 'hunter2' */ 1 FROM t", 'SELECT t', 'SELECT ? FROM t'],
    ['mysql', 'SELECT a FROM t WHERE pw = "hunter2" # hunter2', 'SELECT t', 'SELECT a FROM t WHERE pw = ?'],
    ['mariadb', "UPDATE t SET pw = 'it\\'s hunter2'", 'UPDATE t', 'UPDATE t SET pw = ?'],
    ['sqlite', "DELETE FROM t WHERE a = 'C:\\' OR b = 'hunter2'", 'DELETE t', 'DELETE FROM t WHERE a = ?'],
  ])('%s: %s', (dbType, query, name, text) => {
    h.instrumentDatabaseQuery({ dbType, query }, () => undefined);
    const [span] = h.spans();
    expect(span!.name).toBe(name);
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes['db.query.text']).toBe(text);
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });
});

describe('HTTP client', () => {
  it('url.full and the response headers keep no secret on a real round trip', async () => {
    const response = await h.traceFetch(`http://${base}/a;jsessionid=${SECRET}/b?token=${SECRET}&q=1#access_token=${SECRET}`, {
      headers: { 'x-api-key': SECRET, 'x-request-id': 'r1' },
      redirect: 'manual',
    });
    expect(response.status).toBe(302);
    await response.text();
    const [span] = h.spans();
    expect(span!.attributes['url.full']).toBe(`http://${base}/a;jsessionid=REDACTED/b?token=REDACTED&q=1#access_token=REDACTED`);
    expect(span!.attributes['http.request.header.x-request-id']).toEqual(['r1']);
    expect(span!.attributes['http.response.header.location']).toEqual(['http://REDACTED:REDACTED@127.0.0.1/cb#access_token=REDACTED']);
    expect(span!.attributes).not.toHaveProperty('http.request.header.x-api-key');
    expect(span!.attributes).not.toHaveProperty('http.response.header.set-cookie');
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });

  it.each([
    [`http://alice:${SECRET}@{base}/`, `http://REDACTED:REDACTED@{base}/`],
    [`http://alice:${SECRET}@127.0.0.1:99999/x`, 'http://REDACTED:REDACTED@127.0.0.1:99999/x'],
    [`http://alice:${SECRET} x@127.0.0.1/`, 'http://REDACTED:REDACTED@127.0.0.1/'],
  ])('fetch rejects %s: url.full, exception and status message are redacted', async (template, fullTemplate) => {
    const [url, full] = [template, fullTemplate].map((s) => s.replace('{base}', base)) as [string, string];
    await expect(h.traceFetch(url)).rejects.toThrow(TypeError);
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['url.full']).toBe(full);
    const exception = span!.events.find((e) => e.name === 'exception');
    expect(exception?.attributes?.['exception.type']).toBe('TypeError');
    expect(String(exception?.attributes?.['exception.message'])).toContain('REDACTED');
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });

  it('an error message of the wrapped call is redacted too, and the caller still gets the original error', () => {
    const error = new Error(`GET //alice:${SECRET}@host/x?password=${SECRET} failed`);
    expect(() => h.instrumentHttpRequest({ url: `//alice:${SECRET}@host/x` }, () => { throw error; })).toThrow(error);
    expect(error.message).toContain(SECRET);
    expect(h.spans()[0]!.status.message).toBe('GET //REDACTED:REDACTED@host/x?password=REDACTED failed');
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });
});

describe('instrumentRedisCommand', () => {
  it.each([
    [{ command: 'AUTH', key: SECRET }, 'AUTH', 'AUTH ?'],
    [{ command: 'AUTH', key: 'alice', args: [SECRET] }, 'AUTH', 'AUTH ? ?'],
    [{ command: `auth ${SECRET}` }, 'AUTH', 'AUTH ?'],
    [{ command: 'HELLO', key: '3', args: ['AUTH', 'alice', SECRET] }, 'HELLO', 'HELLO ? ? ? ?'],
    [{ command: 'MIGRATE', key: 'h', args: ['6379', '', 0, 5000, 'AUTH2', 'alice', SECRET] }, 'MIGRATE', 'MIGRATE ? ? ? ? ? ? ? ?'],
    [{ command: 'CONFIG', key: 'SET', args: ['requirepass', SECRET] }, 'CONFIG', 'CONFIG ? ? ?'],
    [{ command: `CONFIG SET requirepass ${SECRET}` }, 'CONFIG SET', 'CONFIG SET ? ?'],
    [{ command: 'ACL', key: 'SETUSER', args: ['alice', `>${SECRET}`] }, 'ACL', 'ACL ? ? ?'],
  ])('%o', (command, name, text) => {
    h.instrumentRedisCommand(command, () => 'OK');
    const [span] = h.spans();
    expect(span!.name).toBe(name);
    expect(span!.attributes['db.operation.name']).toBe(name);
    expect(span!.attributes['db.query.text']).toBe(text);
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });

  it('a pipeline error message is redacted', () => {
    h.instrumentRedisCommand({ command: 'PIPELINE', commands: [{ command: 'AUTH', key: SECRET }] }, () => [[new Error(`ERR bad password=${SECRET}`), null]]);
    expect(h.spans()[0]!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'ERR bad password=REDACTED' });
    expect(leaks(h.spans(), [SECRET])).toEqual([]);
  });
});
