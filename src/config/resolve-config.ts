import type { AttributeValue, Attributes } from '@opentelemetry/api';
import { TracingConfigError } from '../errors';
import { logger } from '../internal/diag';
import { DEFAULTS } from './defaults';
import { resolveAnalysis } from './resolve-analysis';
import { readBoolean, readEnum, readKeyValues, readList, readNumber, readString, type Env, type Warn } from './env';
import type { LogLevelName, TracingOptions } from './options';
import type { ResolvedConfig, ResolvedInstrumentation } from './resolved-config';
import {
  resolveExportTimeout,
  resolveExporters,
  resolveFileAndConsole,
  resolveOtlp,
  resolveProcessor,
} from './resolve-export';
import { resolveJaeger } from './resolve-jaeger';
import { resolveSelfMetrics, resolveSpool } from './resolve-spool';
import { resolveIgnorePaths, resolvePropagators, resolveSampler } from './resolve-sampling';
import { checkBoolean, checkEnum, checkKnownKeys, checkNumber, checkString, checkStringList } from './validate';
import { ANALYSIS_OPTION_KEYS, OPTION_HINTS, RETRY_OPTION_KEYS, SPAN_LIMIT_OPTION_KEYS, TRACING_OPTION_KEYS } from './option-keys';

export const LOG_LEVELS: readonly LogLevelName[] = ['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'];
const BUILT_IN_EXPORTERS = ['otlp', 'jaeger', 'zipkin', 'console', 'memory', 'file', 'none'];
// Infinity means "no limit" (the default value length limit), so it is accepted too.
const LIMIT = { integer: true, min: 0, allowInfinity: true } as const;

export interface ResolveConfigContext {
  /** Exporter names that may be used (built-ins plus registered ones). */
  exporterNames?: readonly string[];
  /** Receives one line per junk environment value. Default: a `diag` warning. */
  warn?: Warn;
}

/**
 * Turns options + environment + defaults into one frozen config. Precedence: explicit option >
 * environment > default. Bad explicit options throw a TracingConfigError; junk in the environment
 * warns once (naming the variable) and falls back to the default.
 */
export function resolveConfig(options: TracingOptions = {}, env: Env = process.env, context: ResolveConfigContext = {}): ResolvedConfig {
  if (typeof options !== 'object' || options === null) throw new TracingConfigError('options', options, 'an object of tracing options');
  // A misspelt or foreign option would otherwise be ignored without a word.
  checkKnownKeys('', options, TRACING_OPTION_KEYS, OPTION_HINTS);
  checkKnownKeys('retry', options.retry, RETRY_OPTION_KEYS);
  checkKnownKeys('spanLimits', options.spanLimits, SPAN_LIMIT_OPTION_KEYS);
  checkKnownKeys('analysis', options.analysis, ANALYSIS_OPTION_KEYS);
  const warn = context.warn ?? ((message: string) => logger.warn(message));
  const exporterNames = context.exporterNames ?? BUILT_IN_EXPORTERS;

  const enabled = resolveEnabled(options, env, warn);
  if (options.resourceAttributes !== undefined && (typeof options.resourceAttributes !== 'object' || options.resourceAttributes === null))
    throw new TracingConfigError('resourceAttributes', options.resourceAttributes, 'an object of attribute values');
  const explicitResource = options.resourceAttributes ?? {};
  const envResource = readKeyValues(env, ['OTEL_RESOURCE_ATTRIBUTES'], warn) ?? {};
  // The service attributes given in code (as an option or inside `resourceAttributes`) are explicit
  // options too, so they beat every environment source.
  const serviceName =
    checkString('serviceName', options.serviceName) ??
    nonBlank(explicitResource['service.name']) ??
    readString(env, 'OTEL_SERVICE_NAME') ??
    readString(env, 'SERVICE_NAME') ??
    nonBlank(envResource['service.name']);
  if (serviceName === undefined && enabled)
    throw new TracingConfigError('serviceName', options.serviceName, 'a non-empty string', 'Pass { serviceName } or set OTEL_SERVICE_NAME.');
  const serviceVersion =
    checkString('serviceVersion', options.serviceVersion) ??
    nonBlank(explicitResource['service.version']) ??
    readString(env, 'OTEL_SERVICE_VERSION') ??
    nonBlank(envResource['service.version']);
  const environment =
    checkString('environment', options.environment) ??
    nonBlank(explicitResource['deployment.environment.name']) ??
    nonBlank(envResource['deployment.environment.name']) ??
    readString(env, 'DEPLOYMENT_ENVIRONMENT') ??
    readString(env, 'NODE_ENV');

  const resourceAttributes: Attributes = { ...envResource };
  // Array values are copied so that freezing the result never freezes the caller's arrays.
  for (const [key, value] of Object.entries(explicitResource)) resourceAttributes[key] = (Array.isArray(value) ? [...value] : value) as AttributeValue | undefined;
  resourceAttributes['service.name'] = serviceName ?? 'unknown_service';
  if (serviceVersion !== undefined) resourceAttributes['service.version'] = serviceVersion;
  if (environment !== undefined) resourceAttributes['deployment.environment.name'] = environment;

  const exportTimeout = resolveExportTimeout(options, env, warn);
  const exporters = resolveExporters(options, env, warn, exporterNames);
  const otlp = resolveOtlp(options, env, warn, exportTimeout);
  const config: ResolvedConfig = {
    enabled,
    serviceName: serviceName ?? 'unknown_service',
    serviceVersion,
    environment,
    resourceAttributes,
    exporters,
    otlp,
    jaeger: resolveJaeger(options, env, warn, otlp, exporters.includes('jaeger')),
    ...resolveFileAndConsole(options, env, warn, exportTimeout),
    sampler: resolveSampler(options, env, warn),
    propagators: resolvePropagators(options, env, warn),
    ignorePaths: resolveIgnorePaths(options, env),
    processor: resolveProcessor(options, env, warn, exportTimeout),
    spool: resolveSpool(options, env, warn),
    selfMetrics: resolveSelfMetrics(options, env, warn),
    spanLimits: resolveSpanLimits(options, env, warn),
    instrumentation: resolveInstrumentation(options, env, warn),
    handleSignals: checkBoolean('handleSignals', options.handleSignals) ?? readBoolean(env, ['TRACEWRIGHT_HANDLE_SIGNALS'], warn) ?? true,
    logLevel: checkEnum('logLevel', options.logLevel, LOG_LEVELS) ?? readEnum(env, ['OTEL_LOG_LEVEL'], LOG_LEVELS, warn) ?? DEFAULTS.logLevel,
    analysis: resolveAnalysis(options, env, warn),
  };
  return deepFreeze(config);
}

function resolveEnabled(options: TracingOptions, env: Env, warn: Warn): boolean {
  const explicit = checkBoolean('enabled', options.enabled);
  if (explicit !== undefined) return explicit;
  if (readBoolean(env, ['OTEL_SDK_DISABLED'], warn) === true) return false;
  const alias = readBoolean(env, ['OTEL_ENABLED', 'TRACING_ENABLED'], warn);
  return alias ?? true;
}

function resolveSpanLimits(options: TracingOptions, env: Env, warn: Warn): ResolvedConfig['spanLimits'] {
  const limits = options.spanLimits ?? {};
  if (typeof limits !== 'object' || limits === null) throw new TracingConfigError('spanLimits', limits, 'an object of span limits');
  const pick = (key: keyof typeof DEFAULTS.spanLimits, names: string[]): number =>
    checkNumber(`spanLimits.${key}`, limits[key], LIMIT) ?? readNumber(env, names, warn, LIMIT) ?? DEFAULTS.spanLimits[key];
  return {
    attributeCountLimit: pick('attributeCountLimit', ['OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT']),
    attributeValueLengthLimit: pick('attributeValueLengthLimit', ['OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT']),
    eventCountLimit: pick('eventCountLimit', ['OTEL_SPAN_EVENT_COUNT_LIMIT']),
    linkCountLimit: pick('linkCountLimit', ['OTEL_SPAN_LINK_COUNT_LIMIT']),
    attributePerEventCountLimit: pick('attributePerEventCountLimit', ['OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT']),
    attributePerLinkCountLimit: pick('attributePerLinkCountLimit', ['OTEL_LINK_ATTRIBUTE_COUNT_LIMIT']),
  };
}

function resolveInstrumentation(options: TracingOptions, env: Env, warn: Warn): ResolvedInstrumentation {
  const flag = (key: keyof TracingOptions, envName: string, fallback: boolean): boolean =>
    checkBoolean(key, options[key]) ?? readBoolean(env, [envName], warn) ?? fallback;
  const headers = (key: 'captureRequestHeaders' | 'captureResponseHeaders', envName: string): string[] =>
    (checkStringList(key, options[key]) ?? readList(env, [envName])?.items ?? []).map((h) => h.toLowerCase());
  return {
    enableHttp: flag('enableHttp', 'TRACEWRIGHT_ENABLE_HTTP', true),
    enableDatabase: flag('enableDatabase', 'TRACEWRIGHT_ENABLE_DATABASE', true),
    enableRedis: flag('enableRedis', 'TRACEWRIGHT_ENABLE_REDIS', true),
    enableDiscord: flag('enableDiscord', 'TRACEWRIGHT_ENABLE_DISCORD', true),
    captureBodies: flag('captureBodies', 'TRACEWRIGHT_CAPTURE_BODIES', false),
    sanitizeQueries: flag('sanitizeQueries', 'TRACEWRIGHT_SANITIZE_QUERIES', true),
    sanitizeKeys: flag('sanitizeKeys', 'TRACEWRIGHT_SANITIZE_KEYS', true),
    captureRequestHeaders: headers('captureRequestHeaders', 'TRACEWRIGHT_CAPTURE_REQUEST_HEADERS'),
    captureResponseHeaders: headers('captureResponseHeaders', 'TRACEWRIGHT_CAPTURE_RESPONSE_HEADERS'),
    traceResponseHeader: flag('traceResponseHeader', 'TRACEWRIGHT_TRACE_RESPONSE_HEADER', false),
  };
}

function nonBlank(value: unknown): string | undefined {
  return typeof value !== 'string' || value.trim() === '' ? undefined : value.trim();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value) && !isInstance(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Exporter, sampler and propagator instances and RegExps belong to the user: not frozen. That
 * covers instances written as object literals (`{ export() {}, shutdown() {} }`): config data never
 * holds functions, so an object with a method is an instance.
 */
function isInstance(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return true;
  return !Array.isArray(value) && Object.values(value).some((child) => typeof child === 'function');
}
