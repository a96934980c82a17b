import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

/**
 * The API's tracer of one name and version, for code that resolves its tracer per call (the
 * `getTracer()` facades, the helpers without an explicit tracer): looked up again only when the
 * provider behind the API changes, so it follows a provider the app registers itself, and swaps
 * of it, at the cost of one identity comparison per call. tracewright's own setups need no
 * lookup: the provider it registers follows each of them (src/sdk/following-provider.ts).
 */
export class GlobalTracer {
  private tracer: Tracer | undefined;
  private delegate: unknown;

  constructor(
    private readonly name: string,
    private readonly version: string,
  ) {}

  get(): Tracer {
    const provider = trace.getTracerProvider();
    const delegate = (provider as { getDelegate?: () => TracerProvider }).getDelegate?.() ?? provider;
    if (this.tracer === undefined || delegate !== this.delegate) {
      this.tracer = provider.getTracer(this.name, this.version);
      this.delegate = delegate;
    }
    return this.tracer;
  }
}
