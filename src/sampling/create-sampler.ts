import { TraceIdRatioBasedSampler, type Sampler, type SamplingResult } from '@opentelemetry/sdk-trace';
import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { createIgnorePathsSampler, type IgnorePathPattern } from './ignore-paths';
import { JaegerRemoteSampler } from './jaeger-remote-sampler';
import { RateLimitingSampler } from './rate-limiting-sampler';
import { parentBased, SharedAlwaysOffSampler, SharedAlwaysOnSampler } from './shared-results';
import type { Clock } from './token-bucket';

/** The OTel spec's `OTEL_TRACES_SAMPLER` names, plus tracewright's rate limiting. */
export type SamplerName =
  | 'always_on'
  | 'always_off'
  | 'traceidratio'
  | 'parentbased_always_on'
  | 'parentbased_always_off'
  | 'parentbased_traceidratio'
  | 'jaeger_remote'
  | 'parentbased_jaeger_remote'
  | 'ratelimiting'
  | 'parentbased_ratelimiting';

export const SAMPLER_NAMES: readonly SamplerName[] = Object.freeze([
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
  'jaeger_remote',
  'parentbased_jaeger_remote',
  'ratelimiting',
  'parentbased_ratelimiting',
]);

/**
 * A sampler as plain data (what the config resolves from `sampler`/`samplerArg`/`samplingRate`,
 * `OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` or `JAEGER_SAMPLER`/`JAEGER_SAMPLER_PARAM`).
 * `arg`: the ratio (0..1, default 1) for the ratio samplers; traces per second (>= 0, default 1)
 * for rate limiting; for the Jaeger remote sampler `endpoint=URL,pollingIntervalMs=N,initialSamplingRate=R`
 * (each part optional) as in the OTel specification.
 */
export interface SamplerSpec {
  name: SamplerName;
  arg?: number | string;
}

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

export const DEFAULT_JAEGER_REMOTE_ENDPOINT = 'http://localhost:5778/sampling';

function numberArg(name: SamplerName, arg: number | string | undefined, fallback: number, min: number, max: number): number {
  if (arg === undefined || arg === '') return fallback;
  const value = typeof arg === 'number' ? arg : Number(arg.trim());
  if (!Number.isFinite(value) || value < min || value > max) {
    const allowed = max === 1 ? 'a ratio from 0 to 1' : 'traces per second, a finite number >= 0';
    throw new TracingConfigError('samplerArg', arg, allowed, `(sampler ${name})`);
  }
  return value;
}

/** Parses `endpoint=...,pollingIntervalMs=...,initialSamplingRate=...`, a bare URL, or a number (the initial ratio). */
export function parseJaegerRemoteArg(arg: number | string | undefined): {
  endpoint?: string;
  pollingIntervalMs?: number;
  initialSamplingRate?: number;
} {
  if (arg === undefined || arg === '') return {};
  if (typeof arg === 'number') return { initialSamplingRate: numberArg('jaeger_remote', arg, 0.001, 0, 1) };
  if (/^https?:\/\//i.test(arg.trim())) return { endpoint: arg.trim() }; // a bare URL
  const out: { endpoint?: string; pollingIntervalMs?: number; initialSamplingRate?: number } = {};
  for (const part of arg.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) throw new TracingConfigError('samplerArg', arg, 'endpoint=URL,pollingIntervalMs=N,initialSamplingRate=R');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'endpoint') out.endpoint = value;
    else if (key === 'pollingIntervalMs') out.pollingIntervalMs = numberArg('jaeger_remote', value, 60_000, 10, Number.MAX_SAFE_INTEGER);
    else if (key === 'initialSamplingRate') out.initialSamplingRate = numberArg('jaeger_remote', value, 0.001, 0, 1);
    else throw new TracingConfigError('samplerArg', arg, 'keys endpoint, pollingIntervalMs, initialSamplingRate');
  }
  return out;
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
        return new TraceIdRatioBasedSampler(numberArg(spec.name, spec.arg, 1, 0, 1));
      case 'ratelimiting':
      case 'parentbased_ratelimiting':
        return new RateLimitingSampler(numberArg(spec.name, spec.arg, 1, 0, Number.MAX_VALUE), options.clock);
      case 'jaeger_remote':
      case 'parentbased_jaeger_remote': {
        const arg = parseJaegerRemoteArg(spec.arg);
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
