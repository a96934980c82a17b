import { context, trace, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { vi } from 'vitest';
import { TraceCollector } from '../../src/analysis/trace-collector';
import type { AnalysisOptions } from '../../src/analysis/analysis-options';

export { seeded } from '../support/seeded';

/** A real provider with the collector as its only processor; the collector reads the (faked) Date. */
export function setup(options: AnalysisOptions = {}, serviceName = 'api') {
  const collector = new TraceCollector({ now: () => Date.now(), ...options });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': serviceName }), spanProcessors: [collector] });
  const tracer = provider.getTracer('test');
  return { collector, provider, tracer };
}

/** Fake Date and performance, so a span's duration is exactly the time advanced while it is open. */
export function useFakeClock(start = Date.UTC(2026, 11, 1, 12, 0, 0)): void {
  vi.useFakeTimers({ toFake: ['Date', 'performance', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'], now: start });
}

/** Runs a span of exactly `ms` (fake clock), optionally failing with `error`, as a child of `parent`. */
export function timedSpan(tracer: Tracer, name: string, ms: number, opts: { error?: Error; attributes?: Attributes; parent?: Span } = {}): Span {
  const ctx = opts.parent ? trace.setSpan(context.active(), opts.parent) : context.active();
  const span = tracer.startSpan(name, { attributes: opts.attributes }, ctx);
  vi.advanceTimersByTime(ms);
  if (opts.error) {
    span.recordException(opts.error);
    span.setStatus({ code: 2, message: opts.error.message });
  }
  span.end();
  return span;
}

/** An error of a given class name. */
export function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/** The value DDSketch reports for quantile q is within 1% of the element at rank floor(q * (n - 1)). */
export function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}
