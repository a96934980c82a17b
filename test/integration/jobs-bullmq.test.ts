/**
 * Background jobs across a process boundary: BullMQ on a real redis-server. The producer (this
 * process) enqueues under a request span; the worker (a tsx child process) continues the trace
 * from the job data and prints its finished spans, which are matched against the producer's.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { FlowProducer, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectTraceContext } from '../../src/jobs/job-context';
import { traceJobEnqueue } from '../../src/jobs/trace-job';
import { spawnJobsWorker } from '../fixtures/jobs-spawn-worker';
import type { WorkerSpanLine } from '../fixtures/jobs-worker';
import { createTestTracing, useContextManager } from '../support/helper-tracing';
import { startRedis, type RedisServer } from '../support/redis-server';

function startWorker(redis: RedisServer, queue: string, expected: number) {
  const worker = spawnJobsWorker('jobs-worker.ts', {
    REDIS_HOST: redis.host,
    REDIS_PORT: String(redis.port),
    QUEUE: queue,
    EXPECT: String(expected),
  });
  const spans = worker.exited.then((lines) =>
    lines.filter((l) => l.startsWith('SPAN ')).map((l) => JSON.parse(l.slice(5)) as WorkerSpanLine),
  );
  return { ready: worker.ready, exited: spans, kill: worker.kill };
}

describe('BullMQ jobs across a process boundary (real redis-server)', () => {
  useContextManager();
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('PRODUCER spans here, CONSUMER spans in the worker: parent or link, job.id, job.attempt, job.parent_id', async () => {
    const t = createTestTracing();
    const queueName = `uploads-${process.pid}`;
    const connection = { host: redis.host, port: redis.port };
    const queue = new Queue(queueName, { connection });
    const flows = new FlowProducer({ connection });
    // a.pdf: 1 attempt; b.pdf (link): 1; c.pdf: fails once then succeeds: 2; d.pdf (flow child): 1.
    const worker = startWorker(redis, queueName, 5);
    try {
      await worker.ready;
      const ids: Record<string, string> = {};
      let flowParentId = '';
      await t.tracer.startActiveSpan('POST /upload', { kind: SpanKind.SERVER }, async (root) => {
        const enqueue = (file: string, extra: object = {}, attempts = 1) =>
          traceJobEnqueue(queueName, { file, ...extra }, (data) => queue.add('scan', data, { attempts }), {
            tracer: t.tracer,
            system: 'bullmq',
            jobName: 'scan',
          });
        ids.a = (await enqueue('a.pdf')).id!;
        ids.b = (await enqueue('b.pdf', { link: true })).id!;
        ids.c = (await enqueue('c.pdf', { failFirst: true }, 2)).id!;
        const flow = await flows.add({
          name: 'report',
          queueName: `reports-${process.pid}`,
          data: {},
          children: [{ name: 'scan', queueName, data: injectTraceContext({ file: 'd.pdf' }) }],
        });
        flowParentId = flow.job.id!;
        ids.d = flow.children![0]!.job.id!;
        root.end();
      });
      const workerSpans = await worker.exited;

      // ---- producer side (this process) ----
      const root = t.byName('POST /upload');
      const producers = t.spans().filter((s) => s.name === `send ${queueName}`);
      expect(producers).toHaveLength(3);
      for (const p of producers) {
        expect(p.kind).toBe(SpanKind.PRODUCER);
        expect(p.parentSpanContext?.spanId).toBe(root.spanContext().spanId);
        expect(p.attributes).toMatchObject({
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'send',
          'messaging.destination.name': queueName,
          'job.name': 'scan',
        });
      }
      const producerFor = (id: string) => {
        const found = producers.find((p) => p.attributes['job.id'] === id);
        expect(found, `producer span of job ${id}`).toBeDefined();
        return found!;
      };

      // ---- consumer side (child process) ----
      const consumers = workerSpans.filter((s) => s.name === 'worker.scan');
      expect(consumers).toHaveLength(5);
      const consumersOf = (id: string) => consumers.filter((s) => s.attributes['job.id'] === id);
      for (const c of consumers) {
        expect(c.kind).toBe(SpanKind.CONSUMER);
        expect(c.attributes).toMatchObject({
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queueName,
          'job.name': 'scan',
        });
        expect(c.attributes['messaging.message.id']).toBe(c.attributes['job.id']);
        // Each job span has the worker's own child span under it.
        const scans = workerSpans.filter((s) => s.name === 'scan file' && s.parentSpanId === c.spanId);
        expect(scans).toHaveLength(1);
        expect(scans[0]!.traceId).toBe(c.traceId);
      }

      // a.pdf: the worker's span is the child of the PRODUCER span, in the request's trace.
      const [a] = consumersOf(ids.a!);
      expect(a).toBeDefined();
      expect(a!.traceId).toBe(root.spanContext().traceId);
      expect(a!.parentSpanId).toBe(producerFor(ids.a!).spanContext().spanId);
      expect(a!.links).toEqual([]);
      expect(a!.attributes).toMatchObject({ 'job.attempt': 1, 'job.status': 'completed' });
      expect(a!.status.code).toBe(SpanStatusCode.UNSET);

      // b.pdf with link: a new trace, linked to its PRODUCER span.
      const [b] = consumersOf(ids.b!);
      expect(b!.parentSpanId).toBeUndefined();
      expect(b!.traceId).not.toBe(root.spanContext().traceId);
      const pb = producerFor(ids.b!).spanContext();
      expect(b!.links).toEqual([{ traceId: pb.traceId, spanId: pb.spanId }]);

      // c.pdf: attempt 1 fails (ERROR, job.status failed), attempt 2 completes; both under the producer.
      const c = consumersOf(ids.c!).sort((x, y) => Number(x.attributes['job.attempt']) - Number(y.attributes['job.attempt']));
      expect(c.map((s) => [s.attributes['job.attempt'], s.attributes['job.status'], s.status.code])).toEqual([
        [1, 'failed', SpanStatusCode.ERROR],
        [2, 'completed', SpanStatusCode.UNSET],
      ]);
      expect(c[0]!.events).toContain('exception');
      expect(c[0]!.status.message).toBe('scanner busy');
      for (const s of c) expect(s.parentSpanId).toBe(producerFor(ids.c!).spanContext().spanId);

      // d.pdf: a flow child, context injected by hand under the request span.
      const [d] = consumersOf(ids.d!);
      expect(d!.attributes['job.parent_id']).toBe(flowParentId);
      expect(d!.parentSpanId).toBe(root.spanContext().spanId);
      expect(d!.traceId).toBe(root.spanContext().traceId);
    } finally {
      worker.kill();
      await queue.close();
      await flows.close();
    }
  });
});
