import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { getTracer, getTracingStats, initializeTracing, shutdownTracing } from '../../src/index';

/** An exporter that fails with a retryable error every time and notes when it was called. */
class Unavailable implements SpanExporter {
  calls: number[] = [];
  export(_spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.calls.push(Date.now());
    done({ code: ExportResultCode.FAILED, error: Object.assign(new Error('unavailable'), { code: 14 }) });
  }
  async shutdown(): Promise<void> {}
}

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await shutdownTracing();
});

async function retryGaps(random: number): Promise<number[]> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.spyOn(Math, 'random').mockReturnValue(random);
  const exporter = new Unavailable();
  await initializeTracing({ serviceName: 'jitter', exporterType: exporter, handleSignals: false, logLevel: 'none', maxBatchSize: 1 });
  getTracer().startSpan('s').end();
  for (let i = 0; i < 10 && exporter.calls.length < 5; i++) await vi.advanceTimersByTimeAsync(10_000);
  expect(getTracingStats().failedSpans).toBe(1);
  return exporter.calls.slice(1).map((t, i) => t - exporter.calls[i]!);
}

describe('retry waits through initializeTracing: ×1.5 from 1 s, capped at 5 s, ±20% jitter', () => {
  it('the lowest draw waits 80% of each step', async () => {
    expect(await retryGaps(0)).toEqual([800, 1200, 1800, 2700]);
  });

  it('the highest draw waits 120% of each step', async () => {
    const gaps = await retryGaps(0.999_999);
    expect(gaps.map((g) => Math.round(g / 10) * 10)).toEqual([1200, 1800, 2700, 4050]);
  });
});
