import { DEFAULT_JAEGER_REMOTE_ENDPOINT } from '../sampling/sampler-options';
import { DEFAULT_PROPAGATORS } from '../propagation/propagator-options';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES } from '../exporters/file-options';
import { PROCESSOR_DEFAULTS } from '../pipeline/processor-options';

export { MAX_QUEUE_SIZE, MAX_TIMER_MS } from '../internal/limits';

/** Every default in one place; the README's option table is written from this file. */
export const DEFAULTS = {
  exporters: ['otlp'] as const,
  propagators: DEFAULT_PROPAGATORS,
  sampler: 'parentbased_always_on' as const,
  otlpProtocol: 'grpc' as const,
  otlpGrpcEndpoint: 'http://localhost:4317',
  otlpHttpEndpoint: 'http://localhost:4318/v1/traces',
  /** Host of Jaeger's OTLP receiver when only `jaegerAgentPort` / `JAEGER_PORT` is set. */
  jaegerAgentHost: 'localhost',
  jaegerRemoteSamplerEndpoint: DEFAULT_JAEGER_REMOTE_ENDPOINT,
  zipkinEndpoint: 'http://localhost:9411/api/v2/spans',
  filePath: './traces.jsonl',
  fileMaxBytes: DEFAULT_MAX_FILE_BYTES,
  fileMaxFiles: DEFAULT_MAX_FILES,
  // The processor's own defaults (src/pipeline/processor-options.ts), under the options' names.
  batchTimeout: PROCESSOR_DEFAULTS.scheduledDelayMillis,
  maxBatchSize: PROCESSOR_DEFAULTS.maxBatchSize,
  maxQueueSize: PROCESSOR_DEFAULTS.maxQueueSize,
  maxConcurrentExports: PROCESSOR_DEFAULTS.maxConcurrentExports,
  exportTimeout: PROCESSOR_DEFAULTS.exportTimeoutMillis,
  enableBatch: PROCESSOR_DEFAULTS.batch,
  retry: PROCESSOR_DEFAULTS.retry,
  spanLimits: {
    attributeCountLimit: 128,
    attributeValueLengthLimit: Infinity,
    eventCountLimit: 128,
    linkCountLimit: 128,
    attributePerEventCountLimit: 128,
    attributePerLinkCountLimit: 128,
  },
  logLevel: 'warn' as const,
} as const;
