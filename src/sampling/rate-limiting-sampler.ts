import { isSpanContextValid, trace, TraceFlags, type Context } from '@opentelemetry/api';
import type { Sampler, SamplingResult } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { NOT_SAMPLED, SAMPLED } from './shared-results';
import { monotonicClock, TokenBucket, type Clock } from './token-bucket';

/**
 * Samples at most `tracesPerSecond` new root traces per second (a token bucket that starts full
 * and holds `max(tracesPerSecond, 1)`), as Jaeger's `rateLimiting` sampler does. A span with a
 * valid parent follows the parent's sampled flag and takes no token, so a trace is never cut in
 * half: the decision is consistent within a trace, in this process and across services.
 * `0` samples no new trace.
 */
export class RateLimitingSampler implements Sampler {
  readonly tracesPerSecond: number;
  private readonly bucket: TokenBucket;

  /**
   * @param tracesPerSecond new traces per second, a finite number >= 0 (fractions allowed:
   *   `0.5` is one trace every two seconds).
   * @param clock milliseconds, monotonic; tests inject a fake one.
   */
  constructor(tracesPerSecond: number, clock: Clock = monotonicClock) {
    if (typeof tracesPerSecond !== 'number' || !Number.isFinite(tracesPerSecond) || tracesPerSecond < 0) {
      throw new TracingConfigError('samplerArg', tracesPerSecond, 'traces per second, a finite number >= 0');
    }
    this.tracesPerSecond = tracesPerSecond;
    const max = tracesPerSecond === 0 ? 0 : Math.max(tracesPerSecond, 1);
    this.bucket = new TokenBucket(tracesPerSecond, max, clock);
  }

  shouldSample(context: Context): SamplingResult {
    const parent = trace.getSpanContext(context);
    if (parent && isSpanContextValid(parent)) {
      const sampled = (parent.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED;
      return sampled ? SAMPLED : NOT_SAMPLED;
    }
    return this.bucket.tryTake(1) ? SAMPLED : NOT_SAMPLED;
  }

  toString(): string {
    return `RateLimitingSampler{${this.tracesPerSecond}}`;
  }
}
