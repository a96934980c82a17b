import { describe, expect, it } from 'vitest';
import { formatRedisCommand, redisErrorPrefix, sanitizeRedisKey } from '../../src/sanitize/redis';

describe('sanitizeRedisKey', () => {
  it.each([
    ['user:123', 'user:?'],
    ['user:123:profile', 'user:?:profile'],
    ['session:3f2b8c1e-9a7d-4e21-b3c4-5d6e7f8a9b0c', 'session:?'],
    ['cache/alice@example.com/feed', 'cache/?/feed'],
    ['blob:a1b2c3d4e5f6', 'blob:?'],
    ['token:abcdefghijKLMNOP1234567890', 'token:?'],
    ['{user:42}:cart', '{user:?}:cart'],
    ['config:feature-flags', 'config:feature-flags'],
    ['plainkey', 'plainkey'],
  ])('%s → %s', (key, expected) => {
    expect(sanitizeRedisKey(key)).toBe(expected);
  });

  it('uses custom patterns instead of the defaults', () => {
    expect(sanitizeRedisKey('tenant:acme:user:12', [/^acme$/])).toBe('tenant:?:user:12');
  });
});

describe('formatRedisCommand', () => {
  it('never records argument values', () => {
    expect(formatRedisCommand({ command: 'set', key: 'user:123', args: ['secret-value', 'EX', 60] }, true)).toBe('SET user:? ? ? ?');
    expect(formatRedisCommand({ command: 'GET', key: 'user:123' }, false)).toBe('GET user:123');
    expect(formatRedisCommand({ command: 'PING' }, true)).toBe('PING');
  });
});

describe('redisErrorPrefix', () => {
  it('reads the reply prefix', () => {
    expect(redisErrorPrefix(new Error('WRONGTYPE Operation against a key holding the wrong kind of value'))).toBe('WRONGTYPE');
    expect(redisErrorPrefix(new Error("ERR unknown command 'FOO'"))).toBe('ERR');
    expect(redisErrorPrefix(new Error('Connection is closed.'))).toBeUndefined();
    expect(redisErrorPrefix(undefined)).toBeUndefined();
  });
});
