/**
 * docs/export-pipeline.md's processor table states the defaults `initializeTracing` resolves:
 * each row's number is read from the page and compared with resolveConfig's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { DEFAULT_RETRY_POLICY } from '../../src/pipeline/processor-options';

const page = readFileSync(new URL('../../docs/export-pipeline.md', import.meta.url), 'utf8');

function tableDefault(option: string): string {
  const row = page.split('\n').find((line) => line.startsWith(`| \`${option}\``));
  if (!row) throw new Error(`no row for ${option} in docs/export-pipeline.md`);
  return row.split('|')[3]!.trim();
}

describe('docs/export-pipeline.md numbers come from the code', () => {
  const processor = resolveConfig({ serviceName: 'docs' }, {}, { warn: () => {} }).processor;

  it.each([
    ['maxQueueSize', processor.maxQueueSize],
    ['maxBatchSize', processor.maxBatchSize],
    ['batchTimeout', processor.scheduledDelayMillis],
    ['exportTimeoutMillis', processor.exportTimeoutMillis],
    ['retry.maxAttempts', processor.retry.maxAttempts],
    ['retry.initialDelayMs', processor.retry.initialDelayMs],
    ['retry.maxDelayMs', processor.retry.maxDelayMs],
    ['retry.multiplier', processor.retry.multiplier],
  ] as const)('%s = %d', (option, value) => {
    expect(Number(tableDefault(option))).toBe(value);
  });

  it('jitter: the same under initializeTracing and in DEFAULT_RETRY_POLICY', () => {
    expect(processor.retry.jitter).toBe(DEFAULT_RETRY_POLICY.jitter);
    expect(Number(tableDefault('retry.jitter'))).toBe(processor.retry.jitter);
  });

  it('the worked example uses the same numbers', () => {
    const { initialDelayMs: first, multiplier: m, maxDelayMs: cap, maxAttempts } = processor.retry;
    const waits = Array.from({ length: maxAttempts - 1 }, (_, i) => Math.min(cap, first * m ** i) / 1000);
    expect(page).toContain(`the waits are about ${waits.slice(0, -1).map((w) => `${w} s`).join(', ')} and ${waits.at(-1)} s`);
    expect(page).toContain(`each bounded by the ${processor.exportTimeoutMillis / 1000} s export timeout`);
  });
});
