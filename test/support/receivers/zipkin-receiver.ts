/**
 * A Zipkin v2 collector: POST /api/v2/spans with a JSON array of spans. Every span is validated
 * with ajv against zipkin-v2.schema.json (written from the Zipkin v2 API); one invalid span makes
 * the whole request answer 400 and lands in `invalid`, so a test can assert there were none.
 * Valid requests are answered 202 Accepted, as Zipkin does.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { createRequire } from 'node:module';
import { RejectRequest, startHttpReceiverCore } from './http-receiver-core';
import type { ReceiverOptions, ZipkinReceiver } from './types';
import { normalizeZipkinSpan, type ZipkinSpan } from './zipkin-normalize';

export type ZipkinSpanValidator = (span: unknown) => string[];

function formatError(error: ErrorObject): string {
  const where = error.instancePath || '/';
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)})`
        : '';
  return `${where} ${error.message ?? error.keyword}${extra}`;
}

let validator: ZipkinSpanValidator | undefined;

/** The compiled schema as a function: [] for a valid span, else ajv's messages. */
export function createZipkinSpanValidator(): ZipkinSpanValidator {
  if (validator) return validator;
  const schema = createRequire(import.meta.url)('./zipkin-v2.schema.json') as object;
  const ajv = new Ajv({ allErrors: true, strict: true });
  const validate = ajv.compile(schema);
  validator = (span) => (validate(span) ? [] : (validate.errors ?? []).map(formatError));
  return validator;
}

export async function startZipkinReceiver(options: ReceiverOptions = {}): Promise<ZipkinReceiver> {
  const raw: unknown[] = [];
  const invalid: { span: unknown; errors: string[] }[] = [];
  const validate = createZipkinSpanValidator();

  const { handle, state } = await startHttpReceiverCore({
    ...options,
    label: 'Zipkin receiver',
    path: '/api/v2/spans',
    decode(body, request, faulted) {
      const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new RejectRequest(415, `unsupported content-type "${type}": application/json`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch (error) {
        throw new RejectRequest(400, `body is not JSON: ${(error as Error).message}`, 'invalid');
      }
      if (!Array.isArray(parsed)) throw new RejectRequest(400, 'body is not a JSON array of spans (ListOfSpans)', 'invalid');
      if (faulted) return (parsed as ZipkinSpan[]).map(normalizeZipkinSpan);
      raw.push(...parsed);
      const bad: { span: unknown; errors: string[] }[] = [];
      for (const span of parsed) {
        const errors = validate(span);
        if (errors.length) bad.push({ span, errors });
      }
      if (bad.length) {
        invalid.push(...bad);
        const first = bad[0]!;
        throw new RejectRequest(400, `${bad.length} invalid span(s); first: ${first.errors.join('; ')}`, 'invalid');
      }
      return (parsed as ZipkinSpan[]).map(normalizeZipkinSpan);
    },
    reply: () => ({ status: 202 }),
  });

  return Object.assign(handle, {
    raw,
    invalid,
    reset() {
      state.reset();
      raw.length = 0;
      invalid.length = 0;
    },
  });
}
