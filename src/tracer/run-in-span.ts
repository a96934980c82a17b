/**
 * The one place that runs user code inside a span, for every helper (withSpan, traceAsync, the
 * higher-level helpers and the HTTP / database / Redis / Discord instrumentation): parents on the
 * given or active context, makes the span active for fn, ends it exactly once when fn returns or
 * settles, records fn's error and rethrows it unchanged. Our own hooks and the tracer run under
 * try/catch: instrumentation never throws into user code.
 */
import {
  context,
  INVALID_SPAN_CONTEXT,
  ProxyTracerProvider,
  trace,
  SpanStatusCode,
  type Context,
  type Span,
  type SpanOptions,
  type Tracer,
  type TracerProvider,
} from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { OnceLogger } from '../internal/diag';
import { redactException } from '../sanitize/error-text';
import { openBaggageScope } from '../propagation/baggage-scope';
import { activeContext, runWithContext } from '../propagation/async-context';
import { LinkedContext } from '../propagation/linked-context';
import { VERSION } from '../version';
import { isExplicitlyDisabled } from '../runtime/setup';
import { GlobalTracer } from './global-tracer';

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
  return isExplicitlyDisabled() ? DISABLED_TRACER : globalTracer.get();
}

/**
 * The tracer helpers get while tracing was initialized as disabled: a working no-op tracer that
 * {@link runInSpan} recognises by identity and skips entirely, so a disabled helper costs about
 * what the call it wraps costs.
 */
export const DISABLED_TRACER: Tracer = new ProxyTracerProvider().getTracer(TRACER_NAME, VERSION);

const globalTracer = new GlobalTracer(TRACER_NAME, VERSION);

/** A span that records nothing, shared: handed to fn when a helper is disabled or the tracer failed. */
export const NOOP_SPAN: Span = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);

/** A helper's own code around fn. Each runs under try/catch; a throw is logged once and skipped. */
export interface RunSpanHooks<T> {
  /** Runs just before fn with the new span active (header injection), also when the span is a no-op. */
  onStart?(span: Span): void;
  /** Called with fn's (settled) result before the span ends; may set attributes and status. */
  onResult?(span: Span, result: T): void;
  /**
   * Called with fn's error before the exception is recorded; may set attributes, and may return
   * the `error.type` to record (default {@link errorType}).
   */
  onError?(span: Span, error: unknown): unknown;
}

/**
 * Runs `fn(span)` inside a new active span and ends the span when fn settles: synchronously for
 * plain values, on settlement for thenables. The caller gets back exactly what fn returned (the
 * same promise object, so promise subclasses survive) or the error fn threw. A thenable that is
 * not a native promise (a query builder that runs on `.then`) is adopted with one `.then` call,
 * made with the span active, and the caller gets that promise instead.
 */
export function runInSpan<T>(
  tracer: Tracer,
  name: string,
  options: SpanOptions,
  fn: (span: Span) => T,
  hooks?: RunSpanHooks<Awaited<T>>,
  parent?: Context,
): T {
  if (tracer === DISABLED_TRACER) {
    if (hooks?.onStart) safely('onStart', () => hooks.onStart!(NOOP_SPAN));
    return fn(NOOP_SPAN);
  }
  const base = parent ?? activeContext();
  let span: Span;
  try {
    span = tracer.startSpan(name, options, base);
  } catch (error) {
    once.warn('startSpan', `could not start span "${name}", running without: ${String(error)}`);
    span = NOOP_SPAN;
  }
  // A no-op tracer (tracing off, no provider) hands back a non-recording span that is either
  // invalid or the parent's own: nothing to activate or end, so skip straight to the call.
  if (!span.isRecording() && isNoopSpan(span, base)) {
    if (hooks?.onStart) safely('onStart', () => hooks.onStart!(span));
    return fn(span);
  }
  // The outermost traced scope gets the record `baggage.set` / `remove` write to (one lookup when nested).
  // Linked: the span and the record are two small nodes, not two copies of the context's values.
  const ctx = openBaggageScope(trace.setSpan(LinkedContext.over(base), span));
  let result: T;
  try {
    result = hooks?.onStart ? context.with(ctx, startThenRun<T>, undefined, span, fn, hooks) : runWithContext(ctx, fn, span);
  } catch (error) {
    failSpan(span, error, hooks);
    throw error;
  }
  if (isThenable(result)) {
    const promise = result instanceof Promise ? result : adopt(result, ctx);
    // Native promises call at most one of these, at most once: the span ends exactly once.
    promise.then(
      (value) => succeedSpan(span, value as Awaited<T>, hooks),
      (error: unknown) => failSpan(span, error, hooks),
    );
    return promise as T;
  }
  succeedSpan(span, result as Awaited<T>, hooks);
  return result;
}

function startThenRun<T>(span: Span, fn: (span: Span) => T, hooks: RunSpanHooks<Awaited<T>>): T {
  safely('onStart', () => hooks.onStart!(span));
  return fn(span);
}

// One `.then` call: a lazy thenable (knex, mongoose) runs its work on each call.
function adopt<T>(thenable: PromiseLike<T>, ctx: Context): Promise<T> {
  return new Promise<T>((resolve, reject) => context.with(ctx, () => thenable.then(resolve, reject)));
}

// Identity checks, not validation: the API's no-op tracer reuses INVALID_SPAN_CONTEXT or the
// parent's own SpanContext object, and this runs on every call while tracing is off.
function isNoopSpan(span: Span, base: Context): boolean {
  const sc = span.spanContext();
  return sc === INVALID_SPAN_CONTEXT || sc === trace.getSpanContext(base) || sc.spanId === INVALID_SPAN_CONTEXT.spanId;
}

function succeedSpan<T>(span: Span, value: T, hooks: RunSpanHooks<T> | undefined): void {
  if (hooks?.onResult) safely('onResult', () => hooks.onResult!(span, value));
  endSpan(span);
}

function failSpan(span: Span, error: unknown, hooks: RunSpanHooks<never> | undefined): void {
  let type: unknown;
  if (hooks?.onError) safely('onError', () => (type = hooks.onError!(span, error)));
  safely('recordError', () => recordError(span, error, typeof type === 'string' ? type : errorType(error)));
  endSpan(span);
}

// error object -> the spans it was recorded on. Weak both ways, touched only on the error path.
const recordedOn = new WeakMap<object, WeakSet<Span>>();

/** Remembers that `error` is recorded on `span`; false when it already was. */
function noteRecorded(span: Span, error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return true;
  let spans = recordedOn.get(error);
  if (!spans) recordedOn.set(error, (spans = new WeakSet()));
  else if (spans.has(span)) return false;
  spans.add(span);
  return true;
}


function endSpan(span: Span): void {
  try {
    span.end();
  } catch (error) {
    once.warn('end', `span.end() failed and was skipped: ${String(error)}`);
  }
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

/**
 * Records an exception the way every helper does: an `exception` event, ERROR status, `error.type`.
 * Once per error object and span: code that called `recordException(error)` and rethrew inside
 * `withSpan` (or a helper) gets one `exception` event, not two.
 */
export function recordError(span: Span, error: unknown, type: string = errorType(error)): void {
  if (!noteRecorded(span, error)) return;
  span.setAttribute(ATTR_ERROR_TYPE, type);
  // messages quote what failed (a URL with its password, a connection string): redacted first
  const exception = redactException(error);
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Runs our own code (a hook, a best-effort attribute), logging once per site instead of throwing. */
export function safely(site: string, fn: () => void): void {
  try {
    fn();
  } catch (error) {
    once.warn(site, `instrumentation hook "${site}" failed and was skipped: ${String(error)}`);
  }
}
