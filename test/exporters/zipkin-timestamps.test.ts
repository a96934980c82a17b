import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { createZipkinExporter, withWholeMicroseconds } from '../../src/exporters/zipkin';
import { startZipkinReceiver, type ZipkinReceiver } from '../support/receivers/index';

let receiver: ZipkinReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function spanStartedAt(startTime: [number, number]) {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const span = provider.getTracer('t').startSpan('fractional', { startTime });
  span.end([startTime[0] + 1, 0]);
  return memory.getFinishedSpans()[0];
}

describe('Zipkin timestamps', () => {
  it('a start time finer than a microsecond reaches Zipkin as whole microseconds (upstream sends a fraction)', async () => {
    receiver = await startZipkinReceiver();
    const span = spanStartedAt([1_700_000_000, 123_456_789]);
    const exporter = await createZipkinExporter({ serviceName: 'z', endpoint: receiver.url });
    const result = await new Promise<{ code: number }>((resolve) => exporter.export([span], resolve));
    await exporter.shutdown();
    expect(receiver.invalid).toEqual([]);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect((receiver.raw[0] as { timestamp: number }).timestamp).toBe(1_700_000_000_123_456);
  });

  it('withWholeMicroseconds keeps the span (ids, name) and only cuts the start time', () => {
    const span = spanStartedAt([10, 999_999_999]);
    const cut = withWholeMicroseconds(span);
    expect(cut.startTime).toEqual([10, 999_999_000]);
    expect(cut.name).toBe('fractional');
    expect(cut.spanContext().spanId).toBe(span.spanContext().spanId);
    const whole = spanStartedAt([10, 5_000]);
    expect(withWholeMicroseconds(whole)).toBe(whole);
  });
});
