import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES } from '../exporters/file';
import { DEFAULT_RETRY_POLICY } from '../pipeline/retry-policy';

/**
 * Longest delay a Node timer can wait: a larger one fires after 1 ms (Node warns and clamps), which
 * would turn a generous timeout into an instant one. Every timer-backed option is capped here.
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * Largest queue a processor may be given: the queue is preallocated, and a span held costs memory
 * while the backend is down.
 */
export const MAX_QUEUE_SIZE = 1_000_000;

/** Every default in one place; the README's option table is written from this file. */
export const DEFAULTS = {
  exporters: ['otlp'] as const,
  propagators: ['tracecontext', 'baggage'] as const,
  sampler: 'parentbased_always_on' as const,
  otlpProtocol: 'grpc' as const,
  otlpGrpcEndpoint: 'http://localhost:4317',
  otlpHttpEndpoint: 'http://localhost:4318/v1/traces',
  /** Host of Jaeger's OTLP receiver when only `jaegerAgentPort` / `JAEGER_PORT` is set. */
  jaegerAgentHost: 'localhost',
  jaegerRemoteSamplerEndpoint: 'http://localhost:5778/sampling',
  zipkinEndpoint: 'http://localhost:9411/api/v2/spans',
  filePath: './traces.jsonl',
  fileMaxBytes: DEFAULT_MAX_FILE_BYTES,
  fileMaxFiles: DEFAULT_MAX_FILES,
  batchTimeout: 5000,
  maxBatchSize: 512,
  maxQueueSize: 2048,
  /** Two exports in flight per exporter: one request's round trip no longer caps throughput. */
  maxConcurrentExports: 2,
  exportTimeout: 10_000,
  retry: DEFAULT_RETRY_POLICY,
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
