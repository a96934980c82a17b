import { readFileSync } from 'node:fs';
import type { Agent as HttpAgent, IncomingMessage, OutgoingHttpHeaders, RequestOptions, ClientRequest } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import type { ISerializer, IExportTraceServiceResponse } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { logger } from '../internal/diag';
import { parseRetryAfter } from '../processor/retry-policy';

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

/** OTLP exporter options; the config resolver fills them from `OTEL_EXPORTER_OTLP_(TRACES_)*`. */
export interface OtlpExporterOptions {
  /**
   * Collector URL. gRPC: `scheme://host:port` (a path is ignored); HTTP: the full traces URL.
   * @default grpc `http://localhost:4317`, http `http://localhost:4318/v1/traces` (env `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`)
   */
  endpoint?: string;
  /** @default 'grpc' (env `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`) */
  protocol?: OtlpProtocol;
  /** Sent with every request (gRPC metadata / HTTP headers), e.g. auth. @default {} (env `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`) */
  headers?: Record<string, string>;
  /** Deadline of one request in ms. @default 10000 (env `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT`) */
  timeoutMillis?: number;
  /** @default 'none' (env `OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION`) */
  compression?: 'gzip' | 'none';
  /** PEM file of the CA that signed the server certificate. (env `OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE`) */
  certificateFile?: string;
  /** PEM private key of the client certificate, for mTLS. (env `OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_KEY`) */
  clientKeyFile?: string;
  /** PEM client certificate chain, for mTLS. (env `OTEL_EXPORTER_OTLP_(TRACES_)CLIENT_CERTIFICATE`) */
  clientCertificateFile?: string;
  /**
   * gRPC only, for an endpoint without `http://`/`https://`: true = plaintext, false = TLS. A scheme
   * always wins (http = plaintext, https = TLS), as the OTLP exporter specification says.
   * @default false (env `OTEL_EXPORTER_OTLP_(TRACES_)INSECURE`)
   */
  insecure?: boolean;
}

export const DEFAULT_OTLP_GRPC_ENDPOINT = 'http://localhost:4317';
export const DEFAULT_OTLP_HTTP_ENDPOINT = 'http://localhost:4318/v1/traces';
const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

/**
 * Creates the OTLP span exporter. gRPC uses `@opentelemetry/exporter-trace-otlp-grpc` (loaded
 * lazily with `@grpc/grpc-js`); it has no retries of its own, so every failure reaches the
 * processor's retry policy. HTTP uses our own small transport over `node:http(s)` with the official
 * OTLP serializers: the official HTTP exporter retries internally (up to 5 times inside its timeout)
 * and then reports a code-less error, which would hide failures from the stats and lose Retry-After.
 */
export async function createOtlpExporter(options: OtlpExporterOptions = {}): Promise<SpanExporter> {
  const protocol = options.protocol ?? 'grpc';
  if (!PROTOCOLS.includes(protocol)) throw new TracingConfigError('otlp.protocol', protocol, PROTOCOLS.join(', '));
  const tls = readTlsFiles(options);
  if (protocol === 'grpc') return createGrpcExporter(options, tls);
  const { JsonTraceSerializer, ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  const serializer = protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  const http = await import(new URL(options.endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT).protocol === 'https:' ? 'node:https' : 'node:http');
  return new OtlpHttpTraceExporter(options, protocol, tls, serializer, http);
}

interface TlsFiles {
  ca?: Buffer;
  key?: Buffer;
  cert?: Buffer;
}

function readTlsFiles(o: OtlpExporterOptions): TlsFiles {
  const read = (option: string, path: string | undefined): Buffer | undefined => {
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      throw new TracingConfigError(option, path, 'a readable PEM file', (error as Error).message);
    }
  };
  return {
    ca: read('otlp.certificateFile', o.certificateFile),
    key: read('otlp.clientKeyFile', o.clientKeyFile),
    cert: read('otlp.clientCertificateFile', o.clientCertificateFile),
  };
}

async function createGrpcExporter(o: OtlpExporterOptions, tls: TlsFiles): Promise<SpanExporter> {
  const [{ OTLPTraceExporter }, grpcBase] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-grpc'),
    import('@opentelemetry/otlp-grpc-exporter-base'),
  ]);
  const raw = (o.endpoint ?? DEFAULT_OTLP_GRPC_ENDPOINT).trim();
  const hasScheme = /^[a-z][\w+.-]*:\/\//i.test(raw);
  const secure = hasScheme ? raw.toLowerCase().startsWith('https://') : !o.insecure;
  const url = hasScheme ? raw : `${secure ? 'https' : 'http'}://${raw}`;
  // Credentials and metadata are always passed explicitly, so the exporter's own reading of
  // OTEL_EXPORTER_OTLP_* cannot override what the config resolver decided.
  const credentials = secure
    ? grpcBase.createSslCredentials(tls.ca, tls.key, tls.cert)
    : grpcBase.createInsecureCredentials();
  const metadata = grpcBase.createEmptyMetadata();
  for (const [key, value] of Object.entries(o.headers ?? {})) metadata.set(key, value);
  const exporter = new OTLPTraceExporter({
    url,
    credentials,
    metadata,
    compression: (o.compression === 'gzip' ? 'gzip' : 'none') as CompressionAlgorithm,
    timeoutMillis: o.timeoutMillis ?? 10_000,
  });
  await useFastReconnect(exporter, credentials, metadata, o.compression === 'gzip');
  Object.defineProperty(exporter, 'toString', { value: () => `OTLPTraceExporter(grpc ${url})` });
  return exporter;
}

/** How fast gRPC reconnects after the collector was down: 0.5 s growing to 2 s (grpc-js default: 1 s to 120 s). A reconnect attempt to a down collector costs one TCP connect. */
export const GRPC_RECONNECT_BACKOFF = { initialMs: 500, maxMs: 2000 };

/**
 * `@grpc/grpc-js` reconnects with a backoff that grows to 2 minutes, and the OTLP gRPC exporter
 * offers no channel options: after a 10 s outage, every export kept failing for several seconds
 * with the collector already back, and the queue overflowed meanwhile. So the exporter's client is
 * created here, the way its transport would (same path, same raw-buffer codec, same credentials,
 * metadata, compression), plus a shorter reconnect backoff. This reaches into the transport of the
 * pinned `@opentelemetry/otlp-grpc-exporter-base` 0.223.0 (`_delegate._transport._client`); when
 * those internals differ, it changes nothing and the exporter creates its own client as usual.
 */
async function useFastReconnect(exporter: unknown, credentials: unknown, metadata: unknown, gzip: boolean): Promise<void> {
  const transport = (exporter as { _delegate?: { _transport?: Record<string, unknown> } })._delegate?._transport;
  const params = transport?._parameters as { address?: unknown; grpcPath?: unknown; grpcName?: unknown; userAgent?: unknown } | undefined;
  if (!transport || !params || transport._client !== undefined || !('_metadata' in transport)) return;
  if (typeof params.address !== 'string' || typeof params.grpcPath !== 'string' || typeof params.grpcName !== 'string') return;
  try {
    const grpc = await import('@grpc/grpc-js');
    const raw = (b: Buffer) => b;
    const Client = grpc.makeGenericClientConstructor(
      {
        export: {
          path: params.grpcPath, requestStream: false, responseStream: false,
          requestSerialize: raw, requestDeserialize: raw, responseSerialize: raw, responseDeserialize: raw,
        },
      },
      params.grpcName,
    );
    transport._client = new Client(params.address, credentials as import('@grpc/grpc-js').ChannelCredentials, {
      'grpc.default_compression_algorithm': gzip ? 2 : 0,
      'grpc.primary_user_agent': 'tracewright',
      'grpc.initial_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.initialMs,
      'grpc.max_reconnect_backoff_ms': GRPC_RECONNECT_BACKOFF.maxMs,
    });
    transport._metadata = metadata;
  } catch (error) {
    logger.debug(`OTLP gRPC: keeping the default reconnect backoff (${String(error)})`);
  }
}

/** An OTLP/HTTP answer other than 2xx. `code` is the HTTP status, as in `OTLPExporterError`. */
export class OtlpHttpExportError extends Error {
  readonly code: number;
  readonly data: string;
  readonly retryAfterMs: number | undefined;

  constructor(status: number, statusText: string, data: string, retryAfterMs: number | undefined) {
    super(`OTLP/HTTP export failed: ${status} ${statusText}${data ? `: ${data.slice(0, 200)}` : ''}`);
    this.name = 'OTLPExporterError';
    this.code = status;
    this.data = data;
    this.retryAfterMs = retryAfterMs;
  }
}

type HttpModule = {
  request(url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void): ClientRequest;
  Agent: new (options: Record<string, unknown>) => HttpAgent;
};
type TraceSerializer = ISerializer<ReadableSpan[], IExportTraceServiceResponse>;
const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
const gzipAsync = promisify(gzip);

/**
 * OTLP over HTTP (protobuf or JSON), one request per export, no retries of its own: the processor
 * retries. Errors keep the HTTP status (`code`) and the server's Retry-After (`retryAfterMs`).
 */
export class OtlpHttpTraceExporter implements SpanExporter {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMillis: number;
  private readonly gzip: boolean;
  private stopped = false;
  private rejected = 0;
  private rejectedLoggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    options: OtlpExporterOptions,
    private readonly protocol: OtlpProtocol,
    tls: TlsFiles,
    private readonly serializer: TraceSerializer,
    private readonly http: HttpModule,
  ) {
    const endpoint = options.endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT;
    try {
      this.url = new URL(endpoint);
    } catch {
      throw new TracingConfigError('otlp.endpoint', endpoint, 'an http:// or https:// URL');
    }
    this.agent = new http.Agent({ keepAlive: true, ...tls });
    this.timeoutMillis = options.timeoutMillis ?? 10_000;
    this.gzip = options.compression === 'gzip';
    this.headers = {
      ...options.headers,
      'Content-Type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      'User-Agent': 'tracewright OTLP/HTTP exporter',
      ...(this.gzip ? { 'Content-Encoding': 'gzip' } : {}),
    };
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: Object.assign(new Error('exporter is shut down'), { retryable: false }) });
      return;
    }
    this.send(spans).then(
      (rejectedSpans) => resultCallback(rejectedSpans > 0 ? { code: ExportResultCode.SUCCESS, rejectedSpans } as ExportResult : { code: ExportResultCode.SUCCESS }),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    this.stopped = true;
    this.agent.destroy();
  }

  toString(): string {
    return `OtlpHttpTraceExporter(${this.protocol} ${this.url.href})`;
  }

  /** Sends one request; resolves with the number of spans the collector rejected (partial success). */
  private async send(spans: ReadableSpan[]): Promise<number> {
    const raw = this.serializer.serializeRequest(spans);
    if (!raw) throw Object.assign(new Error('OTLP serializer produced no request'), { retryable: false });
    const body = this.gzip ? await gzipAsync(raw) : raw;
    const response = await this.post(body);
    return response.length > 0 ? this.checkPartialSuccess(response) : 0;
  }

  private post(body: Uint8Array): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const req = this.http.request(
        this.url,
        { method: 'POST', agent: this.agent, headers: { ...this.headers, 'Content-Length': body.byteLength } },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const data = Buffer.concat(chunks);
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(data);
            const retryAfter = parseRetryAfter(res.headers['retry-after']);
            reject(new OtlpHttpExportError(status, res.statusMessage ?? '', data.toString('utf8'), retryAfter));
          });
        },
      );
      req.setTimeout(this.timeoutMillis, () => {
        req.destroy(Object.assign(new Error(`OTLP/HTTP request timed out after ${this.timeoutMillis} ms`), { code: 'ETIMEDOUT' }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Partial success: one warning now, then at most one summary per minute while it goes on. */
  private noteRejected(count: number, message: string): void {
    this.rejected += count;
    const now = Date.now();
    if (now - this.rejectedLoggedAt < 60_000) return;
    logger.warn(`OTLP/HTTP: the collector rejected ${this.rejected} span(s) (partial success): ${message}`);
    this.rejected = 0;
    this.rejectedLoggedAt = now;
  }

  private checkPartialSuccess(data: Buffer): number {
    try {
      const answer = this.serializer.deserializeResponse(data);
      const rejected = Number(answer.partialSuccess?.rejectedSpans ?? 0);
      if (!(rejected > 0)) return 0;
      this.noteRejected(rejected, answer.partialSuccess?.errorMessage ?? '');
      return rejected;
    } catch {
      // A 2xx whose body we cannot read still delivered the spans.
      return 0;
    }
  }
}
