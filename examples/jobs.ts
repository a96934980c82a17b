/**
 * Background jobs: the upload → worker.scan flow. The request handler enqueues a job with a
 * PRODUCER span and the trace context in the job data (`_traceContext`); the worker continues
 * the trace with a CONSUMER span, as a child (default) or as a new trace linked to the producer.
 *
 *   npx tsx examples/jobs.ts                              # in-memory queue, no Redis needed
 *   REDIS_URL=redis://127.0.0.1:6379 npx tsx examples/jobs.ts   # BullMQ on your Redis
 *
 * The first scan fails once and is retried, so the output shows job.attempt 1 (ERROR) and 2.
 */
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { Queue, Worker, type Job } from 'bullmq';
import { initializeTracing, shutdownTracing, traceJob, traceJobEnqueue, withSpan, type JobLike } from 'tracewright';

interface UploadData {
  file: string;
  link?: boolean;
}

// The worker's job function: the same for BullMQ and the in-memory queue.
let failedOnce = false;
async function scan(job: JobLike & { data: UploadData }): Promise<string> {
  return traceJob(
    'worker.scan',
    job,
    async () => {
      await withSpan('clamav scan', () => new Promise((r) => setTimeout(r, 10)));
      if (!failedOnce) {
        failedOnce = true;
        throw new Error('scanner busy, retry');
      }
      return `${job.data.file}: clean`;
    },
    { system: 'bullmq', link: job.data.link === true },
  );
}

/** Just enough of a queue to show the hand-off without Redis: jobs run later, outside the request. */
function memoryQueue(name: string) {
  let nextId = 1;
  const pending: Promise<unknown>[] = [];
  return {
    add(jobName: string, data: UploadData, opts: { attempts: number }) {
      const job = { id: String(nextId++), name: jobName, data, attemptsMade: 0, queueName: name };
      const run = async (): Promise<void> => {
        try {
          console.log(await context.with(ROOT_CONTEXT, () => scan(job)));
        } catch {
          job.attemptsMade++;
          if (job.attemptsMade < opts.attempts) return run();
        }
      };
      pending.push(new Promise((r) => setTimeout(r, 5)).then(run));
      return Promise.resolve(job);
    },
    drain: () => Promise.all(pending),
  };
}

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'jobs-example', exporterType: 'console', batchTimeout: 100, logLevel: 'error' });
  const redisUrl = process.env.REDIS_URL;
  const queueName = 'uploads';
  const connection = redisUrl ? { url: redisUrl } : undefined;
  const bull = connection ? new Queue<UploadData>(queueName, { connection }) : undefined;
  const memory = connection ? undefined : memoryQueue(queueName);
  const add = (data: UploadData) => (bull ? bull.add('scan', data, { attempts: 2 }) : memory!.add('scan', data, { attempts: 2 }));
  let done = 0;
  const worker = connection
    ? new Worker<UploadData>(queueName, (job: Job<UploadData>) => scan(job), { connection })
    : undefined;
  const finished = new Promise<void>((resolve) => {
    worker?.on('completed', (_job, result) => (console.log(result), ++done === 2 && resolve()));
    if (!worker) resolve();
  });

  // "POST /upload": two uploads; the second asks for a linked (new) trace in the worker.
  await withSpan('POST /upload', async () => {
    for (const data of [{ file: 'report.pdf' }, { file: 'photo.png', link: true }]) {
      await traceJobEnqueue(queueName, data, (withContext) => add(withContext), {
        system: 'bullmq',
        jobName: 'scan',
      });
    }
  });

  await memory?.drain();
  await finished;
  await worker?.close();
  await bull?.close();
  const report = await shutdownTracing();
  console.log(`\nexported ${report.exportedSpans} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
