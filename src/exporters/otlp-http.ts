import type { Agent as HttpAgent, ClientRequest, IncomingMessage, OutgoingHttpHeaders, RequestOptions } from 'node:http';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { parseRetryAfter } from '../internal/retry-after';
import {
  DEFAULT_OTLP_HTTP_ENDPOINT,
  DEFAULT_OTLP_TIMEOUT_MS,
  PartialSuccessReader,
  permanentError,
  type OtlpExporterOptions,
  type OtlpProtocol,
  type TlsFiles,
  type TraceSerializer,
} from './otlp-options';

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

export type HttpModule = {
  request(url: URL, options: RequestOptions, callback: (res: IncomingMessage) => void): ClientRequest;
  Agent: new (options: Record<string, unknown>) => HttpAgent;
};

/**
 * The most of an answer that is read. An OTLP answer is a few bytes (a partial-success message at
 * most); a collector that sends more, or trickles forever, must not grow memory without bound.
 */
export const OTLP_HTTP_MAX_RESPONSE_BYTES = 64 * 1024;
/** Connections one exporter opens at most; more requests wait in the agent for a free one. */
export const OTLP_HTTP_MAX_SOCKETS = 4;
const gzipAsync = promisify(gzip);

/**
 * With `compression: 'gzip'`, a request smaller than this goes uncompressed: gzip's header and
 * trailer eat most of what it could save on a few hundred bytes, and it costs CPU and a thread-pool
 * hop on every timer flush of a quiet service.
 */
export const GZIP_MIN_BYTES = 1024;

/**
 * OTLP over HTTP (protobuf or JSON), one request per export, no retries of its own: the processor
 * retries. Errors keep the HTTP status (`code`) and the server's Retry-After (`retryAfterMs`).
 * Each request is aborted at its deadline however the server behaves (`req.setTimeout` is only an
 * idle timeout, which a collector trickling bytes never triggers), its answer is read up to
 * {@link OTLP_HTTP_MAX_RESPONSE_BYTES}, and the exporter's agent keeps at most
 * {@link OTLP_HTTP_MAX_SOCKETS} connections.
 */
export class OtlpHttpTraceExporter implements SpanExporter {
  private readonly url: URL;
  private readonly agent: HttpAgent;
  private readonly headers: OutgoingHttpHeaders;
  private readonly timeoutMillis: number;
  private readonly gzip: boolean;
  private readonly partial: PartialSuccessReader;
  /** Ends each request still running; shutdown() calls them all. */
  private readonly running = new Set<() => void>();
  private stopped = false;

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
    this.agent = new http.Agent({ keepAlive: true, maxSockets: OTLP_HTTP_MAX_SOCKETS, ...tls });
    this.timeoutMillis = options.timeoutMillis ?? DEFAULT_OTLP_TIMEOUT_MS;
    this.gzip = options.compression === 'gzip';
    this.partial = new PartialSuccessReader('OTLP/HTTP', serializer);
    this.headers = {
      ...options.headers,
      'Content-Type': protocol === 'http/json' ? 'application/json' : 'application/x-protobuf',
      'User-Agent': 'tracewright OTLP/HTTP exporter',
    };
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: permanentError('exporter is shut down') });
      return;
    }
    this.send(spans).then(
      (rejectedSpans) => resultCallback(rejectedSpans > 0 ? ({ code: ExportResultCode.SUCCESS, rejectedSpans } as ExportResult) : { code: ExportResultCode.SUCCESS }),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  /** True for `http/protobuf`: {@link exportSerialized} takes an OTLP protobuf request. */
  get acceptsSerializedProtobuf(): boolean {
    return this.protocol !== 'http/json';
  }

  /**
   * Sends an export request serialised before (by the disk spool) with `ProtobufTraceSerializer`,
   * as `export` would have sent it; `spanCount` is only for the caller's accounting.
   */
  exportSerialized(request: Uint8Array, _spanCount: number, resultCallback: (result: ExportResult) => void): void {
    if (this.stopped || this.protocol === 'http/json') {
      resultCallback({ code: ExportResultCode.FAILED, error: permanentError(this.stopped ? 'exporter is shut down' : 'http/json cannot send a protobuf request') });
      return;
    }
    this.sendBytes(request).then(
      (rejectedSpans) => resultCallback(rejectedSpans > 0 ? ({ code: ExportResultCode.SUCCESS, rejectedSpans } as ExportResult) : { code: ExportResultCode.SUCCESS }),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const stop of [...this.running]) stop();
    this.agent.destroy();
  }

  toString(): string {
    return `OtlpHttpTraceExporter(${this.protocol} ${this.url.href})`;
  }

  /** Sends one request; resolves with the number of spans the collector rejected (partial success). */
  private async send(spans: ReadableSpan[]): Promise<number> {
    const raw = this.serializer.serializeRequest(spans);
    if (!raw) throw permanentError('OTLP serializer produced no request');
    return this.sendBytes(raw);
  }

  private async sendBytes(raw: Uint8Array): Promise<number> {
    const compress = this.gzip && raw.byteLength >= GZIP_MIN_BYTES;
    const body = compress ? await gzipAsync(raw) : raw;
    return this.partial.read(await this.post(body, compress));
  }

  /**
   * One POST with a hard deadline: a timer aborts the request's AbortController (Node then destroys
   * the request and its socket) however slowly the server answers; shutdown() aborts it too.
   */
  private post(body: Uint8Array, gzipped: boolean): Promise<Buffer> {
    const ms = this.timeoutMillis;
    const controller = new AbortController();
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, data?: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.running.delete(stop);
        if (error) {
          controller.abort(error);
          reject(error);
        } else resolve(data as Buffer);
      };
      const stop = (): void => finish(permanentError('exporter is shut down'));
      const timer = setTimeout(() => finish(Object.assign(new Error(`OTLP/HTTP request timed out after ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
      timer.unref?.();
      this.running.add(stop);
      const req = this.http.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          signal: controller.signal,
          headers: { ...this.headers, ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}), 'Content-Length': body.byteLength },
        },
        (res) => this.readAnswer(res, finish),
      );
      req.on('error', (error) => finish(error));
      req.end(body);
    });
  }

  private readAnswer(res: IncomingMessage, finish: (error: Error | undefined, data?: Buffer) => void): void {
    const status = res.statusCode ?? 0;
    const ok = status >= 200 && status < 300;
    const failure = (data: Buffer) =>
      new OtlpHttpExportError(status, res.statusMessage ?? '', data.toString('utf8'), parseRetryAfter(res.headers['retry-after']));
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= OTLP_HTTP_MAX_RESPONSE_BYTES) {
        chunks.push(chunk);
        return;
      }
      // Stop reading: an error status keeps its classification; an oversized 2xx is a broken answer.
      const data = Buffer.concat(chunks);
      finish(ok ? permanentError(`OTLP/HTTP answer exceeded ${OTLP_HTTP_MAX_RESPONSE_BYTES} bytes (status ${status}); aborted`) : failure(data));
      res.destroy();
    });
    res.on('error', (error) => finish(error));
    res.on('end', () => {
      const data = Buffer.concat(chunks);
      finish(ok ? undefined : failure(data), data);
    });
  }
}
