import { TracingConfigError } from '../errors';

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

/** The Jaeger remote sampler's settings as data: each optional (see JaegerRemoteSamplerOptions). */
export interface JaegerRemoteSamplerArg {
  /** Sampling manager URL. @default {@link DEFAULT_JAEGER_REMOTE_ENDPOINT} */
  endpoint?: string;
  /** Milliseconds between polls. @default 60000 */
  pollingIntervalMs?: number;
  /** Ratio used until the first strategy arrives. @default 0.001 */
  initialSamplingRate?: number;
}

/**
 * A sampler as plain data (what the config resolves from `sampler`/`samplerArg`/`samplingRate`,
 * `OTEL_TRACES_SAMPLER`/`OTEL_TRACES_SAMPLER_ARG` or `JAEGER_SAMPLER`/`JAEGER_SAMPLER_PARAM`).
 * `arg`: the ratio (0..1, default 1) for the ratio samplers; traces per second (above 0, default 1)
 * for rate limiting; for the Jaeger remote sampler its settings, or the OTel specification's string
 * form `endpoint=URL,pollingIntervalMs=N,initialSamplingRate=R` (each part optional), a bare URL, or
 * a number (the initial ratio). The resolved config holds numbers and objects only.
 */
export interface SamplerSpec {
  name: SamplerName;
  arg?: number | string | JaegerRemoteSamplerArg;
}

export const DEFAULT_JAEGER_REMOTE_ENDPOINT = 'http://localhost:5778/sampling';

export function isRatioSampler(name: SamplerName): boolean {
  return name === 'traceidratio' || name === 'parentbased_traceidratio';
}

export function isRateSampler(name: SamplerName): boolean {
  return name === 'ratelimiting' || name === 'parentbased_ratelimiting';
}

export function isJaegerRemoteSampler(name: SamplerName): boolean {
  return name === 'jaeger_remote' || name === 'parentbased_jaeger_remote';
}

/** True for the samplers that take an argument. */
export function takesSamplerArg(name: SamplerName): boolean {
  return isRatioSampler(name) || isRateSampler(name) || isJaegerRemoteSampler(name);
}

const RATIO = 'a ratio from 0 to 1';
const RATE = 'traces per second, a number above 0';
const POLL = 'milliseconds between polls, at least 10';

function numberFrom(arg: unknown): number {
  if (typeof arg === 'number') return arg;
  return typeof arg === 'string' && arg.trim() !== '' ? Number(arg.trim()) : Number.NaN;
}

function ratio(value: number): boolean {
  return value >= 0 && value <= 1;
}

/**
 * The one check of a named sampler's argument, for the config (options and env) and for
 * createSampler: the argument as the sampler takes it (a number, or the remote sampler's settings;
 * undefined for the default or a sampler without one); a number may come as its text. Throws a
 * TracingConfigError naming `samplerArg`, what is allowed, and `hint` (default: the sampler).
 */
export function checkSamplerArg(name: SamplerName, arg: unknown, hint = `(sampler ${name})`): number | JaegerRemoteSamplerArg | undefined {
  if (arg === undefined || arg === '' || !takesSamplerArg(name)) return undefined;
  if (isJaegerRemoteSampler(name)) return jaegerRemoteArg(arg, hint);
  const value = numberFrom(arg);
  const rate = isRateSampler(name);
  if (rate ? !(value > 0 && Number.isFinite(value)) : !ratio(value)) {
    throw new TracingConfigError('samplerArg', arg, rate ? RATE : RATIO, hint);
  }
  return value;
}

function jaegerRemoteArg(arg: unknown, hint: string): JaegerRemoteSamplerArg {
  const fail = (allowed: string): never => {
    throw new TracingConfigError('samplerArg', arg, allowed, hint);
  };
  const parts: Record<string, unknown> =
    typeof arg === 'number'
      ? { initialSamplingRate: arg }
      : typeof arg === 'object' && arg !== null
        ? { ...(arg as Record<string, unknown>) }
        : typeof arg === 'string'
          ? parseSpecString(arg.trim(), fail)
          : fail('the remote sampler settings: an object, or endpoint=URL,pollingIntervalMs=N,initialSamplingRate=R');
  const out: JaegerRemoteSamplerArg = {};
  for (const [key, value] of Object.entries(parts)) {
    if (value === undefined) continue;
    if (key === 'endpoint') {
      if (typeof value !== 'string' || !/^https?:\/\//i.test(value) || !URL.canParse(value)) fail('endpoint: an http(s) URL');
      out.endpoint = value as string;
    } else if (key === 'pollingIntervalMs') {
      const n = numberFrom(value);
      if (!(n >= 10 && Number.isFinite(n))) fail(POLL);
      out.pollingIntervalMs = n;
    } else if (key === 'initialSamplingRate') {
      const n = numberFrom(value);
      if (!ratio(n)) fail(`initialSamplingRate: ${RATIO}`);
      out.initialSamplingRate = n;
    } else fail('keys endpoint, pollingIntervalMs, initialSamplingRate');
  }
  return out;
}

/** `endpoint=...,pollingIntervalMs=...,initialSamplingRate=...`, or a bare URL. */
function parseSpecString(text: string, fail: (allowed: string) => never): Record<string, string> {
  if (/^https?:\/\//i.test(text)) return { endpoint: text };
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq === -1) fail('endpoint=URL,pollingIntervalMs=N,initialSamplingRate=R');
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}
