import { ProxyTracerProvider, type Context, type Span, type SpanOptions, type Tracer, type TracerOptions, type TracerProvider } from '@opentelemetry/api';
import { currentGeneration, currentProvider } from '../runtime/setup';

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

  constructor(
    private readonly name: string,
    private readonly version: string | undefined,
    private readonly options: TracerOptions | undefined,
  ) {}

  startSpan(name: string, options?: SpanOptions, context?: Context): Span {
    return this.delegate().startSpan(name, options, context);
  }

  startActiveSpan<F extends (span: Span) => unknown>(name: string, ...rest: unknown[]): ReturnType<F> {
    const tracer = this.delegate() as { startActiveSpan(name: string, ...args: unknown[]): ReturnType<F> };
    return tracer.startActiveSpan(name, ...rest);
  }

  private delegate(): Tracer {
    const generation = currentGeneration();
    if (this.tracer === undefined || this.generation !== generation) {
      this.tracer = (currentProvider() ?? NOOP_PROVIDER).getTracer(this.name, this.version, this.options);
      this.generation = generation;
    }
    return this.tracer;
  }
}
