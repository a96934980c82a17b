import { TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import {
  DEFAULT_JAEGER_REMOTE_ENDPOINT,
  SAMPLER_NAMES,
  checkSamplerArg,
  type JaegerRemoteSamplerArg,
  type SamplerName,
  type SamplerSpec,
} from './sampler-options';
import { createIgnorePathsSampler, type IgnorePathPattern } from './ignore-paths';
import { JaegerRemoteSampler } from './jaeger-remote-sampler';
import { RateLimitingSampler } from './rate-limiting-sampler';
import { parentBased, SharedAlwaysOffSampler, SharedAlwaysOnSampler } from './shared-results';
import type { Clock } from './token-bucket';

export interface CreateSamplerOptions {
  /** Paths whose requests are never sampled. Default none. Env `TRACEWRIGHT_IGNORE_PATHS`. */
  ignorePaths?: readonly IgnorePathPattern[];
  /** Service name the Jaeger remote sampler asks a strategy for. Default `unknown_service`. */
  serviceName?: string;
  /** Default endpoint of the Jaeger remote sampler. Default `http://localhost:5778/sampling`. */
  jaegerRemoteEndpoint?: string;
  /** Milliseconds clock for rate limiting (tests). */
  clock?: Clock;
}

/** Delegates sampling and passes `shutdown()` on to the remote sampler inside, for the SDK's shutdown. */
class ClosableSampler implements Sampler {
  constructor(
    private readonly inner: Sampler,
    readonly remote: JaegerRemoteSampler,
  ) {}
  shouldSample(context: Context, traceId: string, spanName: string, kind: SpanKind, attributes: Attributes, links: Link[]): SamplingResult {
    return this.inner.shouldSample(context, traceId, spanName, kind, attributes, links);
  }
  shutdown(): Promise<void> {
    return this.remote.shutdown();
  }
  close(): Promise<void> {
    return this.remote.shutdown();
  }
  toString(): string {
    return this.inner.toString();
  }
}

function isSampler(value: unknown): value is Sampler {
  return typeof value === 'object' && value !== null && typeof (value as Sampler).shouldSample === 'function';
}

function build(spec: SamplerSpec, options: CreateSamplerOptions): Sampler {
  const isParentBased = spec.name.startsWith('parentbased_');
  const root = (): Sampler => {
    switch (spec.name) {
      case 'always_on':
      case 'parentbased_always_on':
        return new SharedAlwaysOnSampler();
      case 'always_off':
      case 'parentbased_always_off':
        return new SharedAlwaysOffSampler();
      case 'traceidratio':
      case 'parentbased_traceidratio':
        return new TraceIdRatioBasedSampler((checkSamplerArg(spec.name, spec.arg) as number | undefined) ?? 1);
      case 'ratelimiting':
      case 'parentbased_ratelimiting':
        return new RateLimitingSampler((checkSamplerArg(spec.name, spec.arg) as number | undefined) ?? 1, options.clock);
      case 'jaeger_remote':
      case 'parentbased_jaeger_remote': {
        const arg = (checkSamplerArg(spec.name, spec.arg) ?? {}) as JaegerRemoteSamplerArg;
        return new JaegerRemoteSampler({
          endpoint: arg.endpoint || options.jaegerRemoteEndpoint || DEFAULT_JAEGER_REMOTE_ENDPOINT,
          serviceName: options.serviceName || 'unknown_service',
          pollingIntervalMs: arg.pollingIntervalMs,
          initialSampler: arg.initialSamplingRate === undefined ? undefined : new TraceIdRatioBasedSampler(arg.initialSamplingRate),
          clock: options.clock,
        });
      }
      default:
        throw new TracingConfigError('sampler', spec.name, `a Sampler or one of ${SAMPLER_NAMES.join(', ')}`);
    }
  };
  const rootSampler = root();
  const sampler = isParentBased ? parentBased(rootSampler) : rootSampler;
  if (rootSampler instanceof JaegerRemoteSampler && sampler !== rootSampler) return new ClosableSampler(sampler, rootSampler);
  return sampler;
}

/**
 * Whether the sampler {@link createSampler} makes from `spec` reads the attributes a span starts
 * with: a sampler given in code may, and so does the `ignorePaths` wrapper (it reads `url.path`);
 * the named ones decide on the parent, the trace id, the span name and the clock only, and add no
 * attributes of their own.
 */
export function samplerReadsAttributes(spec: SamplerSpec | Sampler, ignorePaths: readonly unknown[] = []): boolean {
  return isSampler(spec) || ignorePaths.length > 0;
}

/**
 * The sampler for a name (plain data from the config) or an instance given in code, wrapped to
 * drop `ignorePaths` requests at sampling time. A name that is not known, or an argument out of
 * range, throws `TracingConfigError` (the config warns about env junk before it gets here).
 * The result has `shutdown()` when it polls (Jaeger remote); call it on shutdown.
 */
export function createSampler(spec: SamplerSpec | Sampler, options: CreateSamplerOptions = {}): Sampler {
  let sampler: Sampler;
  if (isSampler(spec)) sampler = spec;
  else if (spec && typeof spec === 'object' && typeof spec.name === 'string') {
    const name = spec.name.trim().toLowerCase() as SamplerName;
    if (!SAMPLER_NAMES.includes(name)) {
      throw new TracingConfigError('sampler', spec.name, `a Sampler or one of ${SAMPLER_NAMES.join(', ')}`);
    }
    sampler = build({ name, arg: spec.arg }, options);
  } else {
    throw new TracingConfigError('sampler', spec, `a Sampler or { name: ${SAMPLER_NAMES.join(' | ')}, arg? }`);
  }
  return createIgnorePathsSampler(sampler, options.ignorePaths ?? []);
}
