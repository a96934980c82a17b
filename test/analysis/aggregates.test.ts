import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { instrumentService } from '../../src/decorators/service-proxy';
import { SKETCH_RELATIVE_ACCURACY } from '../../src/analysis/sketch';
import { exactQuantile, namedError, seeded, setup, timedSpan, useFakeClock } from './support';

interface Op {
  name: string;
  /** Durations drawn from [min, min + spread). */
  min: number;
  spread: number;
  errorRate: number;
  error: () => Error;
}

const OPS: Op[] = [
  { name: 'GET /users', min: 5, spread: 60, errorRate: 0.02, error: () => namedError('ValidationError', 'user "bob" not found (id 42)') },
  { name: 'db.query', min: 1, spread: 400, errorRate: 0, error: () => new Error('never') },
  { name: 'GeminiService.generateResponse', min: 900, spread: 5500, errorRate: 0.25, error: () => namedError('TimeoutError', 'request 0x1f3a timed out after 30000ms') },
];

describe('aggregates from a seeded workload on a real TracerProvider', () => {
  beforeEach(() => useFakeClock());
  afterEach(() => vi.useRealTimers());

  it('gives exact counts and error rates, and percentiles within the sketch accuracy of the exact ones', () => {
    const { collector, tracer } = setup();
    const random = seeded(42);
    const durations = new Map<string, number[]>(OPS.map((o) => [o.name, []]));
    const errors = new Map<string, number>(OPS.map((o) => [o.name, 0]));
    for (let i = 0; i < 3000; i++) {
      const op = OPS[Math.floor(random() * OPS.length)];
      const ms = op.min + Math.floor(random() * op.spread);
      const fail = random() < op.errorRate;
      timedSpan(tracer, op.name, ms, { error: fail ? op.error() : undefined });
      durations.get(op.name)!.push(ms);
      if (fail) errors.set(op.name, errors.get(op.name)! + 1);
    }
    const overview = collector.getPerformanceOverview();
    expect(overview.operations.map((o) => o.name).sort()).toEqual(OPS.map((o) => o.name).sort());
    for (const op of overview.operations) {
      const sorted = [...durations.get(op.name)!].sort((a, b) => a - b);
      expect(op.service).toBe('api');
      expect(op.count).toBe(sorted.length);
      expect(op.errorCount).toBe(errors.get(op.name));
      expect(op.errorRate).toBeCloseTo(errors.get(op.name)! / sorted.length, 12);
      expect(op.minMs).toBeCloseTo(sorted[0], 6);
      expect(op.maxMs).toBeCloseTo(sorted[sorted.length - 1], 6);
      expect(op.meanMs).toBeCloseTo(sorted.reduce((a, b) => a + b, 0) / sorted.length, 6);
      for (const [key, q] of [['p50Ms', 0.5], ['p90Ms', 0.9], ['p95Ms', 0.95], ['p99Ms', 0.99]] as const) {
        const exact = exactQuantile(sorted, q);
        // ±1% relative, plus a hair for the ms -> hrtime -> ms round trip.
        expect(Math.abs(op[key] - exact) / exact, `${op.name} ${key}: ${op[key]} vs ${exact}`).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-9);
      }
    }
    const summary = collector.getTracingSummary();
    expect(summary.totalSpans).toBe(3000);
    expect(summary.totalTraces).toBe(3000);
    expect(summary.avgSpansPerTrace).toBe(1);
    expect(summary.errorTraces).toBe([...errors.values()].reduce((a, b) => a + b, 0));
  });

  it('names the most common error, the critical bottleneck, caching for a consistently slow operation and a circuit breaker for a timeout-prone one', () => {
    const { collector, provider } = setup({}, 'bot');
    const gemini = instrumentService(
      {
        async generateResponse(ms: number, fail: boolean) {
          vi.advanceTimersByTime(ms);
          if (fail) throw namedError('TimeoutError', `Gemini call ${Math.floor(ms)} timed out`);
          return 'ok';
        },
      },
      'GeminiService',
      { tracerProvider: provider },
    );
    return (async () => {
      for (const [ms, fail] of [[1500, false], [1800, true], [6000, false], [2000, true], [1700, true], [2500, true], [1600, true]] as const)
        await gemini.generateResponse(ms, fail).catch(() => undefined);
      const overview = collector.getPerformanceOverview();
      const op = overview.operations.find((o) => o.name === 'GeminiService.generateResponse')!;
      // The service is the one instrumentService names, not the resource's.
      expect(op.service).toBe('GeminiService');
      expect(op.count).toBe(7);
      expect(op.errorCount).toBe(5);
      expect(op.timeoutCount).toBe(5);
      const messages = overview.insights.map((i) => i.message);
      expect(messages).toContain('Critical bottleneck detected: GeminiService.generateResponse took 6000ms');
      expect(messages).toContain('Most common error: TimeoutError (5 occurrences): Gemini call <n> timed out');
      const bottleneck = overview.insights.find((i) => i.kind === 'critical-bottleneck')!;
      expect(bottleneck).toMatchObject({ severity: 'critical', operation: 'GeminiService.generateResponse', service: 'GeminiService', value: 6000, threshold: 5000 });
      const kinds = overview.recommendations.map((r) => r.kind);
      expect(kinds).toContain('caching');
      expect(kinds).toContain('circuit-breaker');
      expect(overview.recommendations.find((r) => r.kind === 'caching')!.message).toMatch(/consider caching/);
      expect(overview.recommendations.find((r) => r.kind === 'circuit-breaker')!.message).toMatch(/circuit breaker/);
      expect(overview.topErrorPatterns[0]).toMatchObject({ type: 'TimeoutError', count: 5, operations: ['GeminiService: GeminiService.generateResponse'], timeout: true });
      const health = overview.serviceHealth.find((s) => s.serviceName === 'GeminiService')!;
      expect(health.status).toBe('critical');
    })();
  });
});
