import { describe, expect, it } from 'vitest';
import { isTracingConfigError } from '../../src/errors';
import type { TracingOptions } from '../../src/config/options';
import { resolve, runRow, type Row } from './helpers';

const MiB = 1024 * 1024;

describe('spool', () => {
  it.each<Row>([
    { name: 'off by default', expect: { spool: undefined } },
    { name: 'TRACEWRIGHT_SPOOL_DIR turns it on with the defaults', env: { TRACEWRIGHT_SPOOL_DIR: '/var/spool/tw' }, expect: { spool: { dir: '/var/spool/tw', maxBytes: 256 * MiB, fsync: 'interval', replaySpansPerSecond: 20_000 } } },
    { name: 'blank dir is unset', env: { TRACEWRIGHT_SPOOL_DIR: '  ' }, expect: { spool: undefined } },
    {
      name: 'every env variable',
      env: { TRACEWRIGHT_SPOOL_DIR: '/s', TRACEWRIGHT_SPOOL_MAX_BYTES: '1048576', TRACEWRIGHT_SPOOL_FSYNC: 'batch', TRACEWRIGHT_SPOOL_REPLAY_RATE: '500' },
      expect: { spool: { dir: '/s', maxBytes: MiB, fsync: 'batch', replaySpansPerSecond: 500 } },
    },
    {
      name: 'junk env values warn and use the defaults',
      env: { TRACEWRIGHT_SPOOL_DIR: '/s', TRACEWRIGHT_SPOOL_MAX_BYTES: '1GB', TRACEWRIGHT_SPOOL_FSYNC: 'always', TRACEWRIGHT_SPOOL_REPLAY_RATE: '0' },
      expect: { spool: { dir: '/s', maxBytes: 256 * MiB, fsync: 'interval', replaySpansPerSecond: 20_000 } },
      warnings: [/^TRACEWRIGHT_SPOOL_MAX_BYTES="1GB" is not an integer >= 65536/, /^TRACEWRIGHT_SPOOL_FSYNC="always"/, /^TRACEWRIGHT_SPOOL_REPLAY_RATE="0" is not a number >= 1/],
    },
    { name: 'env max bytes without a dir: still off, no warning', env: { TRACEWRIGHT_SPOOL_MAX_BYTES: '1048576' }, expect: { spool: undefined } },
    { name: 'option', options: { spool: { dir: '/o', fsync: 'none' } }, expect: { spool: { dir: '/o', fsync: 'none', maxBytes: 256 * MiB } } },
    { name: 'option fields beat env, each on its own', options: { spool: { dir: '/o', maxBytes: 2 * MiB } }, env: { TRACEWRIGHT_SPOOL_DIR: '/e', TRACEWRIGHT_SPOOL_FSYNC: 'batch' }, expect: { spool: { dir: '/o', maxBytes: 2 * MiB, fsync: 'batch' } } },
    { name: 'spool: false beats the env', options: { spool: false }, env: { TRACEWRIGHT_SPOOL_DIR: '/e' }, expect: { spool: undefined } },
  ])('$name', (row) => {
    runRow(row);
  });

  it.each<[string, unknown, RegExp]>([
    ['spool', 'yes', /Invalid tracing option "spool": got "yes"; allowed: an object \{ dir, maxBytes\?, fsync\?, replaySpansPerSecond\? \} or false/],
    ['spool.dir', {}, /Invalid tracing option "spool.dir": got undefined; allowed: a directory path/],
    ['spool.dir', { dir: '' }, /Invalid tracing option "spool.dir": got ""; allowed: a non-empty string/],
    ['spool.maxBytes', { dir: '/d', maxBytes: 1000 }, /"spool.maxBytes": got 1000; allowed: an integer >= 65536/],
    ['spool.fsync', { dir: '/d', fsync: 'always' }, /"spool.fsync": got "always"; allowed: 'none', 'batch', 'interval'/],
    ['spool.replaySpansPerSecond', { dir: '/d', replaySpansPerSecond: 0 }, /"spool.replaySpansPerSecond": got 0; allowed: a number >= 1/],
  ])('bad %s throws a TracingConfigError naming it', (option, spool, message) => {
    let error: unknown;
    try {
      resolve({ spool } as TracingOptions);
    } catch (e) {
      error = e;
    }
    expect(isTracingConfigError(error)).toBe(true);
    expect((error as { option: string }).option).toBe(option);
    expect((error as Error).message).toMatch(message);
  });
});

describe('maxConcurrentExports', () => {
  it.each<Row>([
    { name: 'default 2', expect: { processor: { maxConcurrentExports: 2 } } },
    { name: 'env', env: { TRACEWRIGHT_MAX_CONCURRENT_EXPORTS: '4' }, expect: { processor: { maxConcurrentExports: 4 } } },
    { name: 'junk env warns', env: { TRACEWRIGHT_MAX_CONCURRENT_EXPORTS: '0' }, expect: { processor: { maxConcurrentExports: 2 } }, warnings: [/^TRACEWRIGHT_MAX_CONCURRENT_EXPORTS="0" is not an integer from 1 to 64/] },
    { name: 'option beats env', options: { maxConcurrentExports: 1 }, env: { TRACEWRIGHT_MAX_CONCURRENT_EXPORTS: '4' }, expect: { processor: { maxConcurrentExports: 1 } } },
  ])('$name', (row) => {
    runRow(row);
  });

  it('a bad option throws a TracingConfigError naming it', () => {
    expect(() => resolve({ maxConcurrentExports: 100 })).toThrow(/"maxConcurrentExports": got 100; allowed: an integer from 1 to 64/);
  });
});

describe('selfMetrics', () => {
  it.each<Row>([
    { name: 'default true', expect: { selfMetrics: true } },
    { name: 'env false', env: { TRACEWRIGHT_SELF_METRICS: 'false' }, expect: { selfMetrics: false } },
    { name: 'junk env warns', env: { TRACEWRIGHT_SELF_METRICS: 'no' }, expect: { selfMetrics: true }, warnings: [/^TRACEWRIGHT_SELF_METRICS="no" is not "true" or "false"/] },
    { name: 'option beats env', options: { selfMetrics: true }, env: { TRACEWRIGHT_SELF_METRICS: 'false' }, expect: { selfMetrics: true } },
  ])('$name', (row) => {
    runRow(row);
  });
});
