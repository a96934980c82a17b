import { context as api, type Context, type TextMapPropagator } from '@opentelemetry/api';
import { CompositePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { StrictBaggagePropagator } from '../propagation/baggage-propagator';
import { createContextManagerFacade } from '../propagation/context-manager';

/** The plain field of a job's data that carries the trace context from producer to worker. */
export const TRACE_CONTEXT_FIELD = '_traceContext';

/** What `injectTraceContext` stores: W3C `traceparent` / `tracestate` / `baggage` header values. */
export type JobTraceContext = Record<string, string>;

/** Job data that may carry a trace context. */
export type WithTraceContext<D> = D & { [TRACE_CONTEXT_FIELD]?: JobTraceContext };

/** Options shared by the job helpers for moving context in and out of job data. */
export interface JobContextOptions {
  /**
   * Propagator writing and reading the `_traceContext` field. Default: W3C trace context + W3C
   * baggage (with the changes `baggage.set` made in the current scope), whatever the global propagator is: producer and worker are the same application, so
   * a fixed format keeps them compatible even when the HTTP edge uses B3 or Jaeger headers.
   */
  propagator?: TextMapPropagator;
}

let defaultPropagator: TextMapPropagator | undefined;
function resolvePropagator(options: JobContextOptions | undefined): TextMapPropagator {
  return (
    options?.propagator ??
    (defaultPropagator ??= new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new StrictBaggagePropagator()],
    }))
  );
}

/**
 * Returns a shallow copy of `data` with the trace context of `ctx` (default: the active context)
 * in a plain `_traceContext` field: `{ traceparent, tracestate?, baggage? }`, JSON-safe for any
 * queue (BullMQ, SQS, a database row). When there is no span to continue, the copy has no field.
 * The input object is never mutated.
 */
export function injectTraceContext<D extends object>(
  data: D,
  options: JobContextOptions & { context?: Context } = {},
): WithTraceContext<D> {
  const carrier: JobTraceContext = {};
  resolvePropagator(options).inject(options.context ?? api.active(), carrier, {
    set: (c, key, value) => {
      c[key] = String(value);
    },
  });
  const copy = { ...data } as WithTraceContext<D>;
  if (Object.keys(carrier).length > 0) copy[TRACE_CONTEXT_FIELD] = carrier;
  else delete copy[TRACE_CONTEXT_FIELD];
  return copy;
}

let headerReader: ReturnType<typeof createContextManagerFacade> | undefined;

/**
 * One reader for every carrier, as the design documents' `extractTraceContext(request)` is used.
 * The trace context carried by `source`, as a Context based on `base` (default: the active one):
 * - job data with a `_traceContext` field (what `injectTraceContext` wrote): read with the job
 *   propagator (`options.propagator`, default W3C trace context + baggage);
 * - anything else that carries headers — a fetch `Request`, a Node `IncomingMessage`, fetch
 *   `Headers`, a `Map` or a plain header record — read with the global propagator that
 *   `initializeTracing()` registered (`propagators` / `OTEL_PROPAGATORS`), names matched in any case.
 * Nothing usable (no headers, malformed values, an old producer) gives back `base` unchanged.
 * Never throws. Run code in the result with `context.with(ctx, fn)`.
 */
export function extractTraceContext(source: unknown, options: JobContextOptions & { base?: Context } = {}): Context {
  const base = options.base ?? api.active();
  const carrier = readCarrier(source);
  if (!carrier) return (headerReader ??= createContextManagerFacade()).extractContext(source, base);
  return resolvePropagator(options).extract(base, carrier, {
    get: (c, key) => (typeof c[key] === 'string' ? c[key] : undefined),
    keys: (c) => Object.keys(c),
  });
}

function readCarrier(data: unknown): Record<string, unknown> | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const field = (data as Record<string, unknown>)[TRACE_CONTEXT_FIELD];
  return typeof field === 'object' && field !== null && !Array.isArray(field) ? (field as Record<string, unknown>) : undefined;
}
