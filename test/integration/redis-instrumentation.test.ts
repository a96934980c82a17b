/**
 * The Redis helper against a REAL redis-server (test/support/redis-server.ts) with `ioredis`.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../instrument/support';
import { startRedis, type RedisServer } from '../support/redis-server';

let server: RedisServer;
let redis: Redis;
let h: Harness;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { db: 3, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});
beforeEach(() => {
  h = createHarness({}, false);
});
afterEach(() => h.teardown());

const where = () => ({ db: 3, host: server.host, port: server.port });

describe('ioredis against a real redis-server', () => {
  it('SET then GET: sanitized keys, values never recorded', async () => {
    await h.inst.instrumentRedisCommand({ command: 'set', key: 'user:1001:session', args: ['tok-secret-value', 'EX', 60], ...where() }, () =>
      redis.set('user:1001:session', 'tok-secret-value', 'EX', 60),
    );
    const value = await h.inst.instrumentRedisCommand({ command: 'get', key: 'user:1001:session', ...where() }, () => redis.get('user:1001:session'));
    expect(value).toBe('tok-secret-value');
    const [set, get] = h.spans();
    expect(set!.name).toBe('SET');
    expect(set!.kind).toBe(SpanKind.CLIENT);
    expect(set!.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'SET',
      'db.namespace': '3',
      'db.query.text': 'SET user:?:session ? ? ?',
      'server.address': '127.0.0.1',
      'server.port': server.port,
    });
    expect(get!.attributes['db.query.text']).toBe('GET user:?:session');
    expect(JSON.stringify(h.spans().map((s) => s.attributes))).not.toContain('tok-secret');
  });

  it('a pipeline: one span, batch size, one line per command', async () => {
    const commands = [
      { command: 'incr', key: 'counter:42' },
      { command: 'expire', key: 'counter:42', args: [30] },
      { command: 'get', key: 'counter:42' },
    ];
    const results = await h.inst.instrumentRedisCommand({ command: 'PIPELINE', commands, ...where() }, () =>
      redis.pipeline().incr('counter:42').expire('counter:42', 30).get('counter:42').exec(),
    );
    expect(results?.map(([err]) => err)).toEqual([null, null, null]);
    const [span] = h.spans();
    expect(span!.name).toBe('PIPELINE');
    expect(span!.attributes['db.operation.batch.size']).toBe(3);
    expect(span!.attributes['db.query.text']).toBe('INCR counter:?\nEXPIRE counter:? ?\nGET counter:?');
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a WRONGTYPE error reply: db.response.status_code, ERROR, the ReplyError rethrown', async () => {
    await redis.set('profile:7', 'plain string');
    const error = await h.inst
      .instrumentRedisCommand({ command: 'lpush', key: 'profile:7', args: ['x'], ...where() }, () => redis.lpush('profile:7', 'x'))
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^WRONGTYPE/);
    const [span] = h.spans();
    expect(span!.name).toBe('LPUSH');
    expect(span!.attributes['db.response.status_code']).toBe('WRONGTYPE');
    expect(span!.attributes['error.type']).toBe('WRONGTYPE');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a WRONGTYPE inside a pipeline marks the pipeline span ERROR', async () => {
    await redis.set('list:9', 'not a list');
    const results = await h.inst.instrumentRedisCommand(
      { command: 'PIPELINE', commands: [{ command: 'get', key: 'list:9' }, { command: 'lpop', key: 'list:9' }], ...where() },
      () => redis.pipeline().get('list:9').lpop('list:9').exec(),
    );
    expect(results![1]![0]).toBeInstanceOf(Error);
    const [span] = h.spans();
    expect(span!.attributes['db.response.status_code']).toBe('WRONGTYPE');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});
