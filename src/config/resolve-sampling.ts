import type { TextMapPropagator } from '@opentelemetry/api';
import type { Sampler } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { DEFAULTS } from './defaults';
import { readFirst, readList, readNumber, readString, type Env, type Warn } from './env';
import type { PropagatorName, SamplerName, TracingOptions } from './options';
import type { SamplerSpec } from './resolved-config';
import { checkNumber, didYouMean } from './validate';
import { PROPAGATOR_NAMES } from '../propagation/propagator-options';
import { DEFAULT_JAEGER_REMOTE_ENDPOINT, SAMPLER_NAMES, checkSamplerArg, isRatioSampler, takesSamplerArg } from '../sampling/sampler-options';

// The name lists belong to the components that understand the names.
export { PROPAGATOR_NAMES } from '../propagation/propagator-options';
export { SAMPLER_NAMES } from '../sampling/sampler-options';

const RATIO = { min: 0, max: 1 } as const;

function isSampler(value: unknown): value is Sampler {
  return typeof value === 'object' && value !== null && typeof (value as Sampler).shouldSample === 'function';
}

export function resolveSampler(options: TracingOptions, env: Env, warn: Warn): SamplerSpec | Sampler {
  const rate = checkNumber('samplingRate', options.samplingRate, RATIO);
  if (options.sampler !== undefined) {
    const name = options.sampler;
    if (!isSampler(name) && !SAMPLER_NAMES.includes(name as SamplerName))
      throw new TracingConfigError('sampler', name, `a Sampler or one of ${SAMPLER_NAMES.join(', ')}`, didYouMean(name, SAMPLER_NAMES));
    // Two explicit options that disagree: refuse rather than silently ignore one of them.
    if (rate !== undefined && (isSampler(name) || !isRatioSampler(name)))
      throw new TracingConfigError(
        'samplingRate',
        rate,
        "a ratio from 0 to 1, and only with no sampler or sampler 'traceidratio' / 'parentbased_traceidratio'",
        `The sampler given is ${isSampler(name) ? 'a Sampler object' : `'${name}'`}, which would ignore samplingRate: remove one of the two.`,
      );
    if (isSampler(name)) return name;
    const arg = checkSamplerArg(name, options.samplerArg ?? (isRatioSampler(name) ? rate : undefined));
    return arg === undefined ? { name } : { name, arg };
  }
  if (rate !== undefined) return { name: 'parentbased_traceidratio', arg: rate };
  const spec = samplerFromEnv(env, warn, options.samplerArg !== undefined) ?? { name: DEFAULTS.sampler };
  // An explicit samplerArg beats OTEL_TRACES_SAMPLER_ARG (or JAEGER_SAMPLER_PARAM) for the
  // sampler the environment chose, when that sampler takes an argument.
  if (options.samplerArg === undefined || !takesSamplerArg(spec.name)) return spec;
  return { name: spec.name, arg: checkSamplerArg(spec.name, options.samplerArg, `(sampler ${spec.name} from the environment)`) };
}

/** `explicitArg`: the caller gave samplerArg, so OTEL_TRACES_SAMPLER_ARG is not read (nor warned about). */
function samplerFromEnv(env: Env, warn: Warn, explicitArg: boolean): SamplerSpec | undefined {
  const otel = readString(env, 'OTEL_TRACES_SAMPLER');
  if (otel !== undefined) {
    const name = otel.toLowerCase() as SamplerName;
    if (!SAMPLER_NAMES.includes(name)) {
      warn(`OTEL_TRACES_SAMPLER=${JSON.stringify(otel)} is not one of ${SAMPLER_NAMES.join(', ')}; using the default.`);
      return undefined;
    }
    const rawArg = explicitArg ? undefined : readString(env, 'OTEL_TRACES_SAMPLER_ARG');
    if (rawArg === undefined || !takesSamplerArg(name)) return { name };
    try {
      const arg = checkSamplerArg(name, rawArg);
      return arg === undefined ? { name } : { name, arg };
    } catch (error) {
      // The spec says: an invalid argument falls back to the default with a warning.
      warn(`OTEL_TRACES_SAMPLER_ARG=${JSON.stringify(rawArg)} is not ${(error as TracingConfigError).allowed}; using the default.`);
      return { name };
    }
  }
  const jaeger = samplerFromJaegerEnv(env, warn);
  if (jaeger) return jaeger;
  const rate = readNumber(env, ['OTEL_SAMPLING_RATE', 'TRACING_SAMPLE_RATE'], warn, RATIO);
  return rate === undefined ? undefined : { name: 'parentbased_traceidratio', arg: rate };
}

/** JAEGER_SAMPLER / JAEGER_SAMPLER_PARAM (names from the design documents), mapped onto the OTel samplers. */
function samplerFromJaegerEnv(env: Env, warn: Warn): SamplerSpec | undefined {
  const type = readString(env, 'JAEGER_SAMPLER');
  if (type === undefined) return undefined;
  const param = readFirst(env, ['JAEGER_SAMPLER_PARAM']);
  const number = param === undefined ? undefined : Number(param.value);
  switch (type.toLowerCase()) {
    case 'const':
      if (number === 0) return { name: 'parentbased_always_off' };
      if (number === 1 || number === undefined) return { name: 'parentbased_always_on' };
      break;
    case 'probabilistic':
      if (number !== undefined && number >= 0 && number <= 1) return { name: 'parentbased_traceidratio', arg: number };
      break;
    case 'ratelimiting':
      if (number !== undefined && number > 0 && Number.isFinite(number)) return { name: 'parentbased_ratelimiting', arg: number };
      break;
    case 'remote': {
      const hostPort = readString(env, 'JAEGER_SAMPLER_MANAGER_HOST_PORT');
      let endpoint = DEFAULT_JAEGER_REMOTE_ENDPOINT;
      if (hostPort) {
        const candidate = `http://${hostPort.replace(/^https?:\/\//, '')}/sampling`;
        if (/^[\w.\-[\]:]+$/.test(hostPort.replace(/^https?:\/\//, '')) && URL.canParse(candidate)) endpoint = candidate;
        else warn(`JAEGER_SAMPLER_MANAGER_HOST_PORT=${JSON.stringify(hostPort)} is not host:port; using ${endpoint}.`);
      }
      const initialSamplingRate = number !== undefined && number >= 0 && number <= 1 ? number : undefined;
      return { name: 'parentbased_jaeger_remote', arg: initialSamplingRate === undefined ? { endpoint } : { endpoint, initialSamplingRate } };
    }
    default:
      warn(`JAEGER_SAMPLER=${JSON.stringify(type)} is not one of const, probabilistic, rateLimiting, remote; using the default.`);
      return undefined;
  }
  if (param === undefined) warn(`JAEGER_SAMPLER_PARAM is not set, and JAEGER_SAMPLER=${type} needs it; using the default.`);
  else warn(`JAEGER_SAMPLER_PARAM=${JSON.stringify(param.value)} does not fit JAEGER_SAMPLER=${type}; using the default.`);
  return undefined;
}

function isPropagator(value: unknown): value is TextMapPropagator {
  return typeof value === 'object' && value !== null && typeof (value as TextMapPropagator).inject === 'function';
}

export function resolvePropagators(options: TracingOptions, env: Env, warn: Warn): (PropagatorName | TextMapPropagator)[] {
  if (options.propagators !== undefined) {
    if (!Array.isArray(options.propagators))
      throw new TracingConfigError('propagators', options.propagators, `an array of propagators or names (${PROPAGATOR_NAMES.join(', ')})`);
    for (const item of options.propagators) {
      if (!isPropagator(item) && !PROPAGATOR_NAMES.includes(item as PropagatorName))
        throw new TracingConfigError('propagators', item, `a TextMapPropagator or one of ${PROPAGATOR_NAMES.join(', ')}`, didYouMean(item, PROPAGATOR_NAMES));
    }
    return dedupeNames(options.propagators);
  }
  const list = readList(env, ['OTEL_PROPAGATORS']);
  if (!list) return [...DEFAULTS.propagators];
  const unknown = list.items.filter((name) => !PROPAGATOR_NAMES.includes(name as PropagatorName));
  if (unknown.length > 0) warn(`OTEL_PROPAGATORS names unknown propagators ${unknown.join(', ')}; known: ${PROPAGATOR_NAMES.join(', ')}.`);
  const known = list.items.filter((name) => PROPAGATOR_NAMES.includes(name as PropagatorName)) as PropagatorName[];
  if (known.includes('none')) return [];
  return known.length > 0 ? dedupeNames(known) : [...DEFAULTS.propagators];
}

function dedupeNames<T>(items: readonly T[]): T[] {
  return [...new Set(items)].filter((item) => item !== 'none');
}

export function resolveIgnorePaths(options: TracingOptions, env: Env): (string | RegExp)[] {
  if (options.ignorePaths !== undefined) {
    if (!Array.isArray(options.ignorePaths) || !options.ignorePaths.every((p) => typeof p === 'string' || p instanceof RegExp))
      throw new TracingConfigError('ignorePaths', options.ignorePaths, 'an array of path strings (a `*` glob allowed) or RegExps');
    return [...options.ignorePaths];
  }
  return readList(env, ['TRACEWRIGHT_IGNORE_PATHS'], false)?.items ?? [];
}
