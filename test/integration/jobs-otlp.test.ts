/**
 * The worker as an app runs it: `initializeTracing()` with OTLP/HTTP to a real receiver in this
 * test, `traceJob` without an explicit tracer, `shutdownTracing()` before exit. The producer here
 * enqueues into BullMQ on a real redis-server; the receiver decodes the worker's protobuf export.
 */
import { SpanKind } from '@opentelemetry/api';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { traceJobEnqueue } from '../../src/jobs/trace-job';
import { spawnJobsWorker } from '../fixtures/jobs-spawn-worker';
import { createTestTracing, useContextManager } from '../support/helper-tracing';
import { startRedis, type RedisServer } from '../support/redis-server';
import { startOtlpHttpReceiver } from '../support/receivers';
import type { Receiver } from '../support/receivers/types';

describe('BullMQ worker exporting over OTLP/HTTP with initializeTracing()', () => {
  useContextManager();
  let redis: RedisServer;
  let receiver: Receiver;
  beforeAll(async () => {
    [redis, receiver] = await Promise.all([startRedis(), startOtlpHttpReceiver()]);
  });
  afterAll(async () => {
    await Promise.all([redis?.stop(), receiver?.close()]);
  });

  it('the worker continues the producer trace and its spans reach the OTLP receiver', async () => {
    const t = createTestTracing();
    const queueName = `scans-${process.pid}`;
    const queue = new Queue(queueName, { connection: { host: redis.host, port: redis.port } });
    const worker = spawnJobsWorker('jobs-worker-otlp.ts', {
      REDIS_HOST: redis.host,
      REDIS_PORT: String(redis.port),
      QUEUE: queueName,
      EXPECT: '2',
      OTLP_URL: receiver.url,
    });
    try {
      await worker.ready;
      const jobIds: string[] = [];
      await t.tracer.startActiveSpan('POST /upload', async (root) => {
        for (const file of ['a.pdf', 'b.pdf']) {
          const job = await traceJobEnqueue(queueName, { file }, (data) => queue.add('scan', data), { tracer: t.tracer, system: 'bullmq' });
          jobIds.push(job.id!);
        }
        root.end();
      });
      const lines = await worker.exited;
      expect(lines.find((l) => l.startsWith('DONE '))).toBe('DONE {"exported":4}');

      const received = receiver.spans;
      expect(received.map((s) => s.name).sort()).toEqual(['scan file', 'scan file', 'worker.scan', 'worker.scan']);
      const rootCtx = t.byName('POST /upload').spanContext();
      for (const id of jobIds) {
        const producer = t.spans().find((s) => s.name === `send ${queueName}` && s.attributes['job.id'] === id)!;
        expect(producer.kind).toBe(SpanKind.PRODUCER);
        const consumer = received.find((s) => s.name === 'worker.scan' && s.attributes['job.id'] === id);
        expect(consumer, `consumer span of job ${id}`).toBeDefined();
        expect(consumer!.kind).toBe('CONSUMER');
        expect(consumer!.traceId).toBe(rootCtx.traceId);
        expect(consumer!.parentSpanId).toBe(producer.spanContext().spanId);
        expect(consumer!.attributes).toMatchObject({
          'messaging.system': 'bullmq',
          'messaging.destination.name': queueName,
          'job.attempt': 1,
          'job.status': 'completed',
        });
        expect(consumer!.resource['service.name']).toBe('scan-worker');
        expect(consumer!.scope?.name).toBe('tracewright');
        const child = received.find((s) => s.name === 'scan file' && s.parentSpanId === consumer!.spanId);
        expect(child?.traceId).toBe(rootCtx.traceId);
      }
    } finally {
      worker.kill();
      await queue.close();
    }
  });
});
