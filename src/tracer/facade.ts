import {
  context,
  trace,
  SpanStatusCode,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type SpanContext,
  type SpanOptions,
  type SpanStatus,
  type TimeInput,
  type Tracer,
} from '@opentelemetry/api';
import { DISABLED_TRACER, recordError, runInSpan } from './run-in-span';
import { VERSION } from '../version';
import { currentGeneration, isExplicitlyDisabled } from './generation';

/** The seed's tracer API: thin, named helpers over an OpenTelemetry Tracer. */
export interface TracerFacade {
  /** The OpenTelemetry tracer underneath, for anything the facade does not cover. */
  readonly tracer: Tracer;
  /** Starts a span (not made active), a child of `ctx` or of the active context. */
  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span;
  /** Starts a span that is a child of `parent` (a span or span context), else of the active span. */
  startChildSpan(name: string, parent?: Span | SpanContext, options?: SpanOptions): Span;
  /** Runs fn with a new span active; fn must end the span (as OpenTelemetry's startActiveSpan). */
  startActiveSpan<T>(name: string, fn: (span: Span) => T): T;
  startActiveSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T;
  startActiveSpan<T>(name: string, options: SpanOptions, ctx: Context, fn: (span: Span) => T): T;
  /** Ends a span, setting a status first when one is given. */
  endSpan(span: Span, status?: SpanStatus | SpanStatusCode, endTime?: TimeInput): void;
  setStatus(span: Span, status: SpanStatus | SpanStatusCode, message?: string): void;
  addEvent(span: Span, name: string, attributes?: Attributes): void;
  /** Records the exception as an event and sets ERROR status with its message. */
  recordException(span: Span, error: unknown): void;
  addLinks(span: Span, links: Link[]): void;
  /** Returns fn wrapped so that each call runs in a span named `name` (sync fn). */
  wrapWithSpan<A extends unknown[], R>(name: string, fn: (...args: A) => R, options?: SpanOptions): (...args: A) => R;
  /** Returns fn wrapped so that each call runs in a span that ends when its promise settles. */
  wrapAsyncWithSpan<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, options?: SpanOptions): (...args: A) => Promise<R>;
  /** Runs fn in a new active span, ends it, records a throw with ERROR status and rethrows. */
  withSpan<T>(name: string, fn: (span: Span) => T, attributes?: Attributes): T;
}

function toStatus(status: SpanStatus | SpanStatusCode, message?: string): SpanStatus {
  return typeof status === 'number' ? (message === undefined ? { code: status } : { code: status, message }) : status;
}

class Facade implements TracerFacade {
  constructor(private readonly fixedTracer: Tracer) {}

  get tracer(): Tracer {
    return this.fixedTracer;
  }

  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
    return this.tracer.startSpan(name, options, ctx ?? context.active());
  }

  startChildSpan(name: string, parent?: Span | SpanContext, options?: SpanOptions): Span {
    const active = context.active();
    if (!parent) return this.tracer.startSpan(name, options, active);
    const parentCtx = 'spanContext' in parent ? trace.setSpan(active, parent) : trace.setSpanContext(active, parent);
    return this.tracer.startSpan(name, options, parentCtx);
  }

  startActiveSpan<T>(name: string, ...rest: unknown[]): T {
    return (this.tracer.startActiveSpan as (...args: unknown[]) => T)(name, ...rest);
  }

  endSpan(span: Span, status?: SpanStatus | SpanStatusCode, endTime?: TimeInput): void {
    if (status !== undefined) span.setStatus(toStatus(status));
    span.end(endTime);
  }

  setStatus(span: Span, status: SpanStatus | SpanStatusCode, message?: string): void {
    span.setStatus(toStatus(status, message));
  }

  addEvent(span: Span, name: string, attributes?: Attributes): void {
    span.addEvent(name, attributes);
  }

  recordException(span: Span, error: unknown): void {
    recordError(span, error);
  }

  addLinks(span: Span, links: Link[]): void {
    span.addLinks(links);
  }

  // The wrappers read the facade's tracer on each call, not once: a function wrapped at import
  // time follows a later initializeTracing(), a re-initialisation, and a disabled setup.
  wrapWithSpan<A extends unknown[], R>(name: string, fn: (...args: A) => R, options: SpanOptions = {}): (...args: A) => R {
    const facade = this;
    return function (this: unknown, ...args: A): R {
      return runInSpan(facade.tracer, name, options, () => fn.apply(this, args));
    };
  }

  wrapAsyncWithSpan<A extends unknown[], R>(name: string, fn: (...args: A) => Promise<R>, options: SpanOptions = {}): (...args: A) => Promise<R> {
    const facade = this;
    return function (this: unknown, ...args: A): Promise<R> {
      return runInSpan(facade.tracer, name, options, async () => fn.apply(this, args));
    };
  }

  withSpan<T>(name: string, fn: (span: Span) => T, attributes?: Attributes): T {
    return runInSpan(this.tracer, name, attributes ? { attributes } : {}, fn);
  }
}

/** The facade `getTracer()` hands out: takes a fresh global tracer after each setup change. */
class GlobalFacade extends Facade {
  private current: Tracer;
  private generation = currentGeneration();

  constructor(
    private readonly name: string,
    private readonly version: string,
  ) {
    const tracer = trace.getTracer(name, version);
    super(tracer);
    this.current = tracer;
  }

  override get tracer(): Tracer {
    // Disabled: the no-op tracer runInSpan recognises and skips, so every method costs next to nothing.
    if (isExplicitlyDisabled()) return DISABLED_TRACER;
    if (this.generation !== currentGeneration()) {
      this.generation = currentGeneration();
      this.current = trace.getTracer(this.name, this.version);
    }
    return this.current;
  }
}

const facades = new Map<string, TracerFacade>();
// The module-level helpers ask for the default facade on every call: no key building or lookup.
let defaultFacade: TracerFacade | undefined;

/**
 * The tracer facade. Tracers come from the global provider each time they are used through the
 * API's proxy, so a facade taken before `initializeTracing` works once tracing starts.
 */
export function getTracer(name = 'tracewright', version: string = VERSION): TracerFacade {
  if (name === 'tracewright' && version === VERSION) return (defaultFacade ??= new GlobalFacade(name, version));
  const key = `${name}@${version}`;
  let facade = facades.get(key);
  if (!facade) {
    facade = new GlobalFacade(name, version);
    facades.set(key, facade);
  }
  return facade;
}

/** A facade over a tracer of the caller's choosing (a test provider, say). */
export function createTracerFacade(tracer: Tracer): TracerFacade {
  return new Facade(tracer);
}

export { SpanStatusCode };
