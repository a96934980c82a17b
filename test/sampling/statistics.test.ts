import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { SamplingDecision, TraceIdRatioBasedSampler, type Sampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { createSampler, RateLimitingSampler } from '../../src/sampling/index';
import { seeded } from '../support/seeded';

// Deterministic pseudo-random trace ids, so the statistics are reproducible.
const prng = seeded;
function traceIds(n: number, seed: number): string[] {
  const rand = prng(seed);
  const hex = () => Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');
  return Array.from({ length: n }, () => hex() + hex() + hex() + hex());
}
function sampled(sampler: Sampler, traceId: string, ctx = ROOT_CONTEXT): boolean {
  return sampler.shouldSample(ctx, traceId, 'op', SpanKind.INTERNAL, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED;
}

describe('traceidratio: statistics', () => {
  // n = 20,000 ids; the count is binomial(n, p). Tolerance: 5 standard deviations
  // (sqrt(n p (1-p)) is 42 for p = 0.1, 61 for 0.25, 71 for 0.5), i.e. a false failure about once in 3.5 million runs
  // for random ids — and never here, as the ids are seeded.
  const n = 20_000;
  const ids = traceIds(n, 42);
  for (const p of [0.1, 0.25, 0.5]) {
    it(`samples ${p * 100}% of roots within 5σ`, () => {
      const sampler = createSampler({ name: 'parentbased_traceidratio', arg: p });
      const count = ids.filter((id) => sampled(sampler, id)).length;
      const sigma = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(count - n * p)).toBeLessThanOrEqual(5 * sigma);
    });
  }

  it('is consistent within a trace, and a lower ratio samples a subset of a higher one', () => {
    const low = new TraceIdRatioBasedSampler(0.1);
    const high = new TraceIdRatioBasedSampler(0.5);
    for (const id of ids.slice(0, 2000)) {
      expect(sampled(low, id)).toBe(sampled(low, id));
      if (sampled(low, id)) expect(sampled(high, id)).toBe(true);
    }
  });
});

describe('RateLimitingSampler: statistics with a fake clock', () => {
  it('admits the initial burst, then N per second, over 100 simulated seconds (±1%)', () => {
    let now = 0;
    const sampler = new RateLimitingSampler(10, () => now);
    let count = 0;
    // 500 requests per second offered, in 10 ms steps of 5.
    for (let step = 0; step < 10_000; step++) {
      for (let i = 0; i < 5; i++) if (sampled(sampler, `${step}`.padStart(32, '1'))) count++;
      now += 10;
    }
    // Expected: 10 (the full bucket) + 10/s × 100 s = 1010; tolerance 1% for the bucket edges.
    expect(Math.abs(count - 1010)).toBeLessThanOrEqual(10);
  });

  it('with random arrivals below the limit, samples everything', () => {
    let now = 0;
    const rand = prng(7);
    const sampler = new RateLimitingSampler(100, () => now);
    let offered = 0;
    let count = 0;
    while (now < 60_000) {
      now += 20 + rand() * 20; // about 33 per second, under 100
      offered++;
      if (sampled(sampler, 'a'.repeat(32))) count++;
    }
    expect(count).toBe(offered);
  });

  it('with Poisson arrivals at 5× the limit, samples N per second (±3%)', () => {
    let now = 0;
    const rand = prng(11);
    const sampler = new RateLimitingSampler(20, () => now);
    let count = 0;
    while (now < 200_000) {
      now += -Math.log(1 - rand()) * 10; // 100 per second on average
      if (sampled(sampler, 'b'.repeat(32))) count++;
    }
    const expected = 20 + 20 * 200;
    expect(Math.abs(count - expected)).toBeLessThanOrEqual(expected * 0.03);
  });

  it('fractional rates and 0', () => {
    let now = 0;
    const half = new RateLimitingSampler(0.5, () => now);
    const results: boolean[] = [];
    for (let s = 0; s < 10; s++) {
      results.push(sampled(half, 'c'.repeat(32)));
      now += 1000;
    }
    // Bucket of 1 starts full, then refills one token every 2 s.
    expect(results).toEqual([true, false, true, false, true, false, true, false, true, false]);
    const zero = new RateLimitingSampler(0, () => now);
    expect(sampled(zero, 'd'.repeat(32))).toBe(false);
    expect(String(zero)).toBe('RateLimitingSampler{0}');
  });

  it('children follow their parent and take no token; a clock going backwards adds none', () => {
    let now = 1000;
    const sampler = new RateLimitingSampler(1, () => now);
    const parent = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'e'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 });
    const unsampled = trace.setSpanContext(ROOT_CONTEXT, { traceId: 'e'.repeat(32), spanId: '1'.repeat(16), traceFlags: 0 });
    for (let i = 0; i < 100; i++) {
      expect(sampled(sampler, 'e'.repeat(32), parent)).toBe(true);
      expect(sampled(sampler, 'e'.repeat(32), unsampled)).toBe(false);
    }
    expect(sampled(sampler, 'f'.repeat(32))).toBe(true); // the one token is still there
    expect(sampled(sampler, 'f'.repeat(32))).toBe(false);
    now = 0;
    expect(sampled(sampler, 'f'.repeat(32))).toBe(false);
  });
});
