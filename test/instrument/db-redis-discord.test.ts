import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { templateDiscordRoute } from '../../src/instrument/discord-route';
import { createHarness, type Harness } from './support';

let h: Harness;
beforeEach(() => {
  h = createHarness({}, false);
});
afterEach(() => h.teardown());

describe('instrumentDatabaseQuery', () => {
  it('follows the stable database conventions, with the text sanitized', async () => {
    await h.inst.instrumentDatabaseQuery(
      { dbType: 'postgres', database: 'shop', query: "SELECT * FROM orders WHERE id = 7 AND note = 'x'", host: 'db.local', port: 5432 },
      async () => ({ rows: [{}, {}, {}], rowCount: 3 }),
    );
    const [span] = h.spans();
    expect(span!.name).toBe('SELECT orders');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toEqual({
      'db.system.name': 'postgresql',
      'db.namespace': 'shop',
      'db.operation.name': 'SELECT',
      'db.collection.name': 'orders',
      'db.query.text': 'SELECT * FROM orders WHERE id = ? AND note = ?',
      'server.address': 'db.local',
      'server.port': 5432,
      'db.response.returned_rows': 3,
    });
  });

  it('explicit queryType and table win; the raw text is kept when sanitizeQueries is off', () => {
    const raw = createHarness({ sanitizeQueries: false }, false);
    raw.inst.instrumentDatabaseQuery({ dbType: 'mysql', queryType: 'select', table: 'users', query: 'SELECT 1' }, () => [1, 2]);
    const [span] = raw.spans();
    expect(span!.name).toBe('SELECT users');
    expect(span!.attributes['db.query.text']).toBe('SELECT 1');
    expect(span!.attributes['db.system.name']).toBe('mysql');
    expect(span!.attributes['db.response.returned_rows']).toBe(2);
    return raw.teardown();
  });

  it('an error: db.response.status_code and error.type from the driver code', () => {
    const error = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(() =>
      h.inst.instrumentDatabaseQuery({ dbType: 'pg', query: 'INSERT INTO t (a) VALUES (1)' }, () => {
        throw error;
      }),
    ).toThrow(error);
    const [span] = h.spans();
    expect(span!.attributes['db.response.status_code']).toBe('23505');
    expect(span!.attributes['error.type']).toBe('23505');
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'duplicate key' });
  });

  it('a transaction groups the queries inside it', async () => {
    await h.inst.instrumentDatabaseTransaction('transfer', async () => {
      await h.inst.instrumentDatabaseQuery({ dbType: 'pg', query: 'UPDATE a SET x = 1' }, async () => ({ rowCount: 1 }));
      await h.inst.instrumentDatabaseQuery({ dbType: 'pg', query: 'UPDATE b SET x = 2' }, async () => ({ rowCount: 1 }));
    });
    const tx = h.spans().find((s) => s.name === 'transfer')!;
    const children = h.spans().filter((s) => s.parentSpanContext?.spanId === tx.spanContext().spanId);
    expect(children.map((s) => s.name).sort()).toEqual(['UPDATE a', 'UPDATE b']);
    expect(tx.kind).toBe(SpanKind.INTERNAL);
    // rowCount alone (no rows array) is an affected count, not returned rows
    expect(children[0]!.attributes['db.response.returned_rows']).toBeUndefined();
  });
});

describe('instrumentRedisCommand', () => {
  it('SET user:? ? with db.namespace; values never recorded', async () => {
    await h.inst.instrumentRedisCommand({ command: 'set', db: 2, key: 'user:123', args: ['s3cr3t-value'], host: '127.0.0.1', port: 6379 }, async () => 'OK');
    const [span] = h.spans();
    expect(span!.name).toBe('SET');
    expect(span!.attributes).toEqual({
      'db.system.name': 'redis',
      'db.operation.name': 'SET',
      'db.namespace': '2',
      'db.query.text': 'SET user:? ?',
      'server.address': '127.0.0.1',
      'server.port': 6379,
    });
    expect(JSON.stringify(span!.attributes)).not.toContain('s3cr3t');
  });

  it('keys stay raw with sanitizeKeys off; custom patterns apply', () => {
    const raw = createHarness({ sanitizeKeys: false }, false);
    raw.inst.instrumentRedisCommand({ command: 'GET', key: 'user:123' }, () => null);
    expect(raw.spans()[0]!.attributes['db.query.text']).toBe('GET user:123');
    const custom = createHarness({ redisKeyPatterns: [/^acme$/] }, false);
    custom.inst.instrumentRedisCommand({ command: 'GET', key: 'tenant:acme:user:123' }, () => null);
    expect(custom.spans()[0]!.attributes['db.query.text']).toBe('GET tenant:?:user:123');
    return Promise.all([raw.teardown(), custom.teardown()]);
  });

  it('error replies set db.response.status_code from the prefix', async () => {
    const error = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    await expect(h.inst.instrumentRedisCommand({ command: 'lpush', key: 'k', args: [1] }, async () => Promise.reject(error))).rejects.toBe(error);
    const [span] = h.spans();
    expect(span!.attributes['db.response.status_code']).toBe('WRONGTYPE');
    expect(span!.attributes['error.type']).toBe('WRONGTYPE');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a pipeline: batch size, one line per command, a failed entry marks ERROR', async () => {
    const result = await h.inst.instrumentRedisCommand(
      { command: 'PIPELINE', commands: [{ command: 'set', key: 'a:1', args: ['v'] }, { command: 'incr', key: 'a:1' }] },
      async () => [[null, 'OK'], [new Error('ERR value is not an integer or out of range'), null]],
    );
    expect(result).toHaveLength(2);
    const [span] = h.spans();
    expect(span!.name).toBe('PIPELINE');
    expect(span!.attributes['db.operation.batch.size']).toBe(2);
    expect(span!.attributes['db.query.text']).toBe('SET a:? ?\nINCR a:?');
    expect(span!.attributes['db.response.status_code']).toBe('ERR');
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('Discord', () => {
  it.each([
    ['/channels/123456789012345678/messages', '/channels/{channel.id}/messages'],
    ['/api/v10/guilds/111111111111111111/members/222222222222222222', '/guilds/{guild.id}/members/{user.id}'],
    ['/webhooks/111111111111111111/secret-token/messages/@original', '/webhooks/{webhook.id}/{webhook.token}/messages/@original'],
    ['/channels/1/messages/bulk-delete', '/channels/{channel.id}/messages/bulk-delete'],
    ['/channels/1/messages/2/reactions/%F0%9F%91%8D/@me', '/channels/{channel.id}/messages/{message.id}/reactions/{emoji}/@me'],
    ['https://discord.com/api/v10/users/@me?with=1', '/users/@me'],
  ])('templates %s', (endpoint, template) => {
    expect(templateDiscordRoute(endpoint).template).toBe(template);
  });

  it('instrumentDiscordApi: a CLIENT span with the templated route and ids', async () => {
    await h.inst.instrumentDiscordApi({ method: 'POST', endpoint: '/channels/123456789012345678/messages', guildId: '999999999999999999' }, async () => ({ id: '1' }));
    const [span] = h.spans();
    expect(span!.name).toBe('POST /channels/{channel.id}/messages');
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'url.template': '/channels/{channel.id}/messages',
      'discord.channel.id': '123456789012345678',
      'discord.guild.id': '999999999999999999',
    });
  });

  it('a 429 Response becomes a rate-limit event; a RateLimitError too', async () => {
    const res = new Response('{"retry_after":1.5}', { status: 429, headers: { 'retry-after': '1.5', 'x-ratelimit-bucket': 'abc123', 'x-ratelimit-scope': 'user' } });
    await h.inst.instrumentDiscordApi({ method: 'GET', endpoint: '/gateway' }, async () => res);
    const rateLimited = Object.assign(new Error('rate limited'), { name: 'RateLimitError', retryAfter: 2000, hash: 'b1', global: false });
    await h.inst.instrumentDiscordApi({ method: 'GET', endpoint: '/gateway' }, async () => Promise.reject(rateLimited)).catch(() => undefined);
    const [first, second] = h.spans();
    expect(first!.events[0]!.name).toBe('discord.rate_limited');
    expect(first!.events[0]!.attributes).toMatchObject({ 'discord.rate_limit.retry_after': 1.5, 'discord.rate_limit.bucket': 'abc123', 'discord.rate_limit.scope': 'user' });
    expect(first!.status.code).toBe(SpanStatusCode.ERROR);
    expect(second!.events[0]!.attributes).toMatchObject({ 'discord.rate_limit.retry_after': 2, 'discord.rate_limit.bucket': 'b1' });
    expect(second!.attributes['error.type']).toBe('429');
  });

  it('wrapMessageHandler: one span per event, user id hashed, content never recorded', async () => {
    const seen: string[] = [];
    const handler = h.inst.wrapMessageHandler(async (message: { content: string }) => {
      seen.push(message.content);
      return 'done';
    });
    const message = { id: '5', content: 'my password is hunter2', guildId: '10', channelId: '20', author: { id: '123456789', bot: false } };
    await expect(handler(message)).resolves.toBe('done');
    expect(seen).toEqual(['my password is hunter2']);
    const [span] = h.spans();
    expect(span!.name).toBe('discord messageCreate');
    expect(span!.kind).toBe(SpanKind.CONSUMER);
    expect(span!.attributes).toMatchObject({ 'discord.guild.id': '10', 'discord.channel.id': '20', 'discord.message.id': '5', 'discord.user.bot': false });
    expect(span!.attributes['discord.user.id_hash']).toMatch(/^[0-9a-f]{16}$/);
    expect(JSON.stringify(span!.attributes)).not.toContain('hunter2');
    expect(JSON.stringify(span!.attributes)).not.toContain('123456789"');
  });
});
