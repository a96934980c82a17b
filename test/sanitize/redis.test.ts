import { describe, expect, it } from 'vitest';
import { formatRedisCommand, redisCommandName, redisErrorPrefix, sanitizeRedisKey } from '../../src/sanitize/redis';

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

describe('commands that carry passwords', () => {
  it.each([
    [{ command: 'AUTH', key: 'hunter2' }, 'AUTH ?'],
    [{ command: 'AUTH', key: 'alice', args: ['hunter2'] }, 'AUTH ? ?'],
    [{ command: 'auth hunter2' }, 'AUTH ?'],
    [{ command: 'HELLO', key: '3', args: ['AUTH', 'alice', 'hunter2'] }, 'HELLO ? ? ? ?'],
    [{ command: 'HELLO 3 AUTH alice hunter2' }, 'HELLO ? ? ? ?'],
    [{ command: 'MIGRATE', key: '10.0.0.1', args: ['6379', '', 0, 5000, 'AUTH', 'hunter2', 'KEYS', 'a'] }, 'MIGRATE ? ? ? ? ? ? ? ? ?'],
    [{ command: 'MIGRATE', key: 'h', args: ['AUTH2', 'alice', 'hunter2'] }, 'MIGRATE ? ? ? ?'],
    [{ command: 'CONFIG', key: 'SET', args: ['requirepass', 'hunter2'] }, 'CONFIG ? ? ?'],
    [{ command: 'CONFIG SET requirepass hunter2' }, 'CONFIG SET ? ?'],
    [{ command: 'CONFIG SET', key: 'requirepass', args: ['hunter2'] }, 'CONFIG SET ? ?'],
    [{ command: 'ACL', key: 'SETUSER', args: ['alice', '>hunter2'] }, 'ACL ? ? ?'],
    [{ command: 'ACL SETUSER alice on >hunter2' }, 'ACL SETUSER ? ? ?'],
    [{ command: 'EVAL', key: "return 'hunter2'", args: [0] }, 'EVAL ? ?'],
    [{ command: 'hunter2!' }, 'UNKNOWN'],
    [{ command: '$hunter2', key: 'k' }, 'UNKNOWN ?'],
  ])('%o → %s', (input, expected) => {
    // never recorded, also with key sanitizing off
    expect(formatRedisCommand(input, false)).toBe(expected);
  });

  it('names the operation after the command word and a container subcommand only', () => {
    expect(redisCommandName('client setname worker-1')).toBe('CLIENT SETNAME');
    expect(redisCommandName('get')).toBe('GET');
    expect(redisCommandName('AUTH hunter2')).toBe('AUTH');
    expect(redisCommandName('')).toBe('UNKNOWN');
  });

  it('bounds the number of argument markers', () => {
    expect(formatRedisCommand({ command: 'MSET', args: new Array(1000).fill('v') }, true)).toBe(`MSET ${new Array(64).fill('?').join(' ')} …(1000 args)`);
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
