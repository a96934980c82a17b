import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import type { SpanCounter } from '../pipeline/self-metrics';
import type { SpanTap } from '../runtime/span-tap';

/** The span processors of one setup, by role (see {@link SetupSpanProcessor}). */
export interface SetupProcessors {
  /** Counts spans for the self-metrics; undefined when they are off. */
  counter: SpanCounter | undefined;
  /** One batch processor per exporter: they act on `onEnd` only. */
  exporters: readonly SpanProcessor[];
  /** The in-process analysis, when on: it may act at every step. */
  collector: SpanProcessor | undefined;
  /** The ended-span listeners' tap: `onEnd` only. */
  tap: SpanTap;
}

/**
 * All the span processors `initializeTracing` installs, as the one processor the provider calls:
 * each span costs one call per step instead of the SDK's loop over every processor (most of them
 * do nothing at the start or before the end). The order is the order they were listed in before:
 * counter, exporters, analysis, tap.
 */
export class SetupSpanProcessor implements SpanProcessor {
  private readonly counter: SpanCounter | undefined;
  private readonly exporters: readonly SpanProcessor[];
  private readonly collector: SpanProcessor | undefined;
  private readonly tap: SpanTap;
  private readonly all: readonly SpanProcessor[];

  constructor(processors: SetupProcessors) {
    this.counter = processors.counter;
    this.exporters = [...processors.exporters];
    this.collector = processors.collector;
    this.tap = processors.tap;
    this.all = [...(this.counter ? [this.counter] : []), ...this.exporters, ...(this.collector ? [this.collector] : []), this.tap];
  }

  onStart(span: Span, parentContext: Context): void {
    this.counter?.onStart(span, parentContext);
    this.collector?.onStart(span, parentContext);
  }

  onEnding(span: Span): void {
    this.collector?.onEnding?.(span);
  }

  onEnd(span: ReadableSpan): void {
    this.counter?.onEnd(span);
    const exporters = this.exporters;
    for (let i = 0; i < exporters.length; i++) exporters[i]!.onEnd(span);
    this.collector?.onEnd(span);
    this.tap.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return settleAll(this.all.map((p) => p.forceFlush()));
  }

  shutdown(): Promise<void> {
    return settleAll(this.all.map((p) => p.shutdown()));
  }
}

/** Waits for every processor (one failing does not cut the others short), then fails with the first error, if any. */
async function settleAll(work: Promise<void>[]): Promise<void> {
  const results = await Promise.allSettled(work);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
