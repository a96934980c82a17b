import type { Context } from '@opentelemetry/api';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import { TracerProvider, type ReadableSpan, type Span, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { SpanCounter } from '../../src/pipeline/self-metrics';
import { SpanTap, subscribeEndedSpans } from '../../src/runtime/span-tap';
import { SetupSpanProcessor } from '../../src/sdk/setup-processor';

/** A processor that writes down what it was called with, and can be told to fail. */
function recorder(name: string, log: string[], fail?: 'flush' | 'shutdown'): SpanProcessor {
  return {
    onStart: (span: Span, _ctx: Context) => log.push(`${name}.start ${span.name}`),
    onEnding: (span: Span) => log.push(`${name}.ending ${span.name}`),
    onEnd: (span: ReadableSpan) => log.push(`${name}.end ${span.name}`),
    forceFlush: () => (fail === 'flush' ? Promise.reject(new Error(`${name} flush`)) : new Promise<void>((r) => setTimeout(() => { log.push(`${name}.flushed`); r(); }, 5))),
    shutdown: () => (fail === 'shutdown' ? Promise.reject(new Error(`${name} shutdown`)) : Promise.resolve(void log.push(`${name}.shut`))),
  };
}

describe('SetupSpanProcessor', () => {
  it('counts, exports, analyses and taps every span, in that order, each at the steps it acts on', () => {
    const log: string[] = [];
    const counter = new SpanCounter();
    const tapped: string[] = [];
    const unsubscribe = subscribeEndedSpans((span) => tapped.push(span.name));
    const processor = new SetupSpanProcessor({ counter, exporters: [recorder('a', log), recorder('b', log)], collector: recorder('analysis', log), tap: new SpanTap() });
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('t');
    tracer.startSpan('one', {}, ROOT_CONTEXT).end();
    unsubscribe();
    // the exporters' processors act on onEnd only; the analysis at every step
    expect(log).toEqual(['analysis.start one', 'analysis.ending one', 'a.end one', 'b.end one', 'analysis.end one']);
    expect(tapped).toEqual(['one']);
    expect([counter.started, counter.ended, counter.startedSampled, counter.endedSampled]).toEqual([1, 1, 1, 1]);
  });

  it('runs without a counter or an analysis', () => {
    const log: string[] = [];
    const processor = new SetupSpanProcessor({ counter: undefined, exporters: [recorder('a', log)], collector: undefined, tap: new SpanTap() });
    new TracerProvider({ spanProcessors: [processor] }).getTracer('t').startSpan('x').end();
    expect(log).toEqual(['a.end x']);
  });

  it('flushes and shuts down every processor, waits for all, and fails with the first failure', async () => {
    const log: string[] = [];
    const processor = new SetupSpanProcessor({ counter: new SpanCounter(), exporters: [recorder('a', log, 'flush'), recorder('b', log)], collector: undefined, tap: new SpanTap() });
    await expect(processor.forceFlush()).rejects.toThrow('a flush');
    expect(log).toContain('b.flushed');
    await expect(new SetupSpanProcessor({ counter: undefined, exporters: [recorder('a', log), recorder('b', log, 'shutdown')], collector: undefined, tap: new SpanTap() }).shutdown()).rejects.toThrow('b shutdown');
    expect(log).toContain('a.shut');
  });
});
