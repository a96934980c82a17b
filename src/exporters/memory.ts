import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';

/**
 * The `memory` exporter: keeps finished spans in process, for tests. Read them through
 * `tracewright/testing` (`getMemoryExporter()`, `getFinishedSpans()`), after `forceFlush()`.
 */
export class MemoryExporter extends InMemorySpanExporter {
  /** Spans of one trace, in the order they ended. */
  getSpansOfTrace(traceId: string): ReadableSpan[] {
    return this.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  }

  /**
   * Keeps the spans: OTel's in-memory exporter empties itself on shutdown, but a test wants to
   * read what arrived after `shutdownTracing()`. `reset()` empties it.
   */
  override shutdown(): Promise<void> {
    return Promise.resolve();
  }

  override toString(): string {
    return `MemoryExporter{spans=${this.getFinishedSpans().length}}`;
  }
}

export function createMemoryExporter(): MemoryExporter {
  return new MemoryExporter();
}
