/**
 * Property: a password or other secret given to instrumentRedisCommand as a key of a command that
 * takes none (AUTH, HELLO, MIGRATE, CONFIG, ACL, EVAL…), as an argument, or inside the command
 * string never reaches the span, single or in a pipeline, with key sanitizing on or off. Arguments
 * are never read (counted through a Proxy): the work does not depend on their size.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRedisCommand } from '../../src/sanitize/redis';
import { secretArb } from './arbitraries';
import { createHelpers, leaks, runs } from './harness';

const sanitized = createHelpers({ sanitizeKeys: true });
const raw = createHelpers({ sanitizeKeys: false });
afterAll(async () => {
  await sanitized.shutdown();
  await raw.shutdown();
});

interface Command {
  command: string;
  key?: string;
  args?: unknown[];
}

const caseArb = (word: string) => fc.constantFrom(word, word.toLowerCase(), word[0] + word.slice(1).toLowerCase());

/** Commands that carry the secret somewhere the helper must never record. */
const commandArb = (secret: string): fc.Arbitrary<Command> =>
  fc.oneof(
    caseArb('AUTH').map((c) => ({ command: c, key: secret })),
    caseArb('AUTH').map((c) => ({ command: c, key: 'alice', args: [secret] })),
    caseArb('AUTH').map((c) => ({ command: `${c} ${secret}` })),
    caseArb('AUTH').map((c) => ({ command: `${c} alice ${secret}` })),
    caseArb('HELLO').map((c) => ({ command: c, key: '3', args: ['AUTH', 'alice', secret, 'SETNAME', 'x'] })),
    caseArb('HELLO').map((c) => ({ command: `${c} 3 AUTH alice ${secret}` })),
    caseArb('HELLO').map((c) => ({ command: c, key: secret })),
    caseArb('MIGRATE').map((c) => ({ command: c, key: '10.0.0.1', args: ['6379', '', 0, 5000, 'AUTH', secret, 'KEYS', 'a'] })),
    caseArb('MIGRATE').map((c) => ({ command: c, key: '10.0.0.1', args: ['6379', 'k', 0, 5000, 'AUTH2', 'alice', secret] })),
    caseArb('MIGRATE').map((c) => ({ command: `${c} h 6379 k 0 5000 AUTH ${secret}` })),
    caseArb('CONFIG').map((c) => ({ command: c, key: 'SET', args: ['requirepass', secret] })),
    caseArb('CONFIG').map((c) => ({ command: `${c} SET`, key: 'requirepass', args: [secret] })),
    caseArb('CONFIG').map((c) => ({ command: `${c} SET masterauth ${secret}` })),
    caseArb('ACL').map((c) => ({ command: c, key: 'SETUSER', args: ['alice', 'on', `>${secret}`] })),
    caseArb('ACL').map((c) => ({ command: `${c} SETUSER alice on >${secret}` })),
    caseArb('ACL').map((c) => ({ command: `${c} SETUSER`, key: 'alice', args: [`#${secret}`] })),
    caseArb('EVAL').map((c) => ({ command: c, key: `return '${secret}'`, args: [0] })),
    caseArb('SENTINEL').map((c) => ({ command: c, key: 'SET', args: ['mymaster', 'auth-pass', secret] })),
    caseArb('CLIENT').map((c) => ({ command: `${c} SETNAME`, key: secret })),
    // ordinary commands: the secret is a value, never a key
    fc.constantFrom('SET', 'HSET', 'LPUSH', 'PUBLISH', 'SETEX').map((c) => ({ command: c, key: 'user:1', args: [secret, 'EX', 60] })),
    // the secret as the command itself (a caller passing the wrong field)
    fc.constant({ command: `${secret}!`, key: secret }),
    fc.constant({ command: `'${secret}'` }),
  );

function check(helpers: ReturnType<typeof createHelpers>, command: Command | { command: string; commands: Command[] }, secret: string): void {
  helpers.reset();
  expect(() => helpers.instrumentRedisCommand(command, () => 'OK')).not.toThrow();
  const spans = helpers.spans();
  expect(spans).toHaveLength(1);
  expect(leaks(spans, [secret])).toEqual([]);
}

describe('Redis commands under fuzzing', () => {
  it('no secret reaches the span, single or pipelined, key sanitizing on or off', () => {
    fc.assert(
      fc.property(
        secretArb.chain((secret) => fc.record({ secret: fc.constant(secret), commands: fc.array(commandArb(secret), { minLength: 1, maxLength: 4 }), pipeline: fc.boolean() })),
        ({ secret, commands, pipeline }) => {
          for (const helpers of [sanitized, raw]) {
            if (pipeline) check(helpers, { command: 'MULTI', commands }, secret);
            else for (const command of commands) check(helpers, command, secret);
          }
        },
      ),
      { numRuns: runs(500) },
    );
  });

  it('never reads an argument (work independent of the arguments)', () => {
    fc.assert(
      fc.property(secretArb.chain(commandArb), fc.integer({ min: 0, max: 10_000 }), (command, extra) => {
        let reads = 0;
        const args = new Proxy([...(command.args ?? []), ...new Array(extra).fill('x')], {
          get(target, key, receiver) {
            if (key !== 'length' && typeof key === 'string' && /^\d+$/.test(key)) reads++;
            return Reflect.get(target, key, receiver);
          },
        });
        const text = formatRedisCommand({ ...command, args }, true);
        expect(reads).toBe(0);
        expect(text.split(' ').length).toBeLessThanOrEqual(2 + 64 + 1 + (command.command.split(' ').length + 1));
      }),
      { numRuns: runs(300) },
    );
  });
});
