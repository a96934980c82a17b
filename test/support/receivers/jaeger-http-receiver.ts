/**
 * The Jaeger collector's HTTP endpoint: POST /api/traces with `application/x-thrift`, a
 * binary-protocol jaeger.thrift `Batch` (what jaeger-client's HTTPSender sends when
 * @opentelemetry/exporter-jaeger has an `endpoint`). Answers 202 Accepted, as the collector does.
 */
import { RejectRequest, startHttpReceiverCore } from './http-receiver-core';
import { normalizeJaegerBatch } from './jaeger-normalize';
import { decodeJaegerBatch } from './jaeger-thrift';
import type { JaegerReceiver, ReceiverOptions } from './types';

const THRIFT_TYPES = ['application/x-thrift', 'application/vnd.apache.thrift.binary'];

export async function startJaegerHttpReceiver(options: ReceiverOptions = {}): Promise<JaegerReceiver> {
  const batches: unknown[] = [];
  const { handle, state } = await startHttpReceiverCore({
    ...options,
    label: 'Jaeger collector HTTP receiver',
    path: '/api/traces',
    decode(body, request, faulted) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!THRIFT_TYPES.includes(type)) {
        throw new RejectRequest(415, `unsupported content-type "${type}": ${THRIFT_TYPES.join(' or ')}`);
      }
      let batch;
      try {
        batch = decodeJaegerBatch(body);
      } catch (error) {
        throw new RejectRequest(400, (error as Error).message, 'invalid');
      }
      const spans = normalizeJaegerBatch(batch);
      if (!faulted) batches.push(batch);
      return spans;
    },
    reply: () => ({ status: 202 }),
  });
  return Object.assign(handle, {
    batches,
    reset() {
      state.reset();
      batches.length = 0;
    },
  });
}
