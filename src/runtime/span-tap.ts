import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/** Called with every sampled span that ends in the running setup. Must not throw or block. */
export type EndedSpanListener = (span: ReadableSpan) => void;

/**
 * One set per process, whichever copy of this module is loaded (the ESM and CJS builds, the
 * viewer's own entry): a subscriber always hears the spans of the running setup.
 */
const KEY = Symbol.for('tracewright.endedSpanListeners');
const listeners: Set<EndedSpanListener> = ((globalThis as Record<symbol, unknown>)[KEY] as Set<EndedSpanListener> | undefined) ??
  ((globalThis as Record<symbol, unknown>)[KEY] = new Set<EndedSpanListener>());

/**
 * Subscribes to every span that ends in the running setup (the in-process viewer's ring, tests).
 * Returns the function that unsubscribes. A listener that throws is removed: the span path never
 * fails because of it.
 */
export function subscribeEndedSpans(listener: EndedSpanListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The processor `initializeTracing` installs beside the exporters' processors: with nobody
 * subscribed, `onEnd` is one size check.
 */
export class SpanTap implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    if (listeners.size === 0) return;
    for (const listener of listeners) {
      try {
        listener(span);
      } catch {
        listeners.delete(listener);
      }
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  toString(): string {
    return 'SpanTap';
  }
}
