import { hrTimeToNanoseconds } from '@opentelemetry/core';
import { afterEach, describe, expect, it } from 'vitest';
import { initializeTracing, shutdownTracing, withSpan } from '../../src/index';
import { getFinishedSpans } from '../../src/testing';

afterEach(async () => {
  await shutdownTracing();
});

describe('span timestamps under initializeTracing (the SDK clock, pooled ids)', () => {
  it('start times never go backwards over 2,000 spans in a row, and no span ends before it starts', async () => {
    await initializeTracing({ serviceName: 'clock', exporterType: 'memory', handleSignals: false, logLevel: 'none', maxQueueSize: 4096 });
    for (let i = 0; i < 1000; i++) withSpan(`s${i}`, () => withSpan(`c${i}`, () => i));
    const spans = await getFinishedSpans();
    expect(spans).toHaveLength(2000);
    const starts = spans
      .filter((s) => s.name.startsWith('s'))
      .sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)))
      .map((s) => hrTimeToNanoseconds(s.startTime));
    for (let i = 1; i < starts.length; i++) if (starts[i]! < starts[i - 1]!) throw new Error(`span s${i} starts before s${i - 1}`);
    for (const span of spans) {
      if (hrTimeToNanoseconds(span.endTime) < hrTimeToNanoseconds(span.startTime)) throw new Error(`${span.name} ends before it starts`);
      expect(span.duration[0]).toBeGreaterThanOrEqual(0);
    }
    // a child starts no earlier than its parent
    const byName = new Map(spans.map((s) => [s.name, s]));
    for (let i = 0; i < 1000; i += 97) {
      expect(hrTimeToNanoseconds(byName.get(`c${i}`)!.startTime)).toBeGreaterThanOrEqual(hrTimeToNanoseconds(byName.get(`s${i}`)!.startTime));
    }
  });
});
