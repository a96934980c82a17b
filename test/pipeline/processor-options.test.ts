import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/resolve-config';
import { isTracingConfigError } from '../../src/errors';
import { PROCESSOR_DEFAULTS, resolveProcessorOptions } from '../../src/pipeline/processor-options';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { RetryingBatchSpanProcessor } from '../../src/pipeline/retrying-batch-processor';
import { MemoryExporter } from '../../src/exporters/memory';

describe('the processor options: one definition for a processor built by hand and for initializeTracing', () => {
  it('a processor built with no options runs with the same values initializeTracing resolves with no options', () => {
    const byHand = resolveProcessorOptions();
    expect(byHand).toEqual(PROCESSOR_DEFAULTS);
    expect(resolveConfig({ serviceName: 'svc' }, {}).processor).toEqual(byHand);
    expect(String(new RetryingBatchSpanProcessor(new ManagedExporter('m', new MemoryExporter())))).toBe(
      `RetryingBatchSpanProcessor(m, maxQueueSize=${byHand.maxQueueSize}, maxBatchSize=${byHand.maxBatchSize}, maxAttempts=${byHand.retry.maxAttempts})`,
    );
  });

  it('fills what is left out, keeps what is given, and resolving twice changes nothing', () => {
    const once = resolveProcessorOptions({ maxQueueSize: 100, retry: { maxAttempts: 2, initialDelayMs: 9000 } });
    expect(once).toMatchObject({ maxQueueSize: 100, maxBatchSize: 100, retry: { maxAttempts: 2, initialDelayMs: 9000, maxDelayMs: 9000, jitter: 0.2 } });
    expect(resolveProcessorOptions(once)).toEqual(once);
  });

  const bad: Array<[string, object]> = [
    ['maxQueueSize', { maxQueueSize: 0 }],
    ['maxBatchSize', { maxBatchSize: 1.5 }],
    ['scheduledDelayMillis', { scheduledDelayMillis: -1 }],
    ['exportTimeoutMillis', { exportTimeoutMillis: Number.NaN }],
    ['maxConcurrentExports', { maxConcurrentExports: 65 }],
    ['batch', { batch: 'yes' }],
    ['retry', { retry: 3 }],
    ['retry.maxAttempts', { retry: { maxAttempts: 0 } }],
    ['retry.multiplier', { retry: { multiplier: 0.5 } }],
    ['retry.jitter', { retry: { jitter: 2 } }],
  ];
  for (const [option, options] of bad) {
    it(`a bad ${option} throws a TracingConfigError naming it and what it accepts`, () => {
      let error: unknown;
      try {
        new RetryingBatchSpanProcessor(new ManagedExporter('m', new MemoryExporter()), options);
      } catch (e) {
        error = e;
      }
      expect(isTracingConfigError(error)).toBe(true);
      expect((error as { option: string }).option).toBe(option);
      expect((error as Error).message).toMatch(/allowed: /);
    });
  }
});
