import { AlwaysOnSampler } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../src/config/env';
import type { TracingOptions } from '../../src/config/options';
import { resolveConfig } from '../../src/config/resolve-config';
import { didYouMean } from '../../src/config/validate';
import { isTracingError, TracingConfigError } from '../../src/errors';
import { BASE_ENV, expectConfigError, resolve } from './helpers';

interface ErrorRow {
  name: string;
  /** Deliberately loose: rows pass values that the types forbid, as JavaScript callers can. */
  options: Record<string, unknown>;
  env?: Env;
  option: string;
  value: unknown;
  message: RegExp;
}

const NON_EMPTY = /allowed: a non-empty string\./;
const BOOLEAN = /allowed: true or false\./;
const URL_ALLOWED = /allowed: an absolute http:\/\/ or https:\/\/ URL\./;
const OTLP_URL_ALLOWED = /allowed: an absolute http:\/\/ or https:\/\/ URL, or host:port for grpc\./;

const booleanOptions = [
  'enabled', 'insecure', 'enableBatch', 'enableHttp', 'enableDatabase', 'enableRedis', 'enableDiscord',
  'captureBodies', 'sanitizeQueries', 'sanitizeKeys', 'traceResponseHeader', 'handleSignals',
] as const;

const rows: ErrorRow[] = [
  // service identity
  { name: 'serviceName empty', options: { serviceName: '' }, option: 'serviceName', value: '', message: NON_EMPTY },
  { name: 'serviceName blank, even with OTEL_SERVICE_NAME set', options: { serviceName: '   ' }, env: { OTEL_SERVICE_NAME: 'svc' }, option: 'serviceName', value: '   ', message: NON_EMPTY },
  { name: 'serviceName a number', options: { serviceName: 42 }, option: 'serviceName', value: 42, message: /got 42; allowed: a non-empty string/ },
  { name: 'serviceName missing', options: {}, env: {}, option: 'serviceName', value: undefined, message: /got undefined; allowed: a non-empty string\. Pass \{ serviceName \} or set OTEL_SERVICE_NAME\./ },
  { name: 'serviceVersion empty', options: { serviceVersion: '' }, option: 'serviceVersion', value: '', message: NON_EMPTY },
  { name: 'serviceVersion a number', options: { serviceVersion: 1 }, option: 'serviceVersion', value: 1, message: NON_EMPTY },
  { name: 'environment empty', options: { environment: ' ' }, option: 'environment', value: ' ', message: NON_EMPTY },
  { name: 'resourceAttributes a string', options: { resourceAttributes: 'team=x' }, option: 'resourceAttributes', value: 'team=x', message: /allowed: an object of attribute values/ },
  { name: 'resourceAttributes null', options: { resourceAttributes: null }, option: 'resourceAttributes', value: null, message: /got null; allowed: an object of attribute values/ },
  // booleans
  ...booleanOptions.flatMap((option): ErrorRow[] => [
    { name: `${option} "true" (a string)`, options: { [option]: 'true' }, option, value: 'true', message: BOOLEAN },
    { name: `${option} 1`, options: { [option]: 1 }, option, value: 1, message: BOOLEAN },
  ]),
  // exporters
  { name: "exporterType 'jeager'", options: { exporterType: 'jeager' }, option: 'exporterType', value: 'jeager', message: /allowed: one of 'otlp', 'jaeger', 'zipkin', 'console', 'memory', 'file', 'none', a SpanExporter, or a list of them\. Did you mean 'jaeger'\?$/ },
  { name: "exporterType 'otpl'", options: { exporterType: 'otpl' }, option: 'exporterType', value: 'otpl', message: /Did you mean 'otlp'\?/ },
  { name: "exporterType 'OTLP' (case matters in code)", options: { exporterType: 'OTLP' }, option: 'exporterType', value: 'OTLP', message: /Did you mean 'otlp'\?/ },
  { name: 'exporterType unknown in a list', options: { exporterType: ['console', 'prometheus'] }, option: 'exporterType', value: 'prometheus', message: /got "prometheus"; allowed: one of 'otlp'.*list of them\.$/ },
  { name: 'exporterType a number', options: { exporterType: 42 }, option: 'exporterType', value: 42, message: /got 42/ },
  { name: 'exporterType an object without export()', options: { exporterType: { shutdown() {} } }, option: 'exporterType', value: expect.any(Object), message: /a SpanExporter/ },
  // OTLP
  { name: 'endpoint not a URL', options: { endpoint: 'not a url' }, option: 'endpoint', value: 'not a url', message: OTLP_URL_ALLOWED },
  { name: 'endpoint host:port with protocol http/protobuf', options: { endpoint: 'collector:4318', protocol: 'http/protobuf' }, option: 'endpoint', value: 'collector:4318', message: /allowed: an absolute http:\/\/ or https:\/\/ URL\./ },
  { name: 'endpoint host:port on the HTTP port', options: { endpoint: 'collector:4318' }, option: 'endpoint', value: 'collector:4318', message: /host:port without a scheme is for grpc only; protocol is 'http\/protobuf'/ },
  { name: 'endpoint ftp', options: { endpoint: 'ftp://collector' }, option: 'endpoint', value: 'ftp://collector', message: OTLP_URL_ALLOWED },
  { name: 'endpoint empty', options: { endpoint: '' }, option: 'endpoint', value: '', message: OTLP_URL_ALLOWED },
  { name: 'endpoint a URL object', options: { endpoint: 42 }, option: 'endpoint', value: 42, message: OTLP_URL_ALLOWED },
  { name: "protocol 'http'", options: { protocol: 'http' }, option: 'protocol', value: 'http', message: /allowed: 'grpc', 'http\/protobuf', 'http\/json'\./ },
  { name: "protocol 'grcp'", options: { protocol: 'grcp' }, option: 'protocol', value: 'grcp', message: /Did you mean 'grpc'\?/ },
  { name: 'headers a string', options: { headers: 'a=1' }, option: 'headers', value: 'a=1', message: /allowed: an object of string values/ },
  { name: 'headers with a number value', options: { headers: { a: 1 } }, option: 'headers', value: { a: 1 }, message: /got \{"a":1\}; allowed: an object of string values/ },
  { name: 'headers an array', options: { headers: ['a'] }, option: 'headers', value: ['a'], message: /an object of string values/ },
  { name: 'headers null', options: { headers: null }, option: 'headers', value: null, message: /an object of string values/ },
  { name: "compression 'gzp'", options: { compression: 'gzp' }, option: 'compression', value: 'gzp', message: /allowed: 'gzip', 'none'\. Did you mean 'gzip'\?/ },
  { name: "compression 'brotli'", options: { compression: 'brotli' }, option: 'compression', value: 'brotli', message: /allowed: 'gzip', 'none'\.$/ },
  { name: 'certificateFile empty', options: { certificateFile: '' }, option: 'certificateFile', value: '', message: NON_EMPTY },
  { name: 'clientKeyFile a number', options: { clientKeyFile: 5 }, option: 'clientKeyFile', value: 5, message: NON_EMPTY },
  { name: 'clientCertificateFile blank', options: { clientCertificateFile: ' ' }, option: 'clientCertificateFile', value: ' ', message: NON_EMPTY },
  { name: 'exportTimeout 0', options: { exportTimeout: 0 }, option: 'exportTimeout', value: 0, message: /allowed: an integer from 1 to 2147483647\./ },
  { name: 'exportTimeout negative', options: { exportTimeout: -1 }, option: 'exportTimeout', value: -1, message: /an integer from 1 to 2147483647/ },
  { name: 'exportTimeout 1.5', options: { exportTimeout: 1.5 }, option: 'exportTimeout', value: 1.5, message: /an integer from 1 to 2147483647/ },
  { name: "exportTimeout '1000' (a string)", options: { exportTimeout: '1000' }, option: 'exportTimeout', value: '1000', message: /an integer from 1 to 2147483647/ },
  // Jaeger, Zipkin, file, console
  { name: 'jaegerEndpoint not a URL', options: { jaegerEndpoint: 'jaeger:14268' }, option: 'jaegerEndpoint', value: 'jaeger:14268', message: URL_ALLOWED },
  { name: "jaegerTransport 'grpc'", options: { jaegerTransport: 'grpc' }, option: 'jaegerTransport', value: 'grpc', message: /allowed: 'otlp'\. The jaeger exporter sends OTLP/ },
  ...['http', 'udp', 'UDP'].map((t) => ({
    name: `jaegerTransport '${t}' (removed): says how to switch`,
    options: { jaegerTransport: t },
    option: 'jaegerTransport',
    value: t,
    message: /allowed: 'otlp' \(the thrift transports 'http' and 'udp' were removed\)\. The jaeger exporter sends OTLP: point it at the Jaeger collector's OTLP receiver, gRPC port 4317 or HTTP port 4318 .*--collector\.otlp\.enabled=true.*JAEGER_HOST=<collector host>.*OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf/,
  })),
  { name: 'jaegerAgentHost with a scheme', options: { jaegerAgentHost: 'http://jaeger' }, option: 'jaegerAgentHost', value: 'http://jaeger', message: /allowed: a host name or IP address \(no scheme, port or path\)\./ },
  { name: 'jaegerAgentHost with a port', options: { jaegerAgentHost: 'jaeger:6831' }, option: 'jaegerAgentHost', value: 'jaeger:6831', message: /a host name or IP address/ },
  { name: 'jaegerAgentHost empty', options: { jaegerAgentHost: '' }, option: 'jaegerAgentHost', value: '', message: NON_EMPTY },
  { name: 'jaegerAgentPort 0', options: { jaegerAgentPort: 0 }, option: 'jaegerAgentPort', value: 0, message: /allowed: an integer from 1 to 65535\./ },
  { name: 'jaegerAgentPort 70000', options: { jaegerAgentPort: 70000 }, option: 'jaegerAgentPort', value: 70000, message: /an integer from 1 to 65535/ },
  { name: 'jaegerAgentPort 6831.5', options: { jaegerAgentPort: 6831.5 }, option: 'jaegerAgentPort', value: 6831.5, message: /an integer from 1 to 65535/ },
  { name: "jaegerAgentPort '6831'", options: { jaegerAgentPort: '6831' }, option: 'jaegerAgentPort', value: '6831', message: /an integer from 1 to 65535/ },
  { name: 'zipkinEndpoint not a URL', options: { zipkinEndpoint: 'zipkin' }, option: 'zipkinEndpoint', value: 'zipkin', message: URL_ALLOWED },
  { name: 'filePath empty', options: { filePath: '' }, option: 'filePath', value: '', message: NON_EMPTY },
  { name: 'fileMaxBytes 100', options: { fileMaxBytes: 100 }, option: 'fileMaxBytes', value: 100, message: /allowed: an integer >= 1024\./ },
  { name: 'fileMaxBytes 2048.5', options: { fileMaxBytes: 2048.5 }, option: 'fileMaxBytes', value: 2048.5, message: /an integer >= 1024/ },
  { name: 'fileMaxFiles -1', options: { fileMaxFiles: -1 }, option: 'fileMaxFiles', value: -1, message: /allowed: an integer >= 0\./ },
  { name: "consoleFormat 'yaml'", options: { consoleFormat: 'yaml' }, option: 'consoleFormat', value: 'yaml', message: /allowed: 'tree', 'json'\./ },
  // sampling
  { name: 'samplingRate 1.5', options: { samplingRate: 1.5 }, option: 'samplingRate', value: 1.5, message: /got 1.5; allowed: a number from 0 to 1\./ },
  { name: 'samplingRate -0.1', options: { samplingRate: -0.1 }, option: 'samplingRate', value: -0.1, message: /a number from 0 to 1/ },
  { name: 'samplingRate NaN', options: { samplingRate: Number.NaN }, option: 'samplingRate', value: Number.NaN, message: /got NaN; allowed: a number from 0 to 1/ },
  { name: "samplingRate '0.5'", options: { samplingRate: '0.5' }, option: 'samplingRate', value: '0.5', message: /a number from 0 to 1/ },
  { name: 'samplingRate 1.5 even with a sampler instance', options: { samplingRate: 1.5, sampler: new AlwaysOnSampler() }, option: 'samplingRate', value: 1.5, message: /a number from 0 to 1/ },
  { name: 'samplingRate with sampler always_on (it would be ignored)', options: { samplingRate: 0.2, sampler: 'always_on' }, option: 'samplingRate', value: 0.2, message: /only with no sampler or sampler 'traceidratio' \/ 'parentbased_traceidratio'.*The sampler given is 'always_on', which would ignore samplingRate/ },
  { name: 'samplingRate with a Sampler object', options: { samplingRate: 0.2, sampler: new AlwaysOnSampler() }, option: 'samplingRate', value: 0.2, message: /The sampler given is a Sampler object/ },
  { name: 'samplingRate with parentbased_ratelimiting', options: { samplingRate: 0.2, sampler: 'parentbased_ratelimiting', samplerArg: 5 }, option: 'samplingRate', value: 0.2, message: /'parentbased_ratelimiting'/ },
  { name: "sampler 'alwayson'", options: { sampler: 'alwayson' }, option: 'sampler', value: 'alwayson', message: /allowed: a Sampler or one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio, jaeger_remote, parentbased_jaeger_remote, ratelimiting, parentbased_ratelimiting\. Did you mean 'always_on'\?/ },
  { name: "sampler 'traceidration'", options: { sampler: 'traceidration' }, option: 'sampler', value: 'traceidration', message: /Did you mean 'traceidratio'\?/ },
  { name: "sampler 'probabilistic'", options: { sampler: 'probabilistic' }, option: 'sampler', value: 'probabilistic', message: /allowed: a Sampler or one of .*parentbased_ratelimiting\.$/ },
  { name: 'sampler an object without shouldSample()', options: { sampler: { toString: () => 'x' } }, option: 'sampler', value: expect.any(Object), message: /a Sampler or one of/ },
  { name: 'samplerArg 1.5 for traceidratio', options: { sampler: 'traceidratio', samplerArg: 1.5 }, option: 'samplerArg', value: 1.5, message: /allowed: a ratio from 0 to 1\./ },
  { name: "samplerArg 'half' for parentbased_traceidratio", options: { sampler: 'parentbased_traceidratio', samplerArg: 'half' }, option: 'samplerArg', value: 'half', message: /a ratio from 0 to 1/ },
  { name: 'samplerArg pollingIntervalMs=5 for jaeger_remote', options: { sampler: 'jaeger_remote', samplerArg: 'pollingIntervalMs=5' }, option: 'samplerArg', value: 'pollingIntervalMs=5', message: /at least 10/ },
  { name: 'samplerArg 0 for ratelimiting', options: { sampler: 'ratelimiting', samplerArg: 0 }, option: 'samplerArg', value: 0, message: /allowed: traces per second, a number above 0\./ },
  { name: 'samplerArg Infinity for parentbased_ratelimiting', options: { sampler: 'parentbased_ratelimiting', samplerArg: Infinity }, option: 'samplerArg', value: Infinity, message: /traces per second/ },
  { name: 'samplerArg 2 for a ratio sampler from env', options: { samplerArg: 2 }, env: { OTEL_SERVICE_NAME: 'svc', OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' }, option: 'samplerArg', value: 2, message: /allowed: a ratio from 0 to 1\. \(sampler parentbased_traceidratio from the environment\)$/ },
  // propagators, ignore paths, headers lists
  { name: 'propagators not an array', options: { propagators: 'b3' }, option: 'propagators', value: 'b3', message: /allowed: an array of propagators or names \(tracecontext, baggage, b3, b3multi, jaeger, none\)\./ },
  { name: "propagators ['xray']", options: { propagators: ['xray'] }, option: 'propagators', value: 'xray', message: /allowed: a TextMapPropagator or one of tracecontext, baggage, b3, b3multi, jaeger, none\.$/ },
  { name: "propagators ['w3c'] gets no misleading 'b3' hint", options: { propagators: ['tracecontext', 'w3c'] }, option: 'propagators', value: 'w3c', message: /jaeger, none\.$/ },
  { name: "propagators ['b3m']", options: { propagators: ['b3m'] }, option: 'propagators', value: 'b3m', message: /Did you mean 'b3'\?/ },
  { name: "propagators ['tracecontex']", options: { propagators: ['tracecontex'] }, option: 'propagators', value: 'tracecontex', message: /Did you mean 'tracecontext'\?/ },
  { name: "propagators ['B3']", options: { propagators: ['B3'] }, option: 'propagators', value: 'B3', message: /Did you mean 'b3'\?/ },
  { name: 'propagators with a number', options: { propagators: ['b3', 42] }, option: 'propagators', value: 42, message: /a TextMapPropagator/ },
  { name: 'ignorePaths a string', options: { ignorePaths: '/health' }, option: 'ignorePaths', value: '/health', message: /allowed: an array of path strings \(a `\*` glob allowed\) or RegExps\./ },
  { name: 'ignorePaths with a number', options: { ignorePaths: ['/health', 42] }, option: 'ignorePaths', value: ['/health', 42], message: /an array of path strings/ },
  { name: 'captureRequestHeaders a string', options: { captureRequestHeaders: 'x-id' }, option: 'captureRequestHeaders', value: 'x-id', message: /allowed: an array of strings\./ },
  { name: 'captureResponseHeaders with a number', options: { captureResponseHeaders: ['x', 1] }, option: 'captureResponseHeaders', value: ['x', 1], message: /an array of strings/ },
  // processor
  { name: 'batchTimeout -1', options: { batchTimeout: -1 }, option: 'batchTimeout', value: -1, message: /allowed: an integer from 0 to 2147483647\./ },
  { name: 'batchTimeout 1.5', options: { batchTimeout: 1.5 }, option: 'batchTimeout', value: 1.5, message: /an integer from 0 to 2147483647/ },
  { name: 'maxBatchSize 0', options: { maxBatchSize: 0 }, option: 'maxBatchSize', value: 0, message: /allowed: an integer from 1 to 1000000\./ },
  { name: 'maxBatchSize -5', options: { maxBatchSize: -5 }, option: 'maxBatchSize', value: -5, message: /an integer from 1 to 1000000/ },
  { name: 'maxBatchSize 2.5', options: { maxBatchSize: 2.5 }, option: 'maxBatchSize', value: 2.5, message: /an integer from 1 to 1000000/ },
  { name: 'maxBatchSize Infinity', options: { maxBatchSize: Infinity }, option: 'maxBatchSize', value: Infinity, message: /an integer from 1 to 1000000/ },
  { name: 'maxQueueSize 0', options: { maxQueueSize: 0 }, option: 'maxQueueSize', value: 0, message: /allowed: an integer from 1 to 1000000\./ },
  { name: 'maxQueueSize NaN', options: { maxQueueSize: Number.NaN }, option: 'maxQueueSize', value: Number.NaN, message: /an integer from 1 to 1000000/ },
  { name: 'maxQueueSize 10.5', options: { maxQueueSize: 10.5 }, option: 'maxQueueSize', value: 10.5, message: /an integer from 1 to 1000000/ },
  { name: 'maxBatchSize above maxQueueSize', options: { maxQueueSize: 100, maxBatchSize: 200 }, option: 'maxBatchSize', value: 200, message: /got 200; allowed: an integer from 1 to maxQueueSize \(100\)\./ },
  { name: 'maxBatchSize above the default queue', options: { maxBatchSize: 10_000 }, option: 'maxBatchSize', value: 10_000, message: /maxQueueSize \(8192\)/ },
  { name: 'maxBatchSize above OTEL_BSP_MAX_QUEUE_SIZE', options: { maxBatchSize: 200 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '100' }, option: 'maxBatchSize', value: 200, message: /maxQueueSize \(100\)/ },
  { name: 'retry not an object', options: { retry: 'fast' }, option: 'retry', value: 'fast', message: /allowed: an object \{ maxAttempts, initialDelayMs, maxDelayMs, multiplier, jitter \}\./ },
  { name: 'retry.maxAttempts 0', options: { retry: { maxAttempts: 0 } }, option: 'retry.maxAttempts', value: 0, message: /allowed: an integer from 1 to 1000000\./ },
  { name: 'retry.maxAttempts 2.5', options: { retry: { maxAttempts: 2.5 } }, option: 'retry.maxAttempts', value: 2.5, message: /an integer from 1 to 1000000/ },
  { name: 'retry.initialDelayMs -1', options: { retry: { initialDelayMs: -1 } }, option: 'retry.initialDelayMs', value: -1, message: /an integer from 0 to 2147483647/ },
  { name: 'retry.maxDelayMs 1.5', options: { retry: { maxDelayMs: 1.5 } }, option: 'retry.maxDelayMs', value: 1.5, message: /an integer from 0 to 2147483647/ },
  { name: 'retry.multiplier 0.5', options: { retry: { multiplier: 0.5 } }, option: 'retry.multiplier', value: 0.5, message: /allowed: a number >= 1\./ },
  // span limits
  { name: 'spanLimits not an object', options: { spanLimits: 5 }, option: 'spanLimits', value: 5, message: /allowed: an object of span limits\./ },
  ...(['attributeCountLimit', 'attributeValueLengthLimit', 'eventCountLimit', 'linkCountLimit', 'attributePerEventCountLimit', 'attributePerLinkCountLimit'] as const).flatMap(
    (key): ErrorRow[] => [
      { name: `spanLimits.${key} -1`, options: { spanLimits: { [key]: -1 } }, option: `spanLimits.${key}`, value: -1, message: /allowed: an integer >= 0\./ },
      { name: `spanLimits.${key} 1.5`, options: { spanLimits: { [key]: 1.5 } }, option: `spanLimits.${key}`, value: 1.5, message: /an integer >= 0/ },
    ],
  ),
  // logging
  { name: "logLevel 'debg'", options: { logLevel: 'debg' }, option: 'logLevel', value: 'debg', message: /allowed: 'none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'\. Did you mean 'debug'\?/ },
  { name: "logLevel 'DEBUG' (case matters in code)", options: { logLevel: 'DEBUG' }, option: 'logLevel', value: 'DEBUG', message: /Did you mean 'debug'\?/ },
  { name: "logLevel 'warning'", options: { logLevel: 'warning' }, option: 'logLevel', value: 'warning', message: /allowed: 'none', .*'all'\./ },
  // unknown keys, top level and nested, never ignored silently
  { name: 'unknown key exporter', options: { exporter: 'console' }, option: 'exporter', value: 'console', message: /allowed: a known option \(serviceName, .*\)\. Did you mean 'exporterType'\?$/ },
  { name: 'unknown key otlp: { … }', options: { otlp: { endpoint: 'http://c:4318' } }, option: 'otlp', value: { endpoint: 'http://c:4318' }, message: /OTLP settings are top-level options: 'endpoint', 'headers', 'protocol'/ },
  { name: 'unknown key jaeger: { … }', options: { jaeger: {} }, option: 'jaeger', value: {}, message: /'jaegerEndpoint'/ },
  { name: 'misspelt top-level key', options: { serviceNmae: 'x' }, option: 'serviceNmae', value: 'x', message: /Did you mean 'serviceName'\?$/ },
  { name: 'misspelt key, prefix', options: { sampling: 0.5 }, option: 'sampling', value: 0.5, message: /Did you mean 'samplingRate'\?$/ },
  { name: 'unknown key with undefined value', options: { exportTimout: undefined }, option: 'exportTimout', value: undefined, message: /Did you mean 'exportTimeout'\?$/ },
  { name: 'unknown retry key', options: { retry: { maxAttemps: 3 } }, option: 'retry.maxAttemps', value: 3, message: /allowed: a known retry option \(maxAttempts, initialDelayMs, maxDelayMs, multiplier, jitter\)\. Did you mean 'maxAttempts'\?$/ },
  { name: 'unknown retry key, no guess', options: { retry: { backoff: 2 } }, option: 'retry.backoff', value: 2, message: /allowed: a known retry option/ },
  { name: 'unknown spanLimits key', options: { spanLimits: { attributeLimit: 10 } }, option: 'spanLimits.attributeLimit', value: 10, message: /known spanLimits option/ },
  { name: 'unknown key while enabled:false', options: { enabled: false, exporter: 'none' }, option: 'exporter', value: 'none', message: /Did you mean 'exporterType'\?/ },
  // a bad option still throws when tracing is off: it is a programmer error
  { name: 'bad option while enabled:false', options: { enabled: false, samplingRate: 1.5 }, option: 'samplingRate', value: 1.5, message: /a number from 0 to 1/ },
  { name: 'bad option while OTEL_SDK_DISABLED=true', options: { exporterType: 'jeager' }, env: { OTEL_SDK_DISABLED: 'true' }, option: 'exporterType', value: 'jeager', message: /Did you mean 'jaeger'\?/ },
];

describe('explicit options that are wrong throw a TracingConfigError', () => {
  it.each(rows)('$name', (row) => {
    const env = row.env ?? BASE_ENV;
    const withName = 'serviceName' in row.options || row.env?.OTEL_SERVICE_NAME !== undefined || row.option === 'serviceName' ? row.options : { serviceName: 'svc', ...row.options };
    const error = expectConfigError(() => resolve(withName as TracingOptions, env), { option: row.option, value: row.value, message: row.message });
    expect(error.message).toMatch(/^Invalid tracing option "[^"]+": got .+; allowed: .+\./);
  });

  it('the error is branded, carries what is allowed, and works across copies of the class', () => {
    const error = expectConfigError(() => resolve({ serviceName: 'svc', samplingRate: 1.5 }), { option: 'samplingRate', value: 1.5, message: /from 0 to 1/ });
    expect(error).toBeInstanceOf(TracingConfigError);
    expect(isTracingError(error)).toBe(true);
    expect(error.allowed).toBe('a number from 0 to 1');
    expect(error.message).toBe('Invalid tracing option "samplingRate": got 1.5; allowed: a number from 0 to 1.');
  });

  it.each([null, 'svc', 42, true])('options %j that is not an object', (options) => {
    expectConfigError(() => resolveConfig(options as unknown as TracingOptions, BASE_ENV, { warn: () => {} }), {
      option: 'options',
      value: options,
      message: /allowed: an object of tracing options\./,
    });
  });

  it('a bad Jaeger option throws before the Jaeger variables are read and warned about', () => {
    const warnings: string[] = [];
    const env = { TRACEWRIGHT_JAEGER_TRANSPORT: 'udp', JAEGER_PORT: 'abc', OTEL_EXPORTER_JAEGER_ENDPOINT: 'junk' };
    expect(() => resolveConfig({ serviceName: 'svc', jaegerAgentHost: 'http://jaeger' }, env, { warn: (m) => warnings.push(m) })).toThrow(TracingConfigError);
    expect(() => resolveConfig({ serviceName: 'svc', jaegerTransport: 'udp' as never }, env, { warn: (m) => warnings.push(m) })).toThrow(TracingConfigError);
    expect(warnings).toEqual([]);
  });

  it('does not warn about env it never read before throwing', () => {
    const warnings: string[] = [];
    expect(() => resolveConfig({ serviceName: 'svc', logLevel: 'loud' as never }, { OTEL_LOG_LEVEL: 'junk' }, { warn: (m) => warnings.push(m) })).toThrow(TracingConfigError);
    expect(warnings).toEqual([]);
  });
});

describe('the environment never throws', () => {
  it('junk in every variable only warns, one line naming each variable', () => {
    const junk: Record<string, string> = {
      OTEL_SERVICE_NAME: 'svc',
      OTEL_SDK_DISABLED: 'yes',
      OTEL_ENABLED: '1',
      OTEL_RESOURCE_ATTRIBUTES: 'novalue',
      OTEL_TRACES_EXPORTER: 'nope',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'smoke-signals',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url',
      OTEL_EXPORTER_OTLP_HEADERS: '{broken',
      OTEL_EXPORTER_OTLP_TIMEOUT: 'soon',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'zip',
      OTEL_EXPORTER_OTLP_INSECURE: 'maybe',
      OTEL_EXPORTER_JAEGER_ENDPOINT: 'jaeger',
      OTEL_EXPORTER_JAEGER_AGENT_PORT: '-1',
      TRACEWRIGHT_JAEGER_TRANSPORT: 'pigeon',
      OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'zipkin',
      OTEL_EXPORTER_ZIPKIN_TIMEOUT: 'never',
      OTEL_TRACES_SAMPLER: 'sometimes',
      OTEL_PROPAGATORS: 'smoke',
      OTEL_BSP_SCHEDULE_DELAY: 'x',
      OTEL_BSP_MAX_QUEUE_SIZE: 'x',
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'x',
      OTEL_ATTRIBUTE_COUNT_LIMIT: 'x',
      OTEL_SPAN_EVENT_COUNT_LIMIT: 'x',
      OTEL_SPAN_LINK_COUNT_LIMIT: 'x',
      OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT: 'x',
      OTEL_LINK_ATTRIBUTE_COUNT_LIMIT: 'x',
      OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'x',
      OTEL_LOG_LEVEL: 'x',
      TRACEWRIGHT_FILE_MAX_BYTES: 'x',
      TRACEWRIGHT_FILE_MAX_FILES: 'x',
      TRACEWRIGHT_CONSOLE_FORMAT: 'x',
      TRACEWRIGHT_ENABLE_BATCH: 'x',
      TRACEWRIGHT_RETRY_MAX_ATTEMPTS: 'x',
      TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: 'x',
      TRACEWRIGHT_RETRY_MAX_DELAY_MS: 'x',
      TRACEWRIGHT_RETRY_MULTIPLIER: 'x',
      TRACEWRIGHT_ENABLE_HTTP: 'x',
      TRACEWRIGHT_ENABLE_DATABASE: 'x',
      TRACEWRIGHT_ENABLE_REDIS: 'x',
      TRACEWRIGHT_ENABLE_DISCORD: 'x',
      TRACEWRIGHT_CAPTURE_BODIES: 'x',
      TRACEWRIGHT_SANITIZE_QUERIES: 'x',
      TRACEWRIGHT_SANITIZE_KEYS: 'x',
      TRACEWRIGHT_TRACE_RESPONSE_HEADER: 'x',
      TRACEWRIGHT_HANDLE_SIGNALS: 'x',
    };
    const { config, warnings } = resolve({}, junk);
    const clean = resolve({}, { OTEL_SERVICE_NAME: 'svc' }).config;
    expect(config).toEqual({ ...clean, resourceAttributes: clean.resourceAttributes });
    const warned = new Set(warnings.map((w) => /^[A-Z_]+/.exec(w)?.[0]));
    const expected = Object.keys(junk).filter((name) => name !== 'OTEL_SERVICE_NAME');
    expect([...warned].sort()).toEqual(expected.sort());
    expect(warnings).toHaveLength(expected.length);
  });
});

describe('didYouMean', () => {
  const exporters = ['otlp', 'jaeger', 'zipkin', 'console', 'memory', 'file', 'none'];
  it.each<{ value: unknown; allowed: string[]; expect: string | undefined }>([
    { value: 'jeager', allowed: exporters, expect: "Did you mean 'jaeger'?" },
    { value: 'jagger', allowed: exporters, expect: "Did you mean 'jaeger'?" },
    { value: 'zipkn', allowed: exporters, expect: "Did you mean 'zipkin'?" },
    { value: 'Console', allowed: exporters, expect: "Did you mean 'console'?" },
    { value: 'consoel', allowed: exporters, expect: "Did you mean 'console'?" },
    { value: 'prometheus', allowed: exporters, expect: undefined },
    { value: 'w3c', allowed: ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'], expect: undefined },
    { value: 'b3multy', allowed: ['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger', 'none'], expect: "Did you mean 'b3multi'?" },
    { value: 'udpp', allowed: ['otlp', 'http', 'udp'], expect: "Did you mean 'udp'?" },
    { value: 42, allowed: exporters, expect: undefined },
    { value: undefined, allowed: exporters, expect: undefined },
  ])('$value -> $expect', ({ value, allowed, expect: expected }) => {
    expect(didYouMean(value, allowed)).toBe(expected);
  });
});
