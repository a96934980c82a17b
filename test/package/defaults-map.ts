/**
 * The code's defaults by option name (README's options table names), and how a table cell states a
 * default: shared by the README and docs default checks.
 */
import { resolveConfig } from '../../src/config/resolve-config';
import type { ResolvedConfig } from '../../src/config/resolved-config';
import { listExporterNames } from '../../src/exporters/registry';

export const config = resolveConfig({ serviceName: 'x' }, {}, { exporterNames: listExporterNames(), warn: () => undefined });
/** The defaults of the parts that are off unless asked for: analysis, and the spool once it has a dir. */
const enabled = resolveConfig({ serviceName: 'x', analysis: true, spool: { dir: '/tmp/spool' } }, {}, { exporterNames: listExporterNames(), warn: () => undefined });

export const RESOLVED: Record<string, (c: ResolvedConfig) => unknown> = {
  serviceVersion: (c) => c.resourceAttributes['service.version'],
  environment: (c) => c.resourceAttributes['deployment.environment.name'],
  enabled: (c) => c.enabled,
  exporterType: (c) => c.exporters.join(','),
  endpoint: (c) => c.otlp.endpoint,
  protocol: (c) => c.otlp.protocol,
  headers: (c) => (Object.keys(c.otlp.headers).length === 0 ? undefined : c.otlp.headers),
  compression: (c) => c.otlp.compression,
  zipkinEndpoint: (c) => c.zipkin.endpoint,
  filePath: (c) => c.file.path,
  fileMaxBytes: (c) => c.file.maxFileBytes,
  fileMaxFiles: (c) => c.file.maxFiles,
  consoleFormat: (c) => c.console.format,
  sampler: (c) => (c.sampler as { name?: string }).name,
  propagators: (c) => c.propagators.join(','),
  ignorePaths: (c) => (c.ignorePaths.length === 0 ? undefined : c.ignorePaths),
  enableBatch: (c) => c.processor.batch,
  batchTimeout: (c) => c.processor.scheduledDelayMillis,
  maxBatchSize: (c) => c.processor.maxBatchSize,
  maxQueueSize: (c) => c.processor.maxQueueSize,
  exportTimeout: (c) => c.processor.exportTimeoutMillis,
  'retry.maxAttempts': (c) => c.processor.retry.maxAttempts,
  'retry.initialDelayMs': (c) => c.processor.retry.initialDelayMs,
  'retry.maxDelayMs': (c) => c.processor.retry.maxDelayMs,
  'retry.multiplier': (c) => c.processor.retry.multiplier,
  'retry.jitter': (c) => c.processor.retry.jitter,
  resourceAttributes: (c) => (Object.keys(c.resourceAttributes).filter((k) => k !== 'service.name').length === 0 ? undefined : c.resourceAttributes),
  'spanLimits.attributeCountLimit': (c) => c.spanLimits.attributeCountLimit,
  'spanLimits.attributeValueLengthLimit': (c) => c.spanLimits.attributeValueLengthLimit,
  'spanLimits.eventCountLimit': (c) => c.spanLimits.eventCountLimit,
  'spanLimits.linkCountLimit': (c) => c.spanLimits.linkCountLimit,
  'spanLimits.attributePerEventCountLimit': (c) => c.spanLimits.attributePerEventCountLimit,
  'spanLimits.attributePerLinkCountLimit': (c) => c.spanLimits.attributePerLinkCountLimit,
  enableHttp: (c) => c.instrumentation.enableHttp,
  enableDatabase: (c) => c.instrumentation.enableDatabase,
  enableRedis: (c) => c.instrumentation.enableRedis,
  enableDiscord: (c) => c.instrumentation.enableDiscord,
  captureBodies: (c) => c.instrumentation.captureBodies,
  sanitizeQueries: (c) => c.instrumentation.sanitizeQueries,
  sanitizeKeys: (c) => c.instrumentation.sanitizeKeys,
  captureRequestHeaders: (c) => (c.instrumentation.captureRequestHeaders.length === 0 ? undefined : c.instrumentation.captureRequestHeaders),
  captureResponseHeaders: (c) => (c.instrumentation.captureResponseHeaders.length === 0 ? undefined : c.instrumentation.captureResponseHeaders),
  traceResponseHeader: (c) => c.instrumentation.traceResponseHeader,
  handleSignals: (c) => c.handleSignals,
  logLevel: (c) => c.logLevel,
  selfMetrics: (c) => c.selfMetrics,
  maxConcurrentExports: (c) => c.processor.maxConcurrentExports,
  'spool.dir': (c) => c.spool?.dir,
  'spool.maxBytes': () => enabled.spool?.maxBytes,
  'spool.fsync': () => enabled.spool?.fsync,
  'spool.replaySpansPerSecond': () => enabled.spool?.replaySpansPerSecond,
  analysis: (c) => (c.analysis ? 'on' : 'off'),
  'analysis.maxTraces': () => enabled.analysis?.maxTraces,
  'analysis.traceTtlMs': () => enabled.analysis?.traceTtlMs,
  'analysis.memoryLimitBytes': () => enabled.analysis?.memoryLimitBytes,
  'analysis.slowThresholdMs': () => enabled.analysis?.slowThresholdMs,
  'analysis.criticalThresholdMs': () => enabled.analysis?.criticalThresholdMs,
  'analysis.trendWindowMs': () => enabled.analysis?.trendWindowMs,
  'analysis.trackMemory': () => enabled.analysis?.trackMemory,
  'analysis.maxSpansPerTrace': () => enabled.analysis?.maxSpansPerTrace,
  'analysis.maxOperations': () => enabled.analysis?.maxOperations,
  'analysis.exportAttributes': () => (enabled.analysis?.exportAttributes.length ? enabled.analysis.exportAttributes : undefined),
};

/** Rows whose default cell describes a rule, not a value: checked elsewhere (config tests). */
export const NOT_A_VALUE = new Set([
  'serviceName', // required
  'certificateFile', // system CAs
  'clientKeyFile',
  'clientCertificateFile',
  'insecure', // from the scheme
  'jaegerTransport',
  'jaegerEndpoint',
  'jaegerAgentHost',
  'jaegerAgentPort',
  'samplingRate',
  'samplerArg', // per sampler
]);

/** The value a default cell states: the first `code` span, a size, "unlimited", or nothing ("unset", "none"). */
export function stated(cell: string): unknown {
  if (/^(unset|none)\b/.test(cell)) return undefined;
  if (/^unlimited\b/.test(cell)) return Infinity;
  const size = /^(\d+) MiB\b/.exec(cell);
  if (size) return Number(size[1]) * 1024 * 1024;
  const code = /`([^`]+)`/.exec(cell)?.[1];
  if (code === undefined) return cell;
  if (code === 'true' || code === 'false') return code === 'true';
  return /^\d+(\.\d+)?$/.test(code) ? Number(code) : code;
}

