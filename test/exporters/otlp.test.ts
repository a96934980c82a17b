import { GZIP_MIN_BYTES } from '../../src/exporters/otlp-http';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Metadata, Server as GrpcServer, ServerCredentials, type ServerUnaryCall, type sendUnaryData } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { createOtlpExporter, OtlpHttpExportError } from '../../src/exporters/otlp';
import { ManagedExporter } from '../../src/pipeline/managed-exporter';
import { DEFAULT_RETRY_POLICY } from '../../src/pipeline/processor-options';
import { classifyExportError } from '../../src/pipeline/retry-policy';
import { RetryingBatchSpanProcessor } from '../../src/pipeline/retrying-batch-processor';
import { decodeOtlpProtobuf, encodeEmptyOtlpResponse, loadOtlpTraceRoot } from '../support/receivers/otlp-proto';
import { DiagLogLevel, diag } from '@opentelemetry/api';
import { exportSpans, startOtlpGrpcReceiver } from '../support/receivers/index';
import { makeTlsFixture, type TlsFixture } from '../support/receivers/otlp-tls-certs';
import { makeSpans } from './otlp-test-spans';

/** A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl. */
let tls: TlsFixture;
const pem = (name: string) => tls.path(name);
beforeAll(() => {
  tls = makeTlsFixture();
});
afterAll(() => tls.remove());

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function spans(): ReadableSpan[] {
  return makeSpans(2, 'span');
}

interface Seen {
  headers: IncomingHttpHeaders;
  body: Buffer;
  authorized?: boolean;
}

async function listen(server: HttpServer): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => server.close(() => r())));
  return `${(server.address() as AddressInfo).port}`;
}

function handler(seen: Seen[], reply: (res: import('node:http').ServerResponse) => void) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body: Buffer.concat(chunks), authorized: (req.socket as { authorized?: boolean }).authorized });
      reply(res);
    });
  };
}

describe('OTLP over HTTP (our transport)', () => {
  it('sends headers, content type and a gzip body that decodes to the spans', async () => {
    const seen: Seen[] = [];
    const port = await listen(createHttpServer(handler(seen, (res) => res.end(Buffer.from(encodeEmptyOtlpResponse())))));
    const exporter = await createOtlpExporter({
      endpoint: `http://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf', compression: 'gzip', headers: { authorization: 'Bearer t0k' },
    });
    closers.push(() => exporter.shutdown());
    const many = makeSpans(20, 'span'); // over GZIP_MIN_BYTES once serialised
    expect((await exportSpans(exporter, many)).code).toBe(ExportResultCode.SUCCESS);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer t0k', 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    const decoded = decodeOtlpProtobuf(gunzipSync(seen[0]!.body));
    expect(decoded.resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.map((s) => s.name)).toEqual(many.map((s) => s.name));
    expect(String(exporter)).toBe(`OtlpHttpTraceExporter(http/protobuf http://127.0.0.1:${port}/v1/traces)`);
  });

  it('with gzip on, sends a request under GZIP_MIN_BYTES uncompressed (and says so in its headers)', async () => {
    const seen: Seen[] = [];
    const port = await listen(createHttpServer(handler(seen, (res) => res.end(Buffer.from(encodeEmptyOtlpResponse())))));
    const exporter = await createOtlpExporter({ endpoint: `http://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf', compression: 'gzip' });
    closers.push(() => exporter.shutdown());
    expect((await exportSpans(exporter, spans())).code).toBe(ExportResultCode.SUCCESS);
    expect(seen[0]!.body.byteLength).toBeLessThan(GZIP_MIN_BYTES);
    expect(seen[0]!.headers['content-encoding']).toBeUndefined();
    expect(decodeOtlpProtobuf(seen[0]!.body).resourceSpans?.[0]?.scopeSpans?.[0]?.spans?.map((s) => s.name)).toEqual(['span-0', 'span-1']);
  });

  it('keeps the HTTP status and the Retry-After date in the error, so the policy can use them', async () => {
    const seen: Seen[] = [];
    const when = new Date(Date.now() + 30_000).toUTCString();
    const port = await listen(createHttpServer(handler(seen, (res) => {
      res.writeHead(503, { 'retry-after': when }).end('busy');
    })));
    const exporter = await createOtlpExporter({ endpoint: `http://127.0.0.1:${port}/v1/traces`, protocol: 'http/json' });
    closers.push(() => exporter.shutdown());
    const result = await exportSpans(exporter, spans());
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(OtlpHttpExportError);
    expect(seen).toHaveLength(1); // no hidden retries inside the exporter
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    const c = classifyExportError(result.error);
    expect(c.retryable).toBe(true);
    expect(c.reason).toBe('HTTP 503');
    expect(c.retryAfterMs).toBeGreaterThan(25_000);
    expect(c.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('partial success: the export succeeds, the rejection is logged once, not per response', async () => {
    const warnings: string[] = [];
    diag.setLogger({ error: () => {}, warn: (...a) => warnings.push(a.join(' ')), info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    closers.push(() => diag.disable());
    const answer = loadOtlpTraceRoot().ExportTraceServiceResponse.encode({ partialSuccess: { rejectedSpans: 2, errorMessage: 'span name too long' } } as never).finish();
    const port = await listen(createHttpServer(handler([], (res) => res.end(Buffer.from(answer)))));
    const exporter = await createOtlpExporter({ endpoint: `http://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf' });
    closers.push(() => exporter.shutdown());
    expect((await exportSpans(exporter, spans())).code).toBe(ExportResultCode.SUCCESS);
    expect((await exportSpans(exporter, spans())).code).toBe(ExportResultCode.SUCCESS);
    expect(warnings.filter((w) => w.includes('rejected'))).toEqual([
      'tracewright OTLP/HTTP: the collector rejected 2 span(s) (partial success): span name too long',
    ]);
  });

  it('partial success: the rejected spans count as failed, the rest as exported, nothing retried', async () => {
    diag.setLogger({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
    closers.push(() => diag.disable());
    const answer = loadOtlpTraceRoot().ExportTraceServiceResponse.encode({ partialSuccess: { rejectedSpans: 2, errorMessage: 'span name too long' } } as never).finish();
    const seen: Seen[] = [];
    const port = await listen(createHttpServer(handler(seen, (res) => res.end(Buffer.from(answer)))));
    const managed = new ManagedExporter('otlp', createOtlpExporter({ endpoint: `http://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf' }));
    closers.push(() => managed.shutdown());
    const processor = new RetryingBatchSpanProcessor(managed, { maxQueueSize: 100, maxBatchSize: 100, scheduledDelayMillis: 10_000, exportTimeoutMillis: 5_000, batch: true, retry: DEFAULT_RETRY_POLICY });
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('partial');
    for (let i = 0; i < 5; i++) tracer.startSpan(`span-${i}`).end();
    await processor.forceFlush();
    expect(seen).toHaveLength(1);
    expect(processor.getStats()).toMatchObject({
      totalExports: 1, successfulExports: 1, failedExports: 0, retriedExports: 0,
      exportedSpans: 3, failedSpans: 2, droppedSpans: 0, queueSize: 0, inFlightSpans: 0,
    });
    // the answer is capped at the batch: a collector claiming more rejects never makes counts negative
    const greedy = loadOtlpTraceRoot().ExportTraceServiceResponse.encode({ partialSuccess: { rejectedSpans: 50 } } as never).finish();
    const port2 = await listen(createHttpServer(handler([], (res) => res.end(Buffer.from(greedy)))));
    const managed2 = new ManagedExporter('otlp', createOtlpExporter({ endpoint: `http://127.0.0.1:${port2}/v1/traces`, protocol: 'http/protobuf' }));
    closers.push(() => managed2.shutdown());
    await managed2.send(spans(), 5_000);
    expect(managed2.getStats()).toMatchObject({ exportedSpans: 0, failedSpans: spans().length });
  });

  it('speaks HTTPS with a CA file and a client certificate (mTLS)', async () => {
    const seen: Seen[] = [];
    const server = createHttpsServer(
      { key: readFileSync(pem('server.key')), cert: readFileSync(pem('server.pem')), ca: readFileSync(pem('ca.pem')), requestCert: true, rejectUnauthorized: true },
      handler(seen, (res) => res.end()),
    );
    const port = await listen(server as unknown as HttpServer);
    const exporter = await createOtlpExporter({
      endpoint: `https://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf',
      certificateFile: pem('ca.pem'), clientKeyFile: pem('client.key'), clientCertificateFile: pem('client.pem'),
    });
    closers.push(() => exporter.shutdown());
    expect((await exportSpans(exporter, spans())).code).toBe(ExportResultCode.SUCCESS);
    expect(seen[0]!.authorized).toBe(true);

    const noCa = await createOtlpExporter({ endpoint: `https://127.0.0.1:${port}/v1/traces`, protocol: 'http/protobuf' });
    closers.push(() => noCa.shutdown());
    const refused = await exportSpans(noCa, spans());
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect(classifyExportError(refused.error)).toMatchObject({ retryable: false, reason: expect.stringMatching(/^TLS /) });
  });
});

describe('OTLP over gRPC (our transport)', () => {
  async function tlsGrpcServer(received: Metadata[]): Promise<number> {
    const server = new GrpcServer();
    server.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false, responseStream: false,
          requestSerialize: (b: Buffer) => b, requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b, responseDeserialize: (b: Buffer) => b,
        },
      },
      {
        Export: (call: ServerUnaryCall<Buffer, Buffer>, done: sendUnaryData<Buffer>) => {
          received.push(call.metadata);
          done(null, Buffer.from(encodeEmptyOtlpResponse()));
        },
      },
    );
    const creds = ServerCredentials.createSsl(readFileSync(pem('ca.pem')), [
      { private_key: readFileSync(pem('server.key')), cert_chain: readFileSync(pem('server.pem')) },
    ], true);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', creds, (e, p) => (e ? reject(e) : resolve(p))),
    );
    closers.push(() => void server.forceShutdown());
    return port;
  }

  it('speaks TLS with a CA file and a client certificate, and sends headers as metadata', async () => {
    const received: Metadata[] = [];
    const port = await tlsGrpcServer(received);
    const exporter = await createOtlpExporter({
      endpoint: `https://127.0.0.1:${port}`, headers: { 'x-api-key': 'k1' },
      certificateFile: pem('ca.pem'), clientKeyFile: pem('client.key'), clientCertificateFile: pem('client.pem'),
    });
    closers.push(() => exporter.shutdown());
    expect((await exportSpans(exporter, spans())).code).toBe(ExportResultCode.SUCCESS);
    expect(received[0]!.get('x-api-key')).toEqual(['k1']);
    expect(String(exporter)).toBe(`OTLPTraceExporter(grpc https://127.0.0.1:${port})`);
  });

  it('uses plaintext for a scheme-less endpoint only when insecure is true', async () => {
    const receiver = await startOtlpGrpcReceiver();
    closers.push(() => receiver.close());
    const hostPort = `127.0.0.1:${receiver.port}`;
    const plain = await createOtlpExporter({ endpoint: hostPort, insecure: true, timeoutMillis: 2000 });
    closers.push(() => plain.shutdown());
    expect((await exportSpans(plain, spans())).code).toBe(ExportResultCode.SUCCESS);
    const tls = await createOtlpExporter({ endpoint: hostPort, timeoutMillis: 2000 });
    closers.push(() => tls.shutdown());
    const failed = await exportSpans(tls, spans());
    expect(failed.code).toBe(ExportResultCode.FAILED);
    expect(receiver.spans).toHaveLength(2);
  });
});

describe('OTLP options', () => {
  it('rejects an unknown protocol and an unreadable certificate file with a TracingConfigError', async () => {
    await expect(createOtlpExporter({ protocol: 'thrift' as never })).rejects.toThrow(/otlp\.protocol.*grpc, http\/protobuf, http\/json/);
    await expect(createOtlpExporter({ certificateFile: '/nope/ca.pem' })).rejects.toThrow(/otlp\.certificateFile/);
    await expect(createOtlpExporter({ protocol: 'http/protobuf', endpoint: 'not a url' })).rejects.toThrow();
  });

  it('defaults: gRPC to localhost:4317, HTTP to localhost:4318/v1/traces', async () => {
    const grpc = await createOtlpExporter();
    const http = await createOtlpExporter({ protocol: 'http/protobuf' });
    expect(String(grpc)).toBe('OTLPTraceExporter(grpc http://localhost:4317)');
    expect(String(http)).toBe('OtlpHttpTraceExporter(http/protobuf http://localhost:4318/v1/traces)');
    await grpc.shutdown();
    await http.shutdown();
  });
});
