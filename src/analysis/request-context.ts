/**
 * The request-context API of the design documents the project grew from (`withNewContextAsync`,
 * `RequestContext.current()`, `traced`), kept under those names so that code written against them
 * keeps working. It is a thin layer over OpenTelemetry context and spans; new code should prefer
 * the plain helpers (`withSpan`, `traceAsync`, `getActiveSpan`).
 */
import { context, createContextKey, type AttributeValue, type Attributes, type Span } from '@opentelemetry/api';
import { OnceLogger } from '../internal/diag';
import { recordError, resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';

const KEY = createContextKey('tracewright.request-context');
const once = new OnceLogger();

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What `withNewContextAsync` is given: the root span's name and its first tags. */
export interface RequestContextMetadata extends TracerSource {
  /** Name of the root span. Default `request`. */
  name?: string;
  /** Attributes of the root span. */
  tags?: Attributes;
}

/** One request's context: its root span plus spans started and ended by id. */
export class RequestContext {
  private readonly open = new Map<string, Span>();

  constructor(
    /** The request's root span. */
    readonly span: Span,
    /** Where the context's spans get their tracer (the one `withNewContextAsync` was given). */
    readonly tracerSource: TracerSource | undefined,
  ) {}

  /** The context of the code running now, or undefined outside `withNewContextAsync`. */
  static current(): RequestContext | undefined {
    return context.active().getValue(KEY) as RequestContext | undefined;
  }

  get traceId(): string {
    return this.span.spanContext().traceId;
  }

  get spanId(): string {
    return this.span.spanContext().spanId;
  }

  /** Adds attributes to the root span. */
  addTags(tags: Attributes): void {
    this.span.setAttributes(tags);
  }

  /** Adds an event to the root span: `message` as its name, `log.severity`, and `data`'s primitive values. */
  addLog(message: string, level: LogLevel = 'info', data?: Record<string, unknown>): void {
    const attributes: Attributes = { 'log.severity': level };
    if (data) for (const [key, value] of Object.entries(data)) if (isAttributeValue(value)) attributes[key] = value;
    this.span.addEvent(message, attributes);
  }

  /** Starts a child of the active span (the root when none is active); end it with `endSpan`. */
  startSpan(name: string, attributes?: Attributes): { spanId: string } {
    const span = resolveTracer(this.tracerSource).startSpan(name, { attributes }, context.active());
    const spanId = span.spanContext().spanId;
    this.open.set(spanId, span);
    return { spanId };
  }

  /** Ends a span from `startSpan`; with an error, records it and sets ERROR status. Unknown ids are ignored. */
  endSpan(spanId: string, error?: unknown): void {
    const span = this.open.get(spanId);
    if (!span) {
      once.warn('request-context-end', `RequestContext.endSpan: no open span ${spanId}; ignored`);
      return;
    }
    this.open.delete(spanId);
    if (error !== undefined) recordError(span, error);
    span.end();
  }

  /** Ends the spans `startSpan` opened and nobody ended (marked `request_context.unended`). */
  closeOpenSpans(): void {
    for (const span of this.open.values()) {
      span.setAttribute('request_context.unended', true);
      span.end();
    }
    this.open.clear();
  }
}

/**
 * Runs `fn` in a new trace: a root span (never a child of the active one), with a RequestContext
 * that `fn` receives and `RequestContext.current()` returns anywhere inside. The span ends when
 * `fn` settles; a failure is recorded and rethrown.
 */
export async function withNewContextAsync<T>(fn: (ctx: RequestContext) => Promise<T> | T, metadata: RequestContextMetadata = {}): Promise<T> {
  const tracer = resolveTracer(metadata);
  return runInSpan(tracer, metadata.name ?? 'request', { root: true, attributes: metadata.tags }, async (span) => {
    const ctx = new RequestContext(span, metadata);
    try {
      return await context.with(context.active().setValue(KEY, ctx), () => fn(ctx));
    } finally {
      ctx.closeOpenSpans();
    }
  });
}

/** Runs `fn` in a span named `name` under the current context (the same as `traceAsync`). */
export function traced<T>(name: string, fn: (span: Span) => Promise<T> | T, attributes?: Attributes): Promise<T> {
  return runInSpan(resolveTracer(RequestContext.current()?.tracerSource), name, { attributes }, async (span) => fn(span));
}

function isAttributeValue(value: unknown): value is AttributeValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
