/**
 * An OTLP/HTTP trace receiver: POST /v1/traces with `application/x-protobuf` (decoded with the
 * compiled root of `otlp-decoder`) or `application/json` (OTLP JSON), optionally gzip-encoded.
 * Answers 200 with an empty ExportTraceServiceResponse in the request's own encoding.
 */
import { startHttpReceiverCore, RejectRequest } from './http-receiver-core';
import { normalizeOtlpRequest, parseOtlpJson } from './otlp-normalize';
import { decodeOtlpProtobuf, encodeEmptyOtlpResponse } from './otlp-proto';
import type { Receiver, ReceiverOptions } from './types';

const PROTOBUF = 'application/x-protobuf';
const JSON_TYPE = 'application/json';

function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

export async function startOtlpHttpReceiver(options: ReceiverOptions = {}): Promise<Receiver> {
  const { handle } = await startHttpReceiverCore({
    ...options,
    label: 'OTLP/HTTP receiver',
    path: '/v1/traces',
    decode(body, request) {
      const type = mediaType(request.headers['content-type']);
      if (type === PROTOBUF) return normalizeOtlpRequest(decodeOtlpProtobuf(body));
      if (type === JSON_TYPE) return normalizeOtlpRequest(parseOtlpJson(body.toString('utf8')));
      throw new RejectRequest(415, `unsupported content-type "${type}": ${PROTOBUF} or ${JSON_TYPE}`);
    },
    reply(request) {
      if (mediaType(request.headers['content-type']) === JSON_TYPE) {
        return { status: 200, body: '{}', contentType: JSON_TYPE };
      }
      return { status: 200, body: encodeEmptyOtlpResponse(), contentType: PROTOBUF };
    },
  });
  return handle;
}
