/**
 * What the official Jaeger exporter can carry, compared exactly: ids, parents, kinds, typed tags,
 * logs (µs, truncated on the wire), FOLLOWS_FROM references, status tags, scope tags and
 * the process.
 */
import { hrTimeToMicroseconds, hrTimeToMilliseconds } from '@opentelemetry/core';
import { expect } from 'vitest';
import { findSpan, toOtlpIds } from '../support/receivers/export-helpers';
import type { ReceivedSpan } from '../support/receivers/types';
import { KIND_NAMES } from './otlp-assertions';
import { LINKED, SCOPE, SERVICE_NAME, type SpanFixture } from './span-fixture';

export const PROCESS_TAGS = [{ key: 'host.name', value: 'selftest-host' }];

const jaegerValue = (value: unknown): unknown => (Array.isArray(value) ? String(value) : value);

export function expectJaegerFidelity(received: ReceivedSpan[], fixture: SpanFixture): void {
  expect(received.map((s) => s.name).sort()).toEqual(fixture.spans.map((s) => s.name).sort());
  for (const sent of fixture.spans) {
    const got = findSpan(received, sent.name);
    expect({ traceId: got.traceId, spanId: got.spanId, parentSpanId: got.parentSpanId }).toEqual({
      parentSpanId: undefined,
      ...toOtlpIds(sent),
    });
    expect(got.kind).toBe(KIND_NAMES[sent.kind]);
    // jaeger-client writes i64s with node-int64, which truncates fractional microseconds.
    const start = BigInt(Math.trunc(hrTimeToMicroseconds(sent.startTime)));
    expect(got.startTimeUnixNano).toBe(start * 1000n);
    expect(got.endTimeUnixNano).toBe((start + BigInt(Math.trunc(hrTimeToMicroseconds(sent.duration)))) * 1000n);
    const expected = Object.fromEntries(
      Object.entries({ ...sent.attributes, ...sent.resource.attributes }).map(([k, v]) => [k, jaegerValue(v)]),
    );
    expect(got.attributes).toEqual(expected);
    expect(got.scope).toEqual(SCOPE);
    expect(got.resource).toEqual({ 'service.name': SERVICE_NAME, 'host.name': 'selftest-host' });
    expect(got.status.code).toBe(['UNSET', 'OK', 'ERROR'][sent.status.code]);
  }
  const root = findSpan(received, 'GET /users/:id');
  expect(root.attributes).toMatchObject({ 'http.response.status_code': 200, 'app.cached': false, 'app.ratio': 0.25 });
  const child = findSpan(received, 'SELECT users');
  expect(child.parentSpanId).toBe(root.spanId);
  expect(child.status).toEqual({ code: 'ERROR', message: 'db down' });
  expect(child.attributes.error).toBeUndefined();
  const sentEvent = fixture.byName('SELECT users').events[0]!;
  expect(child.events).toEqual([
    {
      name: 'cache.miss',
      // The exporter sends log times as fractional milliseconds; jaeger-client scales to µs and truncates.
      timeUnixNano: BigInt(Math.trunc(hrTimeToMilliseconds(sentEvent.time) * 1000)) * 1000n,
      attributes: { 'cache.key': 'user:1', attempt: 2 },
    },
  ]);
  expect(child.links).toEqual([{ ...LINKED, attributes: {} }]);
  expect(findSpan(received, 'publish user.viewed').status).toEqual({ code: 'OK' });
  expect(findSpan(received, 'render').kind).toBe('INTERNAL');
  expect(findSpan(received, 'consume user.viewed').parentSpanId).toBe('00f067aa0ba902b7');
}
