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
import { OnceLogger } from '../internal/diag';
import { markEnded, newestOpenSpan, pushOpenSpan } from './open-spans';
import { VERSION } from '../version';
import { isExplicitlyDisabled } from '../runtime/setup';
import { GlobalTracer } from './global-tracer';

/** An event given as one object: `tracer.addEvent(span, { name, attributes, timestamp })`, a form from the design documents. */
export interface SpanEventInput {
  name: string;
  attributes?: Attributes;
  timestamp?: TimeInput;
}

/** A status given with `description` (as the OpenTelemetry specification names it) instead of `message`. */
export interface SpanStatusInput {
  code: SpanStatusCode;
  /** Recorded as the status message; only kept with `ERROR`, per the specification. */
  description?: string;
  message?: string;
}

const once = new OnceLogger();

/** The tracer facade (the design documents' tracer API): thin, named helpers over an OpenTelemetry Tracer. */
export interface TracerFacade {
  /** The OpenTelemetry tracer underneath, for anything the facade does not cover. */
  readonly tracer: Tracer;
  /** Starts a span (not made active), a child of `ctx` or of the active context. */
  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span;
  /**
   * Starts a span that is a child of `parent` (a span or span context). Without `parent`: a child
   * of the active span, else of the newest span this facade started (`startSpan` /
   * `startChildSpan`) in the same async context that is still open; with neither, a new trace
   * (and a one-time warning, as that is rarely what was meant).
   */
  startChildSpan(name: string, parent?: Span | SpanContext, options?: SpanOptions): Span;
  /** Runs fn with a new span active; fn must end the span (as OpenTelemetry's startActiveSpan). */
  startActiveSpan<T>(name: string, fn: (span: Span) => T): T;
  startActiveSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T;
  startActiveSpan<T>(name: string, options: SpanOptions, ctx: Context, fn: (span: Span) => T): T;
  /** Ends a span, setting a status first when one is given. */
  endSpan(span: Span, status?: SpanStatus | SpanStatusCode, endTime?: TimeInput): void;
  /** Sets the status: a code (and message), `{ code, message }`, or `{ code, description }`. */
  setStatus(span: Span, status: SpanStatus | SpanStatusInput | SpanStatusCode, message?: string): void;
  /** Adds an event: `(span, name, attributes?, timestamp?)` or `(span, { name, attributes?, timestamp? })`. */
  addEvent(span: Span, name: string, attributes?: Attributes, timestamp?: TimeInput): void;
  addEvent(span: Span, event: SpanEventInput): void;
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

function toStatus(status: SpanStatus | SpanStatusInput | SpanStatusCode, message?: string): SpanStatus {
  if (typeof status === 'number') return message === undefined ? { code: status } : { code: status, message };
  const text = status.message ?? (status as SpanStatusInput).description;
  return text === undefined ? { code: status.code } : { code: status.code, message: text };
}

class Facade implements TracerFacade {
  constructor(private readonly fixedTracer: Tracer) {}

  get tracer(): Tracer {
    return this.fixedTracer;
  }

  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
    return track(this.tracer.startSpan(name, options, ctx ?? context.active()));
  }

  startChildSpan(name: string, parent?: Span | SpanContext, options?: SpanOptions): Span {
    const active = context.active();
    if (!parent) {
      const hasActive = trace.getSpan(active) !== undefined;
      const open = hasActive ? undefined : newestOpenSpan();
      const span = this.tracer.startSpan(name, options, open ? trace.setSpan(active, open) : active);
      // Only a recording span is worth the warning (not while tracing is off or not yet started).
      if (!hasActive && !open && span.isRecording())
        once.warn('startChildSpan', `startChildSpan("${name}") found no active span and no open span started by the tracer: it starts a new trace`);
      return track(span);
    }
    const parentCtx = 'spanContext' in parent ? trace.setSpan(active, parent) : trace.setSpanContext(active, parent);
    return track(this.tracer.startSpan(name, options, parentCtx));
  }

  startActiveSpan<T>(name: string, ...rest: unknown[]): T {
    return (this.tracer.startActiveSpan as (...args: unknown[]) => T)(name, ...rest);
  }

  endSpan(span: Span, status?: SpanStatus | SpanStatusCode, endTime?: TimeInput): void {
    if (status !== undefined) span.setStatus(toStatus(status));
    markEnded(span);
    span.end(endTime);
  }

  setStatus(span: Span, status: SpanStatus | SpanStatusInput | SpanStatusCode, message?: string): void {
    span.setStatus(toStatus(status, message));
  }

  addEvent(span: Span, nameOrEvent: string | SpanEventInput, attributes?: Attributes, timestamp?: TimeInput): void {
    if (typeof nameOrEvent === 'object' && nameOrEvent !== null) span.addEvent(String(nameOrEvent.name), nameOrEvent.attributes, nameOrEvent.timestamp);
    else span.addEvent(nameOrEvent, attributes, timestamp);
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

// Non-recording spans (tracing off, not sampled) are not worth remembering as parents.
function track(span: Span): Span {
  if (span.isRecording()) pushOpenSpan(span);
  return span;
}

/** The facade `getTracer()` hands out: the API's tracer of its name, followed per call (./global-tracer.ts). */
class GlobalFacade extends Facade {
  private readonly global: GlobalTracer;

  constructor(name: string, version: string) {
    const global = new GlobalTracer(name, version);
    super(global.get());
    this.global = global;
  }

  override get tracer(): Tracer {
    // Disabled: the no-op tracer runInSpan recognises and skips, so every method costs next to nothing.
    return isExplicitlyDisabled() ? DISABLED_TRACER : this.global.get();
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
