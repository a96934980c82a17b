/**
 * Exact comparison of what an OTLP receiver decoded with the fixture spans the SDK made: OTLP
 * carries everything, so every field must round-trip.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { expect } from 'vitest';
import { findSpan, hrTimeToBigInt, toOtlpIds, toUnixNanos } from '../support/receivers/export-helpers';
import type { ReceivedSpan } from '../support/receivers/types';
import { LINKED, ROOT_ATTRIBUTES, SCOPE, SERVICE_NAME, type SpanFixture } from './span-fixture';

export const KIND_NAMES = {
  [SpanKind.INTERNAL]: 'INTERNAL',
  [SpanKind.SERVER]: 'SERVER',
  [SpanKind.CLIENT]: 'CLIENT',
  [SpanKind.PRODUCER]: 'PRODUCER',
  [SpanKind.CONSUMER]: 'CONSUMER',
} as const;

export function expectOtlpFidelity(received: ReceivedSpan[], fixture: SpanFixture): void {
  expect(received.map((s) => s.name).sort()).toEqual(fixture.spans.map((s) => s.name).sort());
  for (const sent of fixture.spans) {
    const got = findSpan(received, sent.name);
    const ids = toOtlpIds(sent);
    const times = toUnixNanos(sent);
    expect(got.traceId).toBe(ids.traceId);
    expect(got.spanId).toBe(ids.spanId);
    expect(got.parentSpanId).toBe(ids.parentSpanId);
    expect(got.kind).toBe(KIND_NAMES[sent.kind]);
    expect(got.startTimeUnixNano).toBe(times.start);
    expect(got.endTimeUnixNano).toBe(times.end);
    expect(got.attributes).toEqual(sent.attributes);
    expect(got.resource).toMatchObject({ 'service.name': SERVICE_NAME, 'deployment.environment.name': 'test' });
    expect(got.resource).toEqual(sent.resource.attributes);
    expect(got.scope).toEqual(SCOPE);
    expect(got.status.code).toBe(['UNSET', 'OK', 'ERROR'][sent.status.code]);
    expect(got.status.message).toBe(sent.status.code === SpanStatusCode.ERROR ? sent.status.message : undefined);
  }

  const root = findSpan(received, 'GET /users/:id');
  expect(root.attributes).toEqual(ROOT_ATTRIBUTES);
  expect(root.parentSpanId).toBeUndefined();
  expect(root.kind).toBe('SERVER');

  const child = findSpan(received, 'SELECT users');
  expect(child.parentSpanId).toBe(root.spanId);
  expect(child.traceId).toBe(root.traceId);
  expect(child.kind).toBe('CLIENT');
  expect(child.status).toEqual({ code: 'ERROR', message: 'db down' });
  const sentEvent = fixture.byName('SELECT users').events[0]!;
  expect(child.events).toEqual([
    { name: 'cache.miss', timeUnixNano: hrTimeToBigInt(sentEvent.time), attributes: { 'cache.key': 'user:1', attempt: 2 } },
  ]);
  expect(child.links).toEqual([{ ...LINKED, attributes: { 'link.reason': 'retry-of' } }]);

  expect(findSpan(received, 'publish user.viewed')).toMatchObject({ kind: 'PRODUCER', status: { code: 'OK' } });
  expect(findSpan(received, 'render')).toMatchObject({ kind: 'INTERNAL', parentSpanId: root.spanId });
  const consumer = findSpan(received, 'consume user.viewed');
  expect(consumer).toMatchObject({ kind: 'CONSUMER', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7' });
  expect(consumer.traceState).toBe(fixture.byName('consume user.viewed').spanContext().traceState?.serialize());
  expect(consumer.traceState).toBe('vendor=opaque,other=1');
}
