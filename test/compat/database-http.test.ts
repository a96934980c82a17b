/**
 * The database/HTTP document's helpers against a REAL PostgreSQL (test/support/postgres-server.ts)
 * with the real `pg` driver, and a real HTTP server on 127.0.0.1.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  initializeTracing,
  shutdownTracing,
  traceApiClient,
  traceDatabaseQuery,
  traceDatabaseTransaction,
  traceFetch,
  traceOutgoingRequest,
  tracePrismaOperation,
  tracingExtension,
} from '../../src/index';
import { expectTrace, getFinishedSpans } from '../../src/testing';
import { echoListener, listen, type RunningServer } from '../instrument/support';
import { startPostgres, type PostgresServer } from '../support/postgres-server';

let pgServer: PostgresServer;
let client: pg.Client;
let http: RunningServer;

beforeAll(async () => {
  pgServer = await startPostgres();
  client = new pg.Client({ connectionString: pgServer.connectionString });
  await client.connect();
  await client.query('CREATE TABLE IF NOT EXISTS members (id serial PRIMARY KEY, email text UNIQUE NOT NULL)');
  http = await listen(echoListener);
});
afterAll(async () => {
  await client?.end();
  await pgServer?.stop();
  await http?.close();
});
beforeEach(async () => {
  await initializeTracing({ serviceName: 'compat-db', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
});
afterEach(async () => {
  await shutdownTracing();
});

describe('traceDatabaseQuery / traceDatabaseTransaction', () => {
  it('a transaction span with its sanitized query spans, and a failing query recorded once', async () => {
    await traceDatabaseTransaction('signup-42', async () => {
      await traceDatabaseQuery('INSERT', "INSERT INTO members (email) VALUES ('a@example.com')", () =>
        client.query("INSERT INTO members (email) VALUES ('a@example.com')"), { dbType: 'postgresql', database: pgServer.database });
      const rows = await traceDatabaseQuery('SELECT', 'SELECT id FROM members WHERE email = $1', () =>
        client.query('SELECT id FROM members WHERE email = $1', ['a@example.com']), { dbType: 'postgres' });
      expect(rows.rowCount).toBe(1);
      await traceDatabaseQuery('INSERT', "INSERT INTO members (email) VALUES ('a@example.com')", () =>
        client.query("INSERT INTO members (email) VALUES ('a@example.com')"), { system: 'pg' }).catch(() => undefined);
    }, { dbType: 'postgresql' });
    const spans = await getFinishedSpans();
    const root = expectTrace(spans, {
      name: 'transaction',
      kind: SpanKind.INTERNAL,
      attributes: { 'db.transaction.id': 'signup-42', 'db.system.name': 'postgresql' },
      spans: [
        { name: 'INSERT members', kind: SpanKind.CLIENT, attributes: { 'db.query.text': 'INSERT INTO members (email) VALUES (?)', 'db.namespace': pgServer.database } },
        { name: 'SELECT members', kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.response.returned_rows': 1 } },
        { name: 'INSERT members', status: SpanStatusCode.ERROR, attributes: { 'db.response.status_code': '23505', 'error.type': '23505' } },
      ],
    });
    expect(root.status.code).toBe(SpanStatusCode.UNSET);
    const failed = spans.find((s) => s.attributes['db.response.status_code'] === '23505')!;
    expect(failed.events.filter((e) => e.name === 'exception')).toHaveLength(1);
  });

  it('defaults db.system.name to other_sql', async () => {
    await traceDatabaseQuery('SELECT', 'SELECT 1', () => client.query('SELECT 1'));
    const [span] = await getFinishedSpans();
    expect(span!.attributes['db.system.name']).toBe('other_sql');
    expect(span!.name).toBe('SELECT');
  });
});

describe('tracePrismaOperation / tracingExtension', () => {
  it('the extension hook, called with the shape Prisma documents, traces each query', async () => {
    // The Prisma client itself cannot run here (it downloads its query engine on install), so the
    // hook is called as Prisma calls `query.$allModels.$allOperations({ model, operation, args, query })`,
    // and the "query" runs a real statement against PostgreSQL.
    const extension = tracingExtension();
    expect(extension.name).toBe('tracewright');
    const result = await extension.query.$allModels.$allOperations({
      model: 'Member',
      operation: 'findMany',
      args: { where: { email: 'secret@example.com' } },
      query: async () => (await client.query('SELECT id, email FROM members')).rows,
    });
    expect(Array.isArray(result)).toBe(true);
    await tracePrismaOperation('Member', 'count', () => client.query('SELECT count(*) FROM members'), { where: {} });
    const spans = await getFinishedSpans();
    expect(spans.map((s) => [s.name, s.kind, s.attributes['db.operation.name'], s.attributes['db.collection.name']])).toEqual([
      ['findMany Member', SpanKind.CLIENT, 'findMany', 'Member'],
      ['count Member', SpanKind.CLIENT, 'count', 'Member'],
    ]);
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('secret@example.com');
  });
});

describe('traceFetch / traceOutgoingRequest / traceApiClient against a local server', () => {
  it('traceFetch: CLIENT span, status, trace context sent', async () => {
    const response = await traceFetch(`${http.url}/items?status=404&token=abc`, { headers: { accept: 'application/json' } });
    const echoed = (await response.json()) as { headers: Record<string, string> };
    const [span] = await getFinishedSpans();
    expect(span!.name).toBe('GET');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes['http.response.status_code']).toBe(404);
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['url.full']).not.toContain('abc');
    expect(echoed.headers.traceparent).toBe(`00-${span!.spanContext().traceId}-${span!.spanContext().spanId}-01`);
  });

  it('traceOutgoingRequest(method, url, fn) around node:http', async () => {
    const status = await traceOutgoingRequest('POST', `${http.url}/orders`, () =>
      new Promise<IncomingMessage>((resolve, reject) => {
        httpRequest(`${http.url}/orders`, { method: 'POST' }, (res) => {
          res.resume();
          resolve(res);
        }).on('error', reject).end();
      }),
    );
    expect(status.statusCode).toBe(200);
    const [span] = await getFinishedSpans();
    expect([span!.name, span!.kind, span!.attributes['http.request.method'], span!.attributes['http.response.status_code'], span!.attributes['server.port']]).toEqual([
      'POST', SpanKind.CLIENT, 'POST', 200, http.port,
    ]);
  });

  it('traceApiClient(service, operation, fn, options): CLIENT span with peer.service, headers injected, errors recorded', async () => {
    const headers: Record<string, string> = {};
    await traceApiClient('billing', 'invoices.list', () => fetch(`${http.url}/invoices`, { headers }), { url: `${http.url}/invoices?key=secret`, headers });
    await expect(traceApiClient('billing', 'invoices.void', () => Promise.reject(new Error('declined')))).rejects.toThrow('declined');
    const spans = await getFinishedSpans();
    expect(spans.map((s) => [s.name, s.kind, s.attributes['peer.service'], s.status.code])).toEqual([
      ['billing invoices.list', SpanKind.CLIENT, 'billing', SpanStatusCode.UNSET],
      ['billing invoices.void', SpanKind.CLIENT, 'billing', SpanStatusCode.ERROR],
    ]);
    expect(spans[0]!.attributes['server.address']).toBe('127.0.0.1');
    expect(spans[0]!.attributes['url.full']).not.toContain('secret');
    expect(headers.traceparent).toContain(spans[0]!.spanContext().spanId);
  });
});
