import type * as Grpc from '@grpc/grpc-js';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { grpcRetryDelayMs } from '../internal/grpc-retry-info';
import { grpcChannelOptions, resolveGrpcHeaders, resolveGrpcTarget, type GrpcTarget } from './otlp-grpc-config';
import {
  DEFAULT_OTLP_TIMEOUT_MS,
  PartialSuccessReader,
  permanentError,
  type OtlpExporterOptions,
  type TlsFiles,
  type TraceSerializer,
} from './otlp-options';

/** The OTLP trace service method, as `opentelemetry/proto/collector/trace/v1/trace_service.proto` names it. */
export const OTLP_GRPC_EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

type GrpcModule = typeof Grpc;
const identity = (bytes: Buffer): Buffer => bytes;

/**
 * A failed OTLP/gRPC call: `code` is the gRPC status (what the retry policy classifies),
 * `retryAfterMs` the wait the server asked for in a `google.rpc.RetryInfo` detail (or
 * `grpc-retry-pushback-ms`), `metadata` its trailers.
 */
export class OtlpGrpcExportError extends Error {
  readonly code: number;
  readonly details: string;
  readonly metadata: Grpc.Metadata | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(error: Grpc.ServiceError, statusName: string) {
    super(`OTLP/gRPC export failed: ${statusName}: ${error.details}`);
    this.name = 'OtlpGrpcExportError';
    this.code = error.code;
    this.details = error.details;
    this.metadata = error.metadata;
    this.retryAfterMs = grpcRetryDelayMs(error);
  }
}

/**
 * OTLP over gRPC on `@grpc/grpc-js`, with the official `ProtobufTraceSerializer`: one unary
 * `TraceService/Export` call per export with a deadline of `timeoutMillis`, no retries of its own
 * (the processor retries). The channel is its own: it reconnects within 0.5–2 s after an outage,
 * pings a silent connection while a call waits, and compresses with gzip when asked. `shutdown()`
 * cancels the calls still running and closes the channel, so nothing keeps the process alive.
 */
export class OtlpGrpcTraceExporter implements SpanExporter {
  /** The channel options in use (reconnect backoff, keepalive, compression), for inspection. */
  readonly channelOptions: Readonly<Record<string, string | number>>;
  private readonly target: GrpcTarget;
  private readonly client: Grpc.Client;
  private readonly metadata: Grpc.Metadata;
  private readonly timeoutMillis: number;
  private readonly partial: PartialSuccessReader;
  private readonly calls = new Set<Grpc.ClientUnaryCall>();
  private stopped = false;

  constructor(
    options: OtlpExporterOptions,
    tls: TlsFiles,
    private readonly serializer: TraceSerializer,
    private readonly grpc: GrpcModule,
  ) {
    this.target = resolveGrpcTarget(options.endpoint, options.insecure);
    this.metadata = new grpc.Metadata();
    for (const [key, value] of resolveGrpcHeaders(options.headers)) this.metadata.set(key, value);
    this.timeoutMillis = options.timeoutMillis ?? DEFAULT_OTLP_TIMEOUT_MS;
    this.partial = new PartialSuccessReader('OTLP/gRPC', serializer);
    this.channelOptions = Object.freeze(grpcChannelOptions(options.compression === 'gzip'));
    this.client = new grpc.Client(this.target.address, this.credentials(tls), { ...this.channelOptions });
  }

  /** {@link exportSerialized} takes an OTLP protobuf request (the gRPC wire format). */
  readonly acceptsSerializedProtobuf = true;

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const fail = (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error });
    if (this.stopped) return fail(permanentError('exporter is shut down'));
    let body: Uint8Array | undefined;
    try {
      body = this.serializer.serializeRequest(spans);
    } catch (error) {
      return fail(permanentError(`OTLP serializer failed: ${String(error)}`));
    }
    if (!body) return fail(permanentError('OTLP serializer produced no request'));
    this.call(body, resultCallback);
  }

  /**
   * Sends an export request serialised before (by the disk spool) with `ProtobufTraceSerializer`,
   * as `export` would have sent it; `spanCount` is only for the caller's accounting.
   */
  exportSerialized(request: Uint8Array, _spanCount: number, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) return resultCallback({ code: ExportResultCode.FAILED, error: permanentError('exporter is shut down') });
    this.call(request, resultCallback);
  }

  private call(body: Uint8Array, resultCallback: (result: ExportResult) => void): void {
    const fail = (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error });
    const request = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    try {
      const call = this.client.makeUnaryRequest<Buffer, Buffer>(
        OTLP_GRPC_EXPORT_PATH,
        identity,
        identity,
        request,
        this.metadata.clone(),
        { deadline: Date.now() + this.timeoutMillis },
        (error, answer) => {
          this.calls.delete(call);
          if (error) return fail(new OtlpGrpcExportError(error, this.statusName(error.code)));
          const rejectedSpans = answer ? this.partial.read(answer) : 0;
          resultCallback(rejectedSpans > 0 ? ({ code: ExportResultCode.SUCCESS, rejectedSpans } as ExportResult) : { code: ExportResultCode.SUCCESS });
        },
      );
      this.calls.add(call);
    } catch (error) {
      fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async forceFlush(): Promise<void> {}

  /** Cancels running calls (their callbacks get CANCELLED) and closes the channel; returns at once. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const call of this.calls) call.cancel();
    this.calls.clear();
    this.client.close();
  }

  toString(): string {
    return `OTLPTraceExporter(grpc ${this.target.url})`;
  }

  private credentials(tls: TlsFiles): Grpc.ChannelCredentials {
    if (!this.target.secure) return this.grpc.credentials.createInsecure();
    try {
      return this.grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
    } catch (error) {
      throw new TracingConfigError(
        'otlp.clientKeyFile',
        tls.key ? 'set' : 'unset',
        'clientKeyFile and clientCertificateFile together (mTLS), or neither',
        (error as Error).message,
      );
    }
  }

  private statusName(code: number): string {
    const names = this.grpc.status as unknown as Record<number, string>;
    return names[code] ?? `status ${code}`;
  }
}
