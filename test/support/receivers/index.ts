/**
 * Real trace receivers on 127.0.0.1 for tests and benchmarks: they decode the real wire formats
 * (OTLP protobuf/JSON over gRPC and HTTP, Zipkin v2 JSON; Jaeger takes OTLP) into
 * one normalized `ReceivedSpan`, and can be told to fail, hang or refuse. See
 * docs/testing-receivers.md.
 */
export { startOtlpGrpcReceiver } from './otlp-grpc-receiver';
export { startOtlpHttpReceiver } from './otlp-http-receiver';
export { createZipkinSpanValidator, startZipkinReceiver } from './zipkin-receiver';
export type { ZipkinSpanValidator } from './zipkin-receiver';
export { exportSpans, findSpan, hrTimeToBigInt, toOtlpIds, toUnixNanos } from './export-helpers';
export type { OtlpIds } from './export-helpers';
export type {
  Fault,
  ReceivedEvent,
  ReceivedLink,
  ReceivedSpan,
  ReceivedSpanKind,
  ReceivedStatusCode,
  Receiver,
  ReceiverOptions,
  RequestOutcome,
  RequestRecord,
  ZipkinReceiver,
} from './types';
