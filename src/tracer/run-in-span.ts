import {
  context,
  INVALID_SPAN_CONTEXT,
  trace,
  SpanStatusCode,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { OnceLogger } from '../internal/diag';
import { VERSION } from '../version';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';

const once = new OnceLogger();

/** The instrumentation scope name used when no tracer is given. */
export const TRACER_NAME = 'tracewright';

/** Where a helper gets its tracer: an explicit tracer wins over a provider, which wins over the global one. */
export interface TracerSource {
  /** Tracer to create spans with. Default: `tracerProvider.getTracer('tracewright')`. */
  tracer?: Tracer;
  /** Provider to take the tracer from when `tracer` is not given. Default: the global provider. */
  tracerProvider?: TracerProvider;
}

export function resolveTracer(source: TracerSource | undefined): Tracer {
  if (source?.tracer) return source.tracer;
  if (source?.tracerProvider) return source.tracerProvider.getTracer(TRACER_NAME, VERSION);
  return globalTracer();
}

let cached: { delegate: unknown; tracer: Tracer } | undefined;

/**
 * The global provider's tracer, looked up again only when the provider behind the API's proxy
 * changes: helpers resolve per call (so code decorated at import time follows a later
 * `initializeTracing()`, and a re-initialisation), without a provider lookup on every call.
 */
function globalTracer(): Tracer {
  const provider = trace.getTracerProvider();
  const delegate = (provider as { getDelegate?: () => TracerProvider }).getDelegate?.() ?? provider;
  if (cached === undefined || cached.delegate !== delegate) {
    cached = { delegate, tracer: provider.getTracer(TRACER_NAME, VERSION) };
  }
  return cached.tracer;
}

/** Hooks called when the wrapped function settles, before the span ends. Never throw out of them. */
export interface SettleHooks<T> {
  onResult?: (span: Span, result: T) => void;
  onError?: (span: Span, error: unknown) => void;
}

/**
 * Runs `fn` inside an active span and ends the span when `fn` settles: synchronously for plain
 * values, on settlement for thenables. The caller gets back exactly what `fn` returned (the same
 * promise object, so promise subclasses survive) or the error `fn` threw.
 */
export function runInSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => T,
  hooks?: SettleHooks<Awaited<T>>,
  parent?: Context,
): T {
  const base = parent ?? context.active();
  const span = tracer.startSpan(name, options, base);
  // A no-op tracer (tracing off, no provider) hands back a non-recording span that is either
  // invalid or the parent's own: nothing to activate or end, so skip straight to the call.
  if (!span.isRecording() && isNoopSpan(span, base)) return fn(span);
  const ctx = trace.setSpan(base, span);
  let result: T;
  try {
    result = context.with(ctx, fn, undefined, span);
  } catch (error) {
    failSpan(span, error, hooks);
    throw error;
  }
  if (isThenable(result)) {
    result.then(
      (value) => succeedSpan(span, value as Awaited<T>, hooks),
      (error: unknown) => failSpan(span, error, hooks),
    );
    return result;
  }
  succeedSpan(span, result as Awaited<T>, hooks);
  return result;
}

// Identity checks, not validation: the API's no-op tracer reuses INVALID_SPAN_CONTEXT or the
// parent's own SpanContext object, and this runs on every call while tracing is off.
function isNoopSpan(span: Span, base: Context): boolean {
  const sc = span.spanContext();
  return sc === INVALID_SPAN_CONTEXT || sc === trace.getSpanContext(base) || sc.spanId === INVALID_SPAN_CONTEXT.spanId;
}

export function succeedSpan<T>(span: Span, value: T, hooks?: SettleHooks<T>): void {
  safely(() => hooks?.onResult?.(span, value));
  span.end();
}

export function failSpan(span: Span, error: unknown, hooks?: SettleHooks<never>): void {
  recordError(span, error);
  safely(() => hooks?.onError?.(span, error));
  span.end();
}

/**
 * The `error.type` of an exception, as the semantic conventions want it: a short, low-cardinality
 * code when the error has one (`ECONNREFUSED`, `23505`), else its class name, else `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (error && typeof error === 'object') {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.length > 0 && code.length <= 64) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name.length > 0 && name !== 'Error') return name;
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === 'string' && ctor.length > 0 && ctor !== 'Object') return ctor;
  }
  return '_OTHER';
}

/** Records an exception the way every helper does: an `exception` event, ERROR status, `error.type`. */
export function recordError(span: Span, error: unknown, type: string = errorType(error)): void {
  span.setAttribute(ATTR_ERROR_TYPE, type);
  if (error instanceof Error) span.recordException(error);
  else span.recordException({ name: 'Error', message: String(error) });
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    // Attribute hooks are best effort: instrumentation never throws into user code.
    once.warn('settle-hook', `higher: a span attribute hook threw and was ignored: ${String(error)}`);
  }
}
