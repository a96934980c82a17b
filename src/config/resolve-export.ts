import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { DEFAULTS } from './defaults';
import { PROCESSOR_LIMITS, resolveProcessorOptions } from '../pipeline/processor-options';
import { checkHeaders, filterEnvHeaders } from './headers';
import { readBoolean, readEnum, readFirst, readKeyValues, readList, readNumber, readString, type Env, type Warn } from './env';
import type { ExporterOrName, OtlpProtocol, TracingOptions } from './options';
import type { ResolvedConfig, ResolvedOtlp, ResolvedProcessor } from './resolved-config';
import { checkBoolean, checkEnum, checkNumber, checkString, checkStringRecord, checkUrl, didYouMean, isHttpUrl } from './validate';

const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];
// The processor's limits under the options' names: one definition (src/pipeline/processor-options.ts).
const LIMIT = PROCESSOR_LIMITS;
const TIMEOUT = LIMIT.exportTimeoutMillis;

function isExporterInstance(value: unknown): value is SpanExporter {
  return typeof value === 'object' && value !== null && typeof (value as SpanExporter).export === 'function';
}

export function resolveExporters(
  options: TracingOptions,
  env: Env,
  warn: Warn,
  knownNames: readonly string[],
): (string | SpanExporter)[] {
  if (options.exporterType !== undefined) {
    const given: readonly ExporterOrName[] = Array.isArray(options.exporterType)
      ? options.exporterType
      : [options.exporterType as ExporterOrName];
    const out: (string | SpanExporter)[] = [];
    for (const item of given) {
      if (isExporterInstance(item)) out.push(item);
      else if (typeof item === 'string' && knownNames.includes(item)) out.push(item);
      else
        throw new TracingConfigError(
          'exporterType',
          item,
          `one of ${knownNames.map((n) => `'${n}'`).join(', ')}, a SpanExporter, or a list of them`,
          didYouMean(item, knownNames),
        );
    }
    return dedupe(out.filter((item) => item !== 'none'));
  }
  const list = readList(env, ['OTEL_TRACES_EXPORTER']);
  if (!list) return [...DEFAULTS.exporters];
  if (list.items.includes('none')) return [];
  const known = list.items.filter((name) => knownNames.includes(name));
  const unknown = list.items.filter((name) => !knownNames.includes(name));
  if (unknown.length > 0) warn(`OTEL_TRACES_EXPORTER names unknown exporters ${unknown.join(', ')}; known: ${knownNames.join(', ')}.`);
  return known.length > 0 ? dedupe(known) : [...DEFAULTS.exporters];
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** The first of the per-signal and generic OTLP variables that is set. */
function otlpVar(suffix: string): string[] {
  return [`OTEL_EXPORTER_OTLP_TRACES_${suffix}`, `OTEL_EXPORTER_OTLP_${suffix}`];
}

export function resolveOtlp(options: TracingOptions, env: Env, warn: Warn, exportTimeout: number): ResolvedOtlp {
  const { protocol, endpoint } = resolveOtlpTarget(options, env, warn);
  const compression =
    checkEnum('compression', options.compression, ['gzip', 'none'] as const) ??
    readEnum(env, otlpVar('COMPRESSION'), ['gzip', 'none'] as const, warn) ??
    'none';
  return {
    endpoint,
    protocol,
    headers: checkHeaders('headers', checkStringRecord('headers', options.headers)) ?? otlpHeadersFromEnv(env, warn),
    timeoutMillis: exportTimeout,
    compression,
    certificateFile: checkString('certificateFile', options.certificateFile) ?? readFirst(env, otlpVar('CERTIFICATE'))?.value,
    clientKeyFile: checkString('clientKeyFile', options.clientKeyFile) ?? readFirst(env, otlpVar('CLIENT_KEY'))?.value,
    clientCertificateFile:
      checkString('clientCertificateFile', options.clientCertificateFile) ?? readFirst(env, otlpVar('CLIENT_CERTIFICATE'))?.value,
    insecure: checkBoolean('insecure', options.insecure) ?? readBoolean(env, otlpVar('INSECURE'), warn),
  };
}

/** The OTLP ports the specification assigns: 4317 for gRPC, 4318 for HTTP. */
const WELL_KNOWN_PORTS: Readonly<Record<string, OtlpProtocol>> = { '4317': 'grpc', '4318': 'http/protobuf' };

/**
 * Protocol and endpoint together, because each tells about the other: without a protocol (option
 * or OTEL_EXPORTER_OTLP[_TRACES]_PROTOCOL) the endpoint's well-known port decides it (4318 ->
 * http/protobuf, 4317 -> grpc), and only an HTTP protocol appends `/v1/traces` to
 * OTEL_EXPORTER_OTLP_ENDPOINT. An explicit protocol that contradicts a well-known port is kept,
 * with a warning. `host:port` without a scheme is an endpoint only for gRPC (TLS unless
 * `insecure`), as the OTLP exporter specification allows.
 */
function resolveOtlpTarget(options: TracingOptions, env: Env, warn: Warn): { protocol: OtlpProtocol; endpoint: string } {
  const explicitProtocol =
    checkEnum('protocol', options.protocol, PROTOCOLS) ?? readEnum(env, otlpVar('PROTOCOL'), PROTOCOLS, warn);
  let endpoint: string | undefined;
  let source = 'endpoint';
  let envBase: string | undefined;
  if (options.endpoint !== undefined) {
    endpoint = checkOtlpEndpoint(options.endpoint, explicitProtocol);
  } else {
    const signal = readString(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
    const base = signal === undefined ? readString(env, 'OTEL_EXPORTER_OTLP_ENDPOINT') : undefined;
    source = signal !== undefined ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT';
    const raw = signal ?? base;
    if (raw !== undefined && !isHttpUrl(raw) && !(isHostPort(raw) && explicitProtocol !== 'http/protobuf' && explicitProtocol !== 'http/json'))
      warn(`${source}=${JSON.stringify(raw)} is not an http(s) URL; using the default.`);
    else if (raw !== undefined) {
      endpoint = raw;
      envBase = base;
    }
  }
  const port = endpoint === undefined ? undefined : portOf(endpoint);
  const byPort = port === undefined ? undefined : WELL_KNOWN_PORTS[port];
  const protocol: OtlpProtocol =
    explicitProtocol ?? byPort ?? (endpoint !== undefined && isHostPort(endpoint) ? 'grpc' : DEFAULTS.otlpProtocol);
  if (explicitProtocol !== undefined && byPort !== undefined && (explicitProtocol === 'grpc') !== (byPort === 'grpc'))
    warn(`OTLP protocol '${explicitProtocol}' with ${source} port ${port}, the OTLP ${byPort === 'grpc' ? 'gRPC' : 'HTTP'} port: check the protocol and the port.`);
  if (endpoint !== undefined && isHostPort(endpoint) && protocol !== 'grpc') {
    // Only reachable through a port-implied HTTP protocol (collector:4318): HTTP needs a scheme.
    if (options.endpoint !== undefined)
      throw new TracingConfigError('endpoint', options.endpoint, `an absolute http:// or https:// URL (host:port without a scheme is for grpc only; protocol is '${protocol}')`);
    warn(`${source}=${JSON.stringify(endpoint)} has no scheme, which only grpc allows (protocol '${protocol}'); using the default.`);
    endpoint = undefined;
  }
  if (envBase !== undefined && endpoint !== undefined && protocol !== 'grpc') endpoint = `${envBase.replace(/\/+$/, '')}/v1/traces`;
  return { protocol, endpoint: endpoint ?? (protocol === 'grpc' ? DEFAULTS.otlpGrpcEndpoint : DEFAULTS.otlpHttpEndpoint) };
}

/** The `endpoint` option: an http(s) URL, or `host:port` unless an HTTP protocol was chosen. */
function checkOtlpEndpoint(value: unknown, protocol: OtlpProtocol | undefined): string {
  if (typeof value === 'string' && isHostPort(value.trim()) && (protocol === undefined || protocol === 'grpc')) return value.trim();
  return checkUrl('endpoint', value, protocol === undefined || protocol === 'grpc' ? 'an absolute http:// or https:// URL, or host:port for grpc' : undefined)!;
}

/** `collector:4317`, `10.0.0.5:4317`, `[::1]:4317`: a gRPC target without a scheme. */
function isHostPort(value: string): boolean {
  return /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/.test(value);
}

function portOf(endpoint: string): string | undefined {
  if (isHostPort(endpoint)) return endpoint.slice(endpoint.lastIndexOf(':') + 1);
  try {
    return new URL(endpoint).port || undefined;
  } catch {
    return undefined;
  }
}

/**
 * OTEL_EXPORTER_OTLP_HEADERS with OTEL_EXPORTER_OTLP_TRACES_HEADERS merged over it, key by key: a
 * deployment sets its auth once for every signal and adds or overrides per signal, as the OTel JS
 * exporters do.
 */
function otlpHeadersFromEnv(env: Env, warn: Warn): Record<string, string> {
  const read = (variable: string) => filterEnvHeaders(variable, readKeyValues(env, [variable], warn, true) ?? {}, warn);
  return { ...read('OTEL_EXPORTER_OTLP_HEADERS'), ...read('OTEL_EXPORTER_OTLP_TRACES_HEADERS') };
}

export function resolveExportTimeout(options: TracingOptions, env: Env, warn: Warn): number {
  return (
    checkNumber('exportTimeout', options.exportTimeout, TIMEOUT) ??
    readNumber(env, [...otlpVar('TIMEOUT'), 'OTEL_BSP_EXPORT_TIMEOUT'], warn, TIMEOUT) ??
    DEFAULTS.exportTimeout
  );
}

export function resolveProcessor(options: TracingOptions, env: Env, warn: Warn, exportTimeout: number): ResolvedProcessor {
  const explicitQueue = checkNumber('maxQueueSize', options.maxQueueSize, LIMIT.maxQueueSize);
  const explicitBatch = checkNumber('maxBatchSize', options.maxBatchSize, LIMIT.maxBatchSize);
  const maxQueueSize = explicitQueue ?? readNumber(env, ['OTEL_BSP_MAX_QUEUE_SIZE'], warn, LIMIT.maxQueueSize) ?? DEFAULTS.maxQueueSize;
  const envBatch = explicitBatch === undefined ? readNumber(env, ['OTEL_BSP_MAX_EXPORT_BATCH_SIZE'], warn, LIMIT.maxBatchSize) : undefined;
  let maxBatchSize = explicitBatch ?? envBatch ?? DEFAULTS.maxBatchSize;
  if (maxBatchSize > maxQueueSize) {
    if (explicitBatch !== undefined)
      throw new TracingConfigError('maxBatchSize', maxBatchSize, `an integer from 1 to maxQueueSize (${maxQueueSize})`);
    // A batch size from the env is junk whenever it does not fit the queue (wherever the queue
    // size came from); the default batch size is lowered quietly.
    if (envBatch !== undefined)
      warn(`OTEL_BSP_MAX_EXPORT_BATCH_SIZE=${maxBatchSize} is above the queue size ${maxQueueSize}; using ${maxQueueSize}.`);
    maxBatchSize = maxQueueSize;
  }
  const retry = options.retry ?? {};
  if (typeof retry !== 'object' || retry === null) throw new TracingConfigError('retry', retry, 'an object { maxAttempts, initialDelayMs, maxDelayMs, multiplier, jitter }');
  const retryValue = (key: keyof typeof DEFAULTS.retry, variable: string): number => {
    const rule = LIMIT[`retry.${key}`];
    return checkNumber(`retry.${key}`, retry[key], rule) ?? readNumber(env, [variable], warn, rule) ?? DEFAULTS.retry[key];
  };
  // What is left to decide (maxDelayMs below initialDelayMs) is the processor's own rule.
  return resolveProcessorOptions({
    batch: checkBoolean('enableBatch', options.enableBatch) ?? readBoolean(env, ['TRACEWRIGHT_ENABLE_BATCH'], warn) ?? DEFAULTS.enableBatch,
    scheduledDelayMillis:
      checkNumber('batchTimeout', options.batchTimeout, LIMIT.scheduledDelayMillis) ??
      readNumber(env, ['OTEL_BSP_SCHEDULE_DELAY'], warn, LIMIT.scheduledDelayMillis) ??
      DEFAULTS.batchTimeout,
    maxBatchSize,
    maxQueueSize,
    exportTimeoutMillis: exportTimeout,
    maxConcurrentExports:
      checkNumber('maxConcurrentExports', options.maxConcurrentExports, LIMIT.maxConcurrentExports) ??
      readNumber(env, ['TRACEWRIGHT_MAX_CONCURRENT_EXPORTS'], warn, LIMIT.maxConcurrentExports) ??
      DEFAULTS.maxConcurrentExports,
    retry: {
      maxAttempts: retryValue('maxAttempts', 'TRACEWRIGHT_RETRY_MAX_ATTEMPTS'),
      initialDelayMs: retryValue('initialDelayMs', 'TRACEWRIGHT_RETRY_INITIAL_DELAY_MS'),
      maxDelayMs: retryValue('maxDelayMs', 'TRACEWRIGHT_RETRY_MAX_DELAY_MS'),
      multiplier: retryValue('multiplier', 'TRACEWRIGHT_RETRY_MULTIPLIER'),
      jitter: retryValue('jitter', 'TRACEWRIGHT_RETRY_JITTER'),
    },
  });
}

export function resolveFileAndConsole(
  options: TracingOptions,
  env: Env,
  warn: Warn,
  exportTimeout: number,
): Pick<ResolvedConfig, 'file' | 'console' | 'zipkin'> {
  let zipkinEndpoint = checkUrl('zipkinEndpoint', options.zipkinEndpoint);
  if (zipkinEndpoint === undefined) {
    const fromEnv = readString(env, 'OTEL_EXPORTER_ZIPKIN_ENDPOINT');
    if (fromEnv !== undefined && !isHttpUrl(fromEnv)) warn(`OTEL_EXPORTER_ZIPKIN_ENDPOINT=${JSON.stringify(fromEnv)} is not an http(s) URL; using the default.`);
    else zipkinEndpoint = fromEnv;
  }
  return {
    zipkin: {
      endpoint: zipkinEndpoint ?? DEFAULTS.zipkinEndpoint,
      // An explicit exportTimeout beats the env, the Zipkin-specific variable included.
      timeoutMillis:
        options.exportTimeout !== undefined
          ? exportTimeout
          : (readNumber(env, ['OTEL_EXPORTER_ZIPKIN_TIMEOUT'], warn, TIMEOUT) ?? exportTimeout),
    },
    file: {
      path: checkString('filePath', options.filePath) ?? readString(env, 'TRACEWRIGHT_FILE_PATH') ?? DEFAULTS.filePath,
      maxFileBytes:
        checkNumber('fileMaxBytes', options.fileMaxBytes, { integer: true, min: 1024 }) ??
        readNumber(env, ['TRACEWRIGHT_FILE_MAX_BYTES'], warn, { integer: true, min: 1024 }) ??
        DEFAULTS.fileMaxBytes,
      maxFiles:
        checkNumber('fileMaxFiles', options.fileMaxFiles, { integer: true, min: 0 }) ??
        readNumber(env, ['TRACEWRIGHT_FILE_MAX_FILES'], warn, { integer: true, min: 0 }) ??
        DEFAULTS.fileMaxFiles,
    },
    console: {
      format:
        checkEnum('consoleFormat', options.consoleFormat, ['tree', 'json'] as const) ??
        readEnum(env, ['TRACEWRIGHT_CONSOLE_FORMAT'], ['tree', 'json'] as const, warn) ??
        'tree',
    },
  };
}
