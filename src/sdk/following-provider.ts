import { ProxyTracerProvider, trace, type Attributes, type Context, type Span, type SpanOptions, type Tracer, type TracerOptions, type TracerProvider } from '@opentelemetry/api';
import { currentGeneration, currentProvider, startAttributesUnread } from '../runtime/setup';
import { activeContext, runWithContext } from '../propagation/async-context';
import { LinkedContext } from '../propagation/linked-context';

const NOOP_PROVIDER = new ProxyTracerProvider();

/**
 * The provider tracewright registers with the API once per process. It forwards to the provider
 * of the running setup (src/runtime/setup.ts), so a tracer taken before a re-initialisation (a
 * module-level `trace.getTracer('m')`, a helper built earlier) follows the new setup instead of
 * feeding the one that was shut down: the API's proxy keeps the first tracer it was given for
 * good. Between setups it hands out non-recording spans.
 */
export class FollowingTracerProvider implements TracerProvider {
  private readonly tracers = new Map<string, FollowingTracer>();

  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    const key = `${name}\0${version ?? ''}\0${options?.schemaUrl ?? ''}`;
    let tracer = this.tracers.get(key);
    if (tracer === undefined) {
      tracer = new FollowingTracer(name, version, options);
      this.tracers.set(key, tracer);
    }
    return tracer;
  }
}

class FollowingTracer implements Tracer {
  private tracer: Tracer | undefined;
  private generation = -1;
  private deferAttributes = false;

  constructor(
    private readonly name: string,
    private readonly version: string | undefined,
    private readonly options: TracerOptions | undefined,
  ) {}

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    const tracer = this.delegate();
    const attributes = options?.attributes;
    // The SDK validates and copies start attributes twice (before and after the sampler); when
    // nothing reads them at the start, the same attributes set right after it are validated once.
    if (attributes === undefined || !this.deferAttributes || !settableAfterStart(attributes)) return tracer.startSpan(name, options, context);
    const span = tracer.startSpan(name, withoutAttributes(options!), context);
    span.setAttributes(attributes);
    return span;
  }

  // As the SDK's Tracer does it (options and context optional), through this tracer's startSpan
  // and with a linked context, called on tracewright's context manager directly when it is the
  // registered one.
  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    if (rest.length === 0) return undefined as ReturnType<F>;
    const fn = rest[Math.min(rest.length, 3) - 1] as F;
    const options = rest.length >= 2 ? (rest[0] as SpanOptions | undefined) : undefined;
    const parent = (rest.length >= 3 ? (rest[1] as Context | undefined) : undefined) ?? activeContext();
    const span = this.startSpan(name, options, parent);
    return runWithContext(trace.setSpan(LinkedContext.over(parent), span), fn as (span: Span) => ReturnType<F>, span);
  }

  private delegate(): Tracer {
    const generation = currentGeneration();
    if (this.tracer === undefined || this.generation !== generation) {
      this.tracer = (currentProvider() ?? NOOP_PROVIDER).getTracer(this.name, this.version, this.options);
      this.generation = generation;
      this.deferAttributes = startAttributesUnread();
    }
    return this.tracer;
  }
}

/**
 * Attributes that come out the same whether given at the start or set right after it: non-empty
 * keys and primitive values (the SDK keeps both alike; an invalid value is counted as dropped
 * only at the start, so anything else goes the SDK's way).
 */
function settableAfterStart(attributes: Attributes): boolean {
  for (const key in attributes) {
    if (key.length === 0) return false;
    const type = typeof attributes[key];
    if (type !== 'string' && type !== 'number' && type !== 'boolean' && type !== 'undefined') return false;
  }
  return true;
}

const NO_OPTIONS: SpanOptions = Object.freeze({});
// Span kinds are 0..4; one shared options object per kind for the common `{ kind, attributes }`.
const KIND_ONLY: readonly SpanOptions[] = [0, 1, 2, 3, 4].map((kind) => Object.freeze({ kind }));

function withoutAttributes(options: SpanOptions): SpanOptions {
  if (options.links === undefined && options.startTime === undefined && options.root === undefined) {
    if (options.kind === undefined) return NO_OPTIONS;
    const shared = KIND_ONLY[options.kind];
    if (shared !== undefined) return shared;
  }
  return { ...options, attributes: undefined };
}
