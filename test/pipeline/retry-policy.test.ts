import { describe, expect, it } from 'vitest';
import { OTLPExporterError } from '@opentelemetry/otlp-exporter-base';
import {
  MAX_RETRY_AFTER_MS,
  classifyExportError,
  computeDelay,
  nextDelay,
  parseRetryAfter,
} from '../../src/pipeline/retry-policy';
import { DEFAULT_RETRY_POLICY } from '../../src/pipeline/processor-options';
import { ExportTimeoutError } from '../../src/pipeline/managed-exporter';
import { TracingError } from '../../src/errors';
import { grpcError } from './scripted-exporter';

const policy = { maxAttempts: 5, initialDelayMs: 100, maxDelayMs: 1000, multiplier: 2, jitter: 0 };

describe('computeDelay', () => {
  it('grows exponentially from initialDelayMs and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((a) => computeDelay(a, policy))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('spreads the wait by ±jitter and stays within [0, maxDelayMs]', () => {
    const jittered = { ...policy, jitter: 0.5 };
    expect(computeDelay(2, jittered, () => 0)).toBe(100);
    expect(computeDelay(2, jittered, () => 0.5)).toBe(200);
    expect(computeDelay(2, jittered, () => 0.999999)).toBe(300);
    expect(computeDelay(5, jittered, () => 0.999999)).toBe(1000);
  });

  it('survives huge attempt numbers', () => {
    expect(computeDelay(10_000, policy)).toBe(1000);
  });

  it('has documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({ maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 5000, multiplier: 1.5, jitter: 0.2 });
  });
});

describe('classifyExportError', () => {
  const rows: Array<[string, unknown, boolean, string]> = [
    ['gRPC UNAVAILABLE', grpcError(14), true, 'gRPC UNAVAILABLE'],
    ['gRPC DEADLINE_EXCEEDED', grpcError(4), true, 'gRPC DEADLINE_EXCEEDED'],
    ['gRPC RESOURCE_EXHAUSTED without RetryInfo', grpcError(8), false, 'gRPC RESOURCE_EXHAUSTED'],
    ['gRPC RESOURCE_EXHAUSTED with a server delay', Object.assign(grpcError(8), { retryAfterMs: 1500 }), true, 'gRPC RESOURCE_EXHAUSTED'],
    ['gRPC RESOURCE_EXHAUSTED over the size limit', grpcError(8, 'Received message larger than max (5000000 vs. 4194304)'), false, 'gRPC RESOURCE_EXHAUSTED: request too large'],
    ['gRPC CANCELLED', grpcError(1), true, 'gRPC CANCELLED'],
    ['gRPC ABORTED', grpcError(10), true, 'gRPC ABORTED'],
    ['gRPC DATA_LOSS', grpcError(15), true, 'gRPC DATA_LOSS'],
    ['gRPC INVALID_ARGUMENT', grpcError(3), false, 'gRPC INVALID_ARGUMENT'],
    ['gRPC UNAUTHENTICATED', grpcError(16), false, 'gRPC UNAUTHENTICATED'],
    ['gRPC PERMISSION_DENIED', grpcError(7), false, 'gRPC PERMISSION_DENIED'],
    ['gRPC UNIMPLEMENTED', grpcError(12), false, 'gRPC UNIMPLEMENTED'],
    ['OTLP HTTP 503', new OTLPExporterError('Service Unavailable', 503), true, 'HTTP 503'],
    ['OTLP HTTP 429', new OTLPExporterError('Too Many', 429), true, 'HTTP 429'],
    ['OTLP HTTP 502', new OTLPExporterError('Bad Gateway', 502), true, 'HTTP 502'],
    ['OTLP HTTP 504', new OTLPExporterError('Gateway Timeout', 504), true, 'HTTP 504'],
    ['OTLP HTTP 400', new OTLPExporterError('Bad Request', 400), false, 'HTTP 400'],
    ['OTLP HTTP 500', new OTLPExporterError('Internal', 500), false, 'HTTP 500'],
    ['OTLP HTTP 401', new OTLPExporterError('Unauthorized', 401), false, 'HTTP 401'],
    ['OTLP HTTP 413', new OTLPExporterError('Payload Too Large', 413), false, 'HTTP 413: request too large'],
    ['otlp-exporter-base gave up retrying', new OTLPExporterError('Export failed with retryable status'), true, 'Export failed with retryable status'],
    ['zipkin 503', new Error('Got unexpected status code from zipkin: 503'), true, 'HTTP 503'],
    ['zipkin 400', new Error('Got unexpected status code from zipkin: 400'), false, 'HTTP 400'],
    ['jaeger 503', new Error('error sending spans over HTTP: server responded with HTTP 503'), true, 'HTTP 503'],
    ['jaeger 400', new Error('error sending spans over HTTP: server responded with HTTP 400'), false, 'HTTP 400'],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), true, 'ECONNREFUSED'],
    ['ECONNRESET in cause', new Error('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) }), true, 'ECONNRESET'],
    ['AggregateError of refusals', Object.assign(new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], ''), {}), true, 'ECONNREFUSED'],
    ['jaeger ECONNREFUSED text', new Error('error sending spans over HTTP: Error: connect ECONNREFUSED 127.0.0.1:9'), true, 'ECONNREFUSED'],
    ['socket hang up', new Error('socket hang up'), true, 'socket hang up'],
    ['HTTP request timeout', new Error('Request timed out'), true, 'timeout'],
    ['TLS self-signed', Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), false, 'TLS DEPTH_ZERO_SELF_SIGNED_CERT'],
    ['TLS unknown CA', Object.assign(new Error('unable to verify'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), false, 'TLS UNABLE_TO_VERIFY_LEAF_SIGNATURE'],
    ['our timeout', new ExportTimeoutError('otlp', 10), true, 'timeout'],
    ['missing optional module', new TracingError('TRACING_EXPORTER_UNKNOWN', 'npm install it'), false, 'npm install it'],
    ['explicit hint', Object.assign(new Error('nope'), { retryable: false }), false, 'nope'],
    ['no error at all', undefined, true, 'export failed without an error'],
    ['unknown error', new Error('weird'), true, 'weird'],
  ];
  it.each(rows)('%s', (_name, error, retryable, reason) => {
    const c = classifyExportError(error);
    expect(c.retryable).toBe(retryable);
    // Only a refusal for size marks the request as too large (it is then split, not retried as is).
    expect(c.tooLarge === true).toBe(reason.endsWith('request too large'));
    expect(c.reason).toBe(reason);
  });

  it('keeps retryAfterMs on retryable errors only', () => {
    const busy = Object.assign(new OTLPExporterError('busy', 503), { retryAfterMs: 2500 });
    expect(classifyExportError(busy)).toEqual({ retryable: true, reason: 'HTTP 503', retryAfterMs: 2500 });
    const bad = Object.assign(new OTLPExporterError('bad', 400), { retryAfterMs: 2500 });
    expect(classifyExportError(bad)).toEqual({ retryable: false, reason: 'HTTP 400' });
    const huge = Object.assign(new OTLPExporterError('busy', 429), { retryAfterMs: 10 * MAX_RETRY_AFTER_MS });
    expect(classifyExportError(huge).retryAfterMs).toBe(MAX_RETRY_AFTER_MS);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1500],
    [' 3 ', 3000],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['99999', MAX_RETRY_AFTER_MS],
  ])('%j → %d ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([[undefined], [''], ['soon'], ['-5']])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
  it('takes the first of repeated headers', () => {
    expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
  });
});

describe('nextDelay', () => {
  it('prefers the server Retry-After over the backoff', () => {
    expect(nextDelay(1, policy, { retryable: true, reason: 'HTTP 503', retryAfterMs: 4000 })).toBe(4000);
    expect(nextDelay(3, policy, { retryable: true, reason: 'HTTP 503' })).toBe(400);
  });
});
