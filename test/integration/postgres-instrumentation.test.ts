/**
 * The database helpers against a REAL PostgreSQL (started by test/support/postgres-server.ts),
 * queried with the real `pg` driver.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expectTrace } from '../../src/testing/expect-trace';
import { createHarness, type Harness } from '../instrument/support';
import { startPostgres, type PostgresServer } from '../support/postgres-server';

let server: PostgresServer;
let client: pg.Client;
let h: Harness;

beforeAll(async () => {
  server = await startPostgres();
  client = new pg.Client({ connectionString: server.connectionString });
  await client.connect();
  await client.query('CREATE TABLE accounts (id serial PRIMARY KEY, email text UNIQUE NOT NULL, balance integer NOT NULL DEFAULT 0)');
  await client.query("INSERT INTO accounts (email, balance) VALUES ('a@example.com', 100), ('b@example.com', 50)");
});
afterAll(async () => {
  await client?.end();
  await server?.stop();
});
beforeEach(() => {
  h = createHarness({}, false);
});
afterEach(() => h.teardown());

/** How an app wires pg to the helper. */
function query<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<pg.QueryResult<R>> {
  return h.inst.instrumentDatabaseQuery(
    { dbType: 'postgresql', database: server.database, query: text, host: server.host, port: server.port },
    () => client.query<R>(text, values),
  );
}

describe('pg against a real PostgreSQL', () => {
  it('SELECT: returned rows, sanitized text, stable attributes', async () => {
    const result = await query("SELECT id, email FROM accounts WHERE balance > 10 AND email <> 'nobody@example.com' ORDER BY id");
    expect(result.rows).toHaveLength(2);
    const [span] = h.spans();
    expect(span!.name).toBe('SELECT accounts');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.namespace': 'tracewright_test',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'accounts',
      'db.query.text': 'SELECT id, email FROM accounts WHERE balance > ? AND email <> ? ORDER BY id',
      'server.address': '127.0.0.1',
      'server.port': server.port,
      'db.response.returned_rows': 2,
    });
  });

  it('INSERT with bind parameters: placeholders kept, values never recorded', async () => {
    const result = await query<{ id: number }>('INSERT INTO accounts (email, balance) VALUES ($1, $2) RETURNING id', ['c@example.com', 7]);
    expect(result.rows[0]!.id).toBeGreaterThan(2);
    const [span] = h.spans();
    expect(span!.name).toBe('INSERT accounts');
    expect(span!.attributes['db.query.text']).toBe('INSERT INTO accounts (email, balance) VALUES ($1, $2) RETURNING id');
    expect(JSON.stringify(span!.attributes)).not.toContain('c@example.com');
  });

  it('a transaction groups BEGIN, the queries and COMMIT under one span', async () => {
    await h.inst.instrumentDatabaseTransaction('transfer', async () => {
      await query('BEGIN');
      await query('UPDATE accounts SET balance = balance - 25 WHERE id = 1');
      await query('UPDATE accounts SET balance = balance + 25 WHERE id = 2');
      await query('COMMIT');
    });
    const balances = await client.query('SELECT balance FROM accounts WHERE id IN (1, 2) ORDER BY id');
    expect(balances.rows.map((r) => r.balance)).toEqual([75, 75]);
    expectTrace(h.spans(), {
      name: 'transfer',
      kind: SpanKind.INTERNAL,
      exactChildren: true,
      spans: [
        { name: 'BEGIN' },
        { name: 'UPDATE accounts', attributes: { 'db.query.text': 'UPDATE accounts SET balance = balance - ? WHERE id = ?' } },
        { name: 'UPDATE accounts', attributes: { 'db.query.text': 'UPDATE accounts SET balance = balance + ? WHERE id = ?' } },
        { name: 'COMMIT' },
      ],
    });
  });

  it('a syntax error: SQLSTATE 42601, ERROR, the driver error rethrown', async () => {
    const error = await query('SELEC * FROM accounts WHERE id = 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(pg.DatabaseError);
    const [span] = h.spans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.attributes['db.response.status_code']).toBe('42601');
    expect(span!.attributes['error.type']).toBe('42601');
    expect(span!.attributes['db.query.text']).toBe('SELEC * FROM accounts WHERE id = ?');
    expect(span!.events[0]!.name).toBe('exception');
  });

  it('a constraint violation in a rolled-back transaction: 23505 on the query, ERROR on the transaction', async () => {
    const error = await h.inst
      .instrumentDatabaseTransaction('signup', async () => {
        await query('BEGIN');
        try {
          await query("INSERT INTO accounts (email) VALUES ('a@example.com')");
        } catch (e) {
          await query('ROLLBACK');
          throw e;
        }
      })
      .catch((e: unknown) => e);
    expect((error as pg.DatabaseError).code).toBe('23505');
    expectTrace(h.spans(), {
      name: 'signup',
      status: SpanStatusCode.ERROR,
      spans: [
        { name: 'BEGIN' },
        {
          name: 'INSERT accounts',
          status: SpanStatusCode.ERROR,
          attributes: { 'db.response.status_code': '23505', 'db.query.text': 'INSERT INTO accounts (email) VALUES (?)' },
        },
        { name: 'ROLLBACK' },
      ],
    });
  });
});
