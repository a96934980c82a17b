import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { ExportResultCode, hrTimeToMicroseconds, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { renderTraceTree } from './console-tree';

export interface ConsoleExporterOptions {
  /** `tree`: one indented tree per trace, printed when its root span ends. `json`: one JSON line per span. Default `tree`. Env `TRACEWRIGHT_CONSOLE_FORMAT`. */
  format?: 'tree' | 'json';
  /** Where to write. Default `process.stdout`. */
  write?: (text: string) => void;
  /** Traces held while waiting for their root span; past this the oldest is printed as it is. Default 1000. */
  maxPendingTraces?: number;
  /**
   * How long a trace whose local root has a remote parent (a server span) is held after that root
   * ends, in case the caller's span lives in this process too and the two belong in one tree, ms.
   * Spans that end after their trace was printed are held as long, then printed under a
   * `trace <id> (continued) <root name>` header. Default 500.
   */
  remoteRootHoldMs?: number;
}

/**
 * The `console` exporter. In tree mode spans are held per trace until the trace's root ends, then
 * the whole tree is printed. A root with a remote parent (a server span) is printed a moment
 * later, so that a caller in the same process joins the same tree. `forceFlush` and `shutdown`
 * print what is still held, so nothing is lost.
 */
export class ConsoleExporter implements SpanExporter {
  private readonly format: 'tree' | 'json';
  private readonly write: (text: string) => void;
  private readonly maxPending: number;
  private readonly holdMs: number;
  private readonly pending = new Map<string, ReadableSpan[]>();
  /** Traces whose remote-parented root has ended, with the time they may be printed. */
  private readonly due = new Map<string, number>();
  /** Traces already printed, with their root's name: spans that end later are printed under it. */
  private readonly printed = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(options: ConsoleExporterOptions = {}) {
    this.format = options.format ?? 'tree';
    this.write = options.write ?? ((text) => process.stdout.write(text));
    this.maxPending = options.maxPendingTraces ?? 1000;
    this.holdMs = options.remoteRootHoldMs ?? 500;
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      if (this.format === 'json') {
        this.write(spans.map((span) => JSON.stringify(toJsonLine(span))).join('\n') + '\n');
      } else {
        for (const span of spans) this.hold(span);
      }
      resultCallback({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      resultCallback({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  private hold(span: ReadableSpan): void {
    const traceId = span.spanContext().traceId;
    const list = this.pending.get(traceId) ?? [];
    list.push(span);
    this.pending.set(traceId, list);
    const parent = span.parentSpanContext;
    // A span ending after its trace was printed: held briefly so that its late siblings join it,
    // then printed under a "(continued) <root name>" header rather than as a new root.
    if (this.printed.has(traceId)) this.schedule(traceId);
    else if (!parent) this.print(traceId);
    else if (parent.isRemote) this.schedule(traceId);
    else if (this.pending.size > this.maxPending) this.print(this.pending.keys().next().value as string);
  }

  private schedule(traceId: string): void {
    this.due.set(traceId, Date.now() + this.holdMs);
    if (this.timer) return;
    this.timer = setTimeout(() => this.printDue(), this.holdMs);
    this.timer.unref();
  }

  private printDue(): void {
    this.timer = undefined;
    const now = Date.now();
    for (const [traceId, at] of this.due) if (at <= now) this.print(traceId);
    if (this.due.size > 0) {
      this.timer = setTimeout(() => this.printDue(), Math.max(1, Math.min(...this.due.values()) - now));
      this.timer.unref();
    }
  }

  private print(traceId: string): void {
    const spans = this.pending.get(traceId);
    this.pending.delete(traceId);
    this.due.delete(traceId);
    if (!spans || spans.length === 0) return;
    const continuedFrom = this.printed.get(traceId);
    this.write(renderTraceTree(spans, { continuedFrom }) + '\n\n');
    if (continuedFrom === undefined) this.remember(traceId, spans);
  }

  private remember(traceId: string, spans: ReadableSpan[]): void {
    const root = spans.find((s) => !s.parentSpanContext || s.parentSpanContext.isRemote) ?? spans[0]!;
    this.printed.set(traceId, root.name);
    // Bounded like `pending`: the oldest printed trace is forgotten first.
    if (this.printed.size > this.maxPending) this.printed.delete(this.printed.keys().next().value as string);
  }

  forceFlush(): Promise<void> {
    for (const traceId of [...this.pending.keys()]) this.print(traceId);
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }

  toString(): string {
    return `ConsoleExporter{format=${this.format}}`;
  }
}

function toJsonLine(span: ReadableSpan) {
  return {
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: SpanKind[span.kind],
    startTimeUnixMicro: hrTimeToMicroseconds(span.startTime),
    durationMicro: hrTimeToMicroseconds(span.duration),
    attributes: span.attributes,
    events: span.events.map((event) => ({ name: event.name, timeUnixMicro: hrTimeToMicroseconds(event.time), attributes: event.attributes })),
    links: span.links.map((link) => ({ traceId: link.context.traceId, spanId: link.context.spanId, attributes: link.attributes })),
    status: { code: SpanStatusCode[span.status.code], message: span.status.message },
    resource: span.resource.attributes,
    scope: { name: span.instrumentationScope.name, version: span.instrumentationScope.version },
  };
}

export function createConsoleExporter(options?: ConsoleExporterOptions): ConsoleExporter {
  return new ConsoleExporter(options);
}
