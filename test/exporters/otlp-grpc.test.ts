import { ServerCredentials, status as GrpcStatus } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { isTracingConfigError } from '../../src/errors';
import { createOtlpExporter, GRPC_RECONNECT_BACKOFF, OtlpGrpcExportError, OtlpGrpcTraceExporter } from '../../src/exporters/otlp';
import { classifyExportError } from '../../src/pipeline/retry-policy';
import { exportSpans } from '../support/receivers/export-helpers';
import { startOtlpGrpcReceiver, type OtlpGrpcReceiver } from '../support/receivers/otlp-grpc-receiver';
import { makeTlsFixture, type TlsFixture } from '../support/receivers/otlp-tls-certs';
import { makePipeline, makeSpans, pollUntil } from './otlp-test-spans';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function receiver(options: Parameters<typeof startOtlpGrpcReceiver>[0] = {}): Promise<OtlpGrpcReceiver> {
  const r = await startOtlpGrpcReceiver(options);
  closers.push(() => r.close());
  return r;
}

async function exporter(options: Parameters<typeof createOtlpExporter>[0]): Promise<SpanExporter> {
  const e = await createOtlpExporter(options);
  closers.push(() => e.shutdown());
  return e;
}

const NAMES = Object.fromEntries(Object.entries(GrpcStatus).filter(([, v]) => typeof v === 'number').map(([k, v]) => [v, k])) as Record<number, string>;
/** The OTLP exporter specification's retryable codes (RESOURCE_EXHAUSTED only with RetryInfo, its own rows below). */
const RETRYABLE = [GrpcStatus.CANCELLED, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.ABORTED, GrpcStatus.OUT_OF_RANGE, GrpcStatus.UNAVAILABLE, GrpcStatus.DATA_LOSS];
const PERMANENT = [
  GrpcStatus.UNKNOWN, GrpcStatus.INVALID_ARGUMENT, GrpcStatus.NOT_FOUND, GrpcStatus.ALREADY_EXISTS, GrpcStatus.PERMISSION_DENIED,
  GrpcStatus.FAILED_PRECONDITION, GrpcStatus.UNIMPLEMENTED, GrpcStatus.INTERNAL, GrpcStatus.UNAUTHENTICATED,
];

describe('OTLP/gRPC transport against the real receiver: status codes through the counting pipeline', () => {
  type Row = { name: string; status: number; retryAfterSeconds?: number; retried: boolean };
  const rows: Row[] = [
    ...RETRYABLE.map((status) => ({ name: NAMES[status]!, status, retried: true })),
    ...PERMANENT.map((status) => ({ name: NAMES[status]!, status, retried: false })),
    { name: 'RESOURCE_EXHAUSTED without RetryInfo', status: GrpcStatus.RESOURCE_EXHAUSTED, retried: false },
    { name: 'RESOURCE_EXHAUSTED with RetryInfo', status: GrpcStatus.RESOURCE_EXHAUSTED, retryAfterSeconds: 0.05, retried: true },
  ];

  it.each(rows)('$name → retried: $retried', async ({ status, retryAfterSeconds, retried }) => {
    const r = await receiver({ fault: { mode: 'fail', status, times: 1, ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}) } });
    const { managed, processor, tracer } = makePipeline(createOtlpExporter({ endpoint: r.url, timeoutMillis: 5000 }));
    closers.push(() => processor.shutdown());
    for (let i = 0; i < 3; i++) tracer.startSpan(`s-${i}`).end();
    await processor.forceFlush();
    const stats = managed.getStats();
    expect(stats.lastError).toContain(NAMES[status]);
    if (retried) {
      expect(stats).toMatchObject({ totalExports: 2, failedExports: 1, retriedExports: 1, successfulExports: 1, exportedSpans: 3, failedSpans: 0, queueSize: 0, inFlightSpans: 0 });
      expect(r.log.map((e) => e.outcome)).toEqual(['failed', 'accepted']);
      expect(r.spans.map((s) => s.name).sort()).toEqual(['s-0', 's-1', 's-2']);
    } else {
      expect(stats).toMatchObject({ totalExports: 1, failedExports: 1, retriedExports: 0, successfulExports: 0, exportedSpans: 0, failedSpans: 3, queueSize: 0, inFlightSpans: 0 });
      expect(r.log.map((e) => e.outcome)).toEqual(['failed']);
    }
  });

  it('errors carry the gRPC code and the RetryInfo delay, and the policy uses them', async () => {
    const r = await receiver({ fault: { mode: 'fail', status: GrpcStatus.RESOURCE_EXHAUSTED, retryAfterSeconds: 2.5, times: 1 } });
    const result = await exportSpans(await exporter({ endpoint: r.url }), makeSpans(1));
    expect(result.code).toBe(ExportResultCode.FAILED);
    const error = result.error as OtlpGrpcExportError;
    expect(error).toBeInstanceOf(OtlpGrpcExportError);
    expect(error).toMatchObject({ code: GrpcStatus.RESOURCE_EXHAUSTED, retryAfterMs: 2500 });
    expect(error.message).toBe('OTLP/gRPC export failed: RESOURCE_EXHAUSTED: injected fault: status 8');
    expect(classifyExportError(error)).toEqual({ retryable: true, retryAfterMs: 2500, reason: 'gRPC RESOURCE_EXHAUSTED' });
  });

  it('partial success: the rejected spans count as failed, the rest as exported, nothing retried', async () => {
    const warnings: string[] = [];
    diag.setLogger({ error: () => {}, warn: (...a) => warnings.push(a.join(' ')), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    closers.push(() => diag.disable());
    const r = await receiver();
    r.setPartialSuccess({ rejectedSpans: 2, errorMessage: 'span name too long' });
    const { managed, processor, tracer } = makePipeline(createOtlpExporter({ endpoint: r.url }));
    closers.push(() => processor.shutdown());
    for (let i = 0; i < 5; i++) tracer.startSpan(`p-${i}`).end();
    await processor.forceFlush();
    expect(managed.getStats()).toMatchObject({
      totalExports: 1, successfulExports: 1, failedExports: 0, retriedExports: 0, exportedSpans: 3, failedSpans: 2, queueSize: 0, inFlightSpans: 0,
    });
    expect(r.requests).toBe(1);
    expect(warnings).toEqual(['tracewright OTLP/gRPC: the collector rejected 2 span(s) (partial success): span name too long']);
  });
});

describe('OTLP/gRPC transport: wire', () => {
  it('gzip: the receiver sees grpc-encoding gzip and decodes the spans', async () => {
    const r = await receiver();
    const result = await exportSpans(await exporter({ endpoint: r.url, compression: 'gzip' }), makeSpans(3, 'gz'));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect(r.log).toEqual([expect.objectContaining({ outcome: 'accepted', encoding: 'gzip', spanCount: 3 })]);
    expect(r.spans.map((s) => [s.name, s.attributes.i])).toEqual([['gz-0', 0], ['gz-1', 1], ['gz-2', 2]]);
  });

  it('without compression nothing is encoded', async () => {
    const r = await receiver();
    await exportSpans(await exporter({ endpoint: r.url }), makeSpans(1));
    expect(r.log[0]).not.toHaveProperty('encoding');
  });

  it('headers arrive as metadata (keys lowercased), with our user agent', async () => {
    const r = await receiver();
    const result = await exportSpans(await exporter({ endpoint: r.url, headers: { 'x-api-key': 'k1', Authorization: 'Bearer t0k' } }), makeSpans(1));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const md = r.metadata[0]!;
    expect(md.get('x-api-key')).toEqual(['k1']);
    expect(md.get('authorization')).toEqual(['Bearer t0k']);
    expect(String(md.get('user-agent')[0])).toMatch(/^tracewright /);
  });

  it.each([
    ['a space in the key', { 'bad key': 'v' }, 'bad key'],
    ['an upper-case-only-invalid char', { 'x-ünï': 'v' }, 'x-ünï'],
    ['a reserved grpc- key', { 'grpc-timeout': '1S' }, 'grpc-timeout'],
    ['a binary -bin key', { 'x-trace-bin': 'abc' }, 'x-trace-bin'],
    ['a newline in the value', { 'x-api-key': 'secret\nInjected: 1' }, 'x-api-key'],
  ])('rejects %s as a TracingConfigError naming headers and the key, never the value', async (_name, headers, key) => {
    const error = await createOtlpExporter({ endpoint: 'http://127.0.0.1:4317', headers }).then(() => undefined, (e: unknown) => e);
    expect(isTracingConfigError(error)).toBe(true);
    expect((error as Error).message).toContain('"otlp.headers"');
    expect((error as Error).message).toContain(JSON.stringify(key));
    expect((error as Error).message).not.toContain('secret');
  });

  it('endpoint forms: host:port (insecure), http:// with a path (ignored); toString names the URL', async () => {
    const r = await receiver();
    const hostPort = await exporter({ endpoint: `127.0.0.1:${r.port}`, insecure: true });
    expect(String(hostPort)).toBe(`OTLPTraceExporter(grpc http://127.0.0.1:${r.port})`);
    expect((await exportSpans(hostPort, makeSpans(1, 'a'))).code).toBe(ExportResultCode.SUCCESS);
    const withPath = await exporter({ endpoint: `http://127.0.0.1:${r.port}/v1/traces` });
    expect(String(withPath)).toBe(`OTLPTraceExporter(grpc http://127.0.0.1:${r.port})`);
    expect((await exportSpans(withPath, makeSpans(1, 'b'))).code).toBe(ExportResultCode.SUCCESS);
    // host:port without insecure means TLS: the plaintext receiver cannot answer it.
    const tls = await exporter({ endpoint: `127.0.0.1:${r.port}`, timeoutMillis: 2000 });
    expect(String(tls)).toBe(`OTLPTraceExporter(grpc https://127.0.0.1:${r.port})`);
    expect((await exportSpans(tls, makeSpans(1, 'c'))).code).toBe(ExportResultCode.FAILED);
    expect(r.spans.map((s) => s.name)).toEqual(['a-0', 'b-0']);
  });

  it('rejects an endpoint with another scheme', async () => {
    await expect(createOtlpExporter({ endpoint: 'ftp://127.0.0.1:4317' })).rejects.toThrow(/"otlp\.endpoint".*host:port/);
  });

  it('owns its channel options: fast reconnect, keepalive, gzip, a local subchannel pool', async () => {
    const e = (await exporter({ endpoint: 'http://127.0.0.1:4317', compression: 'gzip' })) as OtlpGrpcTraceExporter;
    expect(e).toBeInstanceOf(OtlpGrpcTraceExporter);
    expect(e.channelOptions).toMatchObject({
      'grpc.initial_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.initialMs,
      'grpc.max_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.maxMs,
      'grpc.default_compression_algorithm': 2,
      'grpc.use_local_subchannel_pool': 1,
    });
    expect(e.channelOptions['grpc.keepalive_time_ms']).toBeGreaterThan(0);
  });
});

describe('OTLP/gRPC transport: TLS (certificates made with openssl in a temporary directory)', () => {
  let tls: TlsFixture;
  beforeAll(() => {
    tls = makeTlsFixture();
  });
  afterAll(() => tls.remove());

  it('TLS with a self-signed server certificate given as the CA file', async () => {
    const r = await receiver({ credentials: ServerCredentials.createSsl(null, [{ private_key: tls.read('self.key'), cert_chain: tls.read('self.pem') }], false) });
    const ok = await exporter({ endpoint: `https://127.0.0.1:${r.port}`, certificateFile: tls.path('self.pem') });
    expect((await exportSpans(ok, makeSpans(2, 'tls'))).code).toBe(ExportResultCode.SUCCESS);
    expect(r.spans.map((s) => s.name)).toEqual(['tls-0', 'tls-1']);
    // Without the CA file the system CAs do not know the certificate: the call fails, nothing arrives.
    const untrusted = await exporter({ endpoint: `https://127.0.0.1:${r.port}`, timeoutMillis: 3000 });
    const failed = await exportSpans(untrusted, makeSpans(1, 'nope'));
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect((failed.error as OtlpGrpcExportError).code).toBe(GrpcStatus.UNAVAILABLE);
    expect((failed.error as Error).message).toMatch(/self-signed certificate/);
    expect(r.spans).toHaveLength(2);
  });

  it('mTLS: the server demands a client certificate signed by its CA', async () => {
    const creds = ServerCredentials.createSsl(tls.read('ca.pem'), [{ private_key: tls.read('server.key'), cert_chain: tls.read('server.pem') }], true);
    const r = await receiver({ credentials: creds });
    const mtls = await exporter({
      endpoint: `https://127.0.0.1:${r.port}`, headers: { 'x-api-key': 'k1' },
      certificateFile: tls.path('ca.pem'), clientKeyFile: tls.path('client.key'), clientCertificateFile: tls.path('client.pem'),
    });
    expect((await exportSpans(mtls, makeSpans(1, 'mtls'))).code).toBe(ExportResultCode.SUCCESS);
    expect(r.metadata[0]!.get('x-api-key')).toEqual(['k1']);
    const noClientCert = await exporter({ endpoint: `https://127.0.0.1:${r.port}`, certificateFile: tls.path('ca.pem'), timeoutMillis: 3000 });
    expect((await exportSpans(noClientCert, makeSpans(1, 'anon'))).code).toBe(ExportResultCode.FAILED);
    expect(r.spans.map((s) => s.name)).toEqual(['mtls-0']);
  });

  it('a client key without its certificate is a TracingConfigError', async () => {
    const error = await createOtlpExporter({ endpoint: 'https://127.0.0.1:4317', clientKeyFile: tls.path('client.key') }).then(() => undefined, (e: unknown) => e);
    expect(isTracingConfigError(error)).toBe(true);
    expect((error as Error).message).toMatch(/otlp\.clientKeyFile/);
  });
});

describe('OTLP/gRPC transport: shutdown', () => {
  it('cancels the call still running (the receiver sees it cancelled), closes the channel, refuses later exports', async () => {
    const r = await receiver({ fault: { mode: 'hang' } });
    const e = await createOtlpExporter({ endpoint: r.url, timeoutMillis: 60_000 });
    const pending = exportSpans(e, makeSpans(2));
    expect(await pollUntil(() => r.requests === 1, 5000)).toBe(true);
    await e.shutdown();
    const result = await pending;
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as OtlpGrpcExportError).code).toBe(GrpcStatus.CANCELLED);
    expect(await pollUntil(() => r.cancelled === 1, 5000)).toBe(true);
    const after = await exportSpans(e, makeSpans(1));
    expect(after.code).toBe(ExportResultCode.FAILED);
    expect(classifyExportError(after.error)).toMatchObject({ retryable: false, reason: 'exporter is shut down' });
    await e.shutdown(); // twice is fine
  });
});
