import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { OtlpGrpcTraceExporter } from './otlp-grpc';
import { OtlpHttpTraceExporter } from './otlp-http';
import { DEFAULT_OTLP_HTTP_ENDPOINT, readTlsFiles, type OtlpProtocol, type OtlpExporterOptions } from './otlp-options';

export { GRPC_KEEPALIVE, GRPC_RECONNECT_BACKOFF } from './otlp-grpc-config';
export { OTLP_GRPC_EXPORT_PATH, OtlpGrpcExportError, OtlpGrpcTraceExporter } from './otlp-grpc';
export { OTLP_HTTP_MAX_RESPONSE_BYTES, OTLP_HTTP_MAX_SOCKETS, OtlpHttpExportError, OtlpHttpTraceExporter } from './otlp-http';
export { DEFAULT_OTLP_GRPC_ENDPOINT, DEFAULT_OTLP_HTTP_ENDPOINT } from './otlp-options';
export type { OtlpExporterOptions, OtlpProtocol } from './otlp-options';

const PROTOCOLS: readonly OtlpProtocol[] = ['grpc', 'http/protobuf', 'http/json'];

/**
 * Creates the OTLP span exporter: tracewright's own transports with the official OTLP serializers
 * of `@opentelemetry/otlp-transformer`. gRPC runs on `@grpc/grpc-js` (loaded only when chosen);
 * HTTP on `node:http(s)`. Neither retries on its own: every failure reaches the processor's retry
 * policy with its gRPC status or HTTP status and the server's requested wait, and partial success
 * is reported as `rejectedSpans`.
 */
export async function createOtlpExporter(options: OtlpExporterOptions = {}): Promise<SpanExporter> {
  const protocol = options.protocol ?? 'grpc';
  if (!PROTOCOLS.includes(protocol)) throw new TracingConfigError('otlp.protocol', protocol, PROTOCOLS.join(', '));
  const tls = readTlsFiles(options);
  const { JsonTraceSerializer, ProtobufTraceSerializer } = await import('@opentelemetry/otlp-transformer');
  if (protocol === 'grpc') {
    const grpc = await import('@grpc/grpc-js');
    return new OtlpGrpcTraceExporter(options, tls, ProtobufTraceSerializer, grpc);
  }
  const serializer = protocol === 'http/json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  const http = await import(httpModuleName(options.endpoint ?? DEFAULT_OTLP_HTTP_ENDPOINT));
  return new OtlpHttpTraceExporter(options, protocol, tls, serializer, http);
}

function httpModuleName(endpoint: string): 'node:https' | 'node:http' {
  try {
    return new URL(endpoint).protocol === 'https:' ? 'node:https' : 'node:http';
  } catch {
    throw new TracingConfigError('otlp.endpoint', endpoint, 'an http:// or https:// URL');
  }
}
