/**
 * Collector outages against the real gRPC receiver, in real time. Fake timers cannot drive these:
 * the reconnect backoff lives in grpc-js's subchannel and its connection attempts are real TCP
 * connects whose failures arrive from the kernel, so faking `setTimeout` would either freeze the
 * backoff or race advanced fake time against real sockets. The waits are the scenario itself (the
 * collector is down for 30 s); everything else polls with a deadline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createOtlpExporter, GRPC_RECONNECT_BACKOFF } from '../../src/exporters/otlp';
import { startOtlpGrpcReceiver, type OtlpGrpcReceiver } from '../support/receivers/otlp-grpc-receiver';
import { makePipeline, pollUntil } from './otlp-test-spans';

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** A retry every 100 ms for as long as it takes: the test measures the transport, not the backoff of the processor. */
const PATIENT = { maxAttempts: 10_000, initialDelayMs: 100, maxDelayMs: 100, multiplier: 1, jitter: 0 };
/** The first batch must land this soon after the collector listens again. */
const RECOVERY_MS = 2000;

async function setup(timeoutMillis: number) {
  const receiver = await startOtlpGrpcReceiver();
  closers.push(() => receiver.close());
  const pipeline = makePipeline(createOtlpExporter({ endpoint: receiver.url, timeoutMillis }), {
    scheduledDelayMillis: 20,
    exportTimeoutMillis: timeoutMillis + 1000,
    retry: PATIENT,
  });
  closers.push(() => pipeline.processor.shutdown());
  // Connected and delivering before the outage starts (the answer arrived, not only the request:
  // a request cut off by the outage would be retried and arrive twice, which is at-least-once).
  pipeline.tracer.startSpan('before').end();
  expect(await pollUntil(() => pipeline.managed.getStats().exportedSpans === 1, 10_000)).toBe(true);
  return { receiver, ...pipeline };
}

/** Keeps the collector down for `ms` of real time, checking that the pipeline keeps trying and counting. */
async function down(receiver: OtlpGrpcReceiver, ms: number, failedExports: () => number): Promise<void> {
  await receiver.setFault({ mode: 'refuse' });
  const since = Date.now();
  const before = failedExports();
  await pollUntil(() => Date.now() - since >= ms, ms + 1000, 200);
  expect(failedExports() - before).toBeGreaterThan(ms / 1000);
}

describe('OTLP/gRPC reconnect after an outage (real time)', () => {
  it(`collector down 30 s, then up on the same port: the first batch lands within ${RECOVERY_MS} ms`, async () => {
    expect(GRPC_RECONNECT_BACKOFF.maxMs * 1.2).toBeLessThan(RECOVERY_MS); // grpc-js jitter is ±20 %
    const { receiver, managed, tracer } = await setup(1000);
    tracer.startSpan('during-outage').end();
    await down(receiver, 30_000, () => managed.getStats().failedExports);
    expect(managed.getStats().lastError).toMatch(/UNAVAILABLE/);
    expect(receiver.spans.map((s) => s.name)).toEqual(['before']);

    await receiver.setFault({ mode: 'ok' });
    const landed = await receiver.waitForSpans(2, RECOVERY_MS);
    expect(landed.map((s) => s.name)).toEqual(['before', 'during-outage']);
    expect(await pollUntil(() => managed.getStats().exportedSpans === 2, 5000)).toBe(true);
    expect(managed.getStats()).toMatchObject({ exportedSpans: 2, failedSpans: 0, droppedSpans: 0, queueSize: 0, inFlightSpans: 0 });
  }, 45_000);

  it(`after more than five DEADLINE_EXCEEDED in a row the transport still reconnects within ${RECOVERY_MS} ms`, async () => {
    const { receiver, managed, tracer } = await setup(200);
    await receiver.setFault({ mode: 'hang' });
    tracer.startSpan('through-timeouts').end();
    expect(await pollUntil(() => receiver.cancelled >= 6, 10_000)).toBe(true);
    expect(managed.getStats().lastError).toMatch(/DEADLINE_EXCEEDED/);
    expect(receiver.log.filter((e) => e.outcome === 'hung').length).toBeGreaterThanOrEqual(6);

    await down(receiver, 3000, () => managed.getStats().failedExports);
    await receiver.setFault({ mode: 'ok' });
    const landed = await receiver.waitForSpans(2, RECOVERY_MS);
    expect(landed.map((s) => s.name)).toEqual(['before', 'through-timeouts']);
    expect(await pollUntil(() => managed.getStats().exportedSpans === 2, 5000)).toBe(true);
    expect(managed.getStats()).toMatchObject({ exportedSpans: 2, failedSpans: 0, droppedSpans: 0, queueSize: 0, inFlightSpans: 0 });
  }, 30_000);
});
