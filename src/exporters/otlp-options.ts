import { readFileSync } from 'node:fs';
import type { ISerializer, IExportTraceServiceResponse } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { logger } from '../internal/diag';

export type OtlpProtocol = 'grpc' | 'http/protobuf' | 'http/json';

/** OTLP exporter options; the config resolver fills them from `OTEL_EXPORTER_OTLP_(TRACES_)*`. */
export interface OtlpExporterOptions {
  /**
   * Collector URL. gRPC: `http(s)://host:port` or `host:port` (TLS unless `insecure`; a path is
   * ignored); HTTP: the full traces URL.
   * @default grpc `http://localhost:4317`, http `http://localhost:4318/v1/traces` (env `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`)
   */
  endpoint?: string;
  /** @default 'grpc' (env `OTEL_EXPORTER_OTLP_TRACES_PROTOCOL`, `OTEL_EXPORTER_OTLP_PROTOCOL`) */
  protocol?: OtlpProtocol;
  /**
   * Sent with every request (gRPC metadata / HTTP headers), e.g. auth. gRPC metadata keys are
   * lowercased and must be made of `0-9 a-z _ . -` (not `grpc-*`, not `*-bin`), values printable ASCII.
   * @default {} (env `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`)
   */
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
export const DEFAULT_OTLP_TIMEOUT_MS = 10_000;

export type TraceSerializer = ISerializer<ReadableSpan[], IExportTraceServiceResponse>;

export interface TlsFiles {
  ca?: Buffer;
  key?: Buffer;
  cert?: Buffer;
}

export function readTlsFiles(o: OtlpExporterOptions): TlsFiles {
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

/** An error the exporter itself decided is not worth retrying (shut down, nothing to send). */
export function permanentError(message: string): Error {
  return Object.assign(new Error(message), { retryable: false });
}

/**
 * Reads an OTLP partial-success answer: returns how many spans the collector rejected (the caller
 * reports them as `rejectedSpans`, which ManagedExporter counts as failed), and logs one warning
 * now, then at most one summary a minute while it goes on.
 */
export class PartialSuccessReader {
  private rejected = 0;
  private loggedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly label: string,
    private readonly serializer: TraceSerializer,
  ) {}

  read(data: Uint8Array): number {
    if (data.length === 0) return 0;
    let answer: IExportTraceServiceResponse;
    try {
      answer = this.serializer.deserializeResponse(data);
    } catch {
      // A success whose body we cannot read still delivered the spans.
      return 0;
    }
    const rejected = Number(answer.partialSuccess?.rejectedSpans ?? 0);
    if (!(rejected > 0)) return 0;
    this.rejected += rejected;
    const now = Date.now();
    if (now - this.loggedAt >= 60_000) {
      logger.warn(`${this.label}: the collector rejected ${this.rejected} span(s) (partial success): ${answer.partialSuccess?.errorMessage ?? ''}`);
      this.rejected = 0;
      this.loggedAt = now;
    }
    return rejected;
  }
}
