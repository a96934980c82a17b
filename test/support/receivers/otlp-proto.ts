/**
 * The compiled OTLP protobuf root that `otlp-decoder` (an npm alias of
 * @opentelemetry/otlp-transformer@0.216.0) ships. The current transformer line no longer ships a
 * decoder, so an independent, older copy decodes what the current exporters encode.
 */
import { createRequire } from 'node:module';

export interface ProtoMessageType<T> {
  decode(reader: Uint8Array): T;
  encode(message: object): { finish(): Uint8Array };
  verify(message: object): string | null;
}

/** Only the fields the receivers read; protobufjs gives Uint8Array bytes and Long 64-bit ints. */
export interface OtlpExportRequest {
  resourceSpans?: OtlpResourceSpans[];
}
export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: { scope?: { name?: string; version?: string }; spans?: OtlpSpan[] }[];
}
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: unknown;
  doubleValue?: number;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: Uint8Array | string;
}
export interface OtlpSpan {
  traceId: unknown;
  spanId: unknown;
  parentSpanId?: unknown;
  traceState?: string;
  name?: string;
  kind?: number | string;
  startTimeUnixNano?: unknown;
  endTimeUnixNano?: unknown;
  attributes?: OtlpKeyValue[];
  events?: { name?: string; timeUnixNano?: unknown; attributes?: OtlpKeyValue[] }[];
  links?: { traceId: unknown; spanId: unknown; attributes?: OtlpKeyValue[] }[];
  status?: { code?: number | string; message?: string };
}

export interface OtlpTraceRoot {
  ExportTraceServiceRequest: ProtoMessageType<OtlpExportRequest>;
  ExportTraceServiceResponse: ProtoMessageType<object>;
}

let cached: OtlpTraceRoot | undefined;

/** Loads the compiled root once (lazily, so importing the receivers costs nothing until used). */
export function loadOtlpTraceRoot(): OtlpTraceRoot {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const root = require('otlp-decoder/build/src/generated/root.js') as {
    opentelemetry: { proto: { collector: { trace: { v1: OtlpTraceRoot } } } };
  };
  const v1 = root.opentelemetry.proto.collector.trace.v1;
  if (!v1?.ExportTraceServiceRequest || !v1.ExportTraceServiceResponse) {
    throw new Error('otlp-decoder: compiled root has no opentelemetry.proto.collector.trace.v1 messages');
  }
  cached = v1;
  return v1;
}

export function decodeOtlpProtobuf(body: Uint8Array): OtlpExportRequest {
  return loadOtlpTraceRoot().ExportTraceServiceRequest.decode(body);
}

/** An empty ExportTraceServiceResponse (no partial success), encoded. */
export function encodeEmptyOtlpResponse(): Uint8Array {
  return loadOtlpTraceRoot().ExportTraceServiceResponse.encode({}).finish();
}
