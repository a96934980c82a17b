import { context as api, SpanKind, trace, type Attributes, type Link, type Span } from '@opentelemetry/api';
import {
  ATTR_JOB_ATTEMPT,
  ATTR_JOB_ID,
  ATTR_JOB_NAME,
  ATTR_JOB_PARENT_ID,
  ATTR_JOB_STATUS,
  ATTR_MESSAGING_DESTINATION_NAME,
  ATTR_MESSAGING_MESSAGE_ID,
  ATTR_MESSAGING_OPERATION_NAME,
  ATTR_MESSAGING_OPERATION_TYPE,
  ATTR_MESSAGING_SYSTEM,
} from '../semconv/attributes';
import { requireName } from '../internal/require-name';
import { resolveTracer, runInSpan, type TracerSource } from '../tracer/run-in-span';
import { extractTraceContext, injectTraceContext, type JobContextOptions, type WithTraceContext } from './job-context';

/** The parts of a queue job that `traceJob` reads; a BullMQ `Job` fits as is. */
export interface JobLike {
  id?: string | number | null;
  name?: string;
  data?: unknown;
  /** Failed attempts so far (BullMQ): the running attempt is `attemptsMade + 1`. */
  attemptsMade?: number;
  /** The running attempt, 1-based, when the queue says it directly. Wins over `attemptsMade`. */
  attempt?: number;
  /** Parent job of a flow (BullMQ `job.parent`). */
  parent?: { id?: string | null } | null;
  queueName?: string;
}

/** Options common to the producer and consumer sides. */
export interface JobTracingOptions extends TracerSource, JobContextOptions {
  /** `messaging.system` (e.g. `bullmq`, `rabbitmq`, `aws_sqs`). Default: not set. */
  system?: string;
  /** Extra attributes on the span. Default: none. */
  attributes?: Attributes;
}

/** Options of `traceJob`. */
export interface TraceJobOptions extends JobTracingOptions {
  /**
   * `false`: the worker's span is a child of the producer's span (one trace from request to job).
   * `true`: the worker starts a new trace whose span links to the producer's span, for jobs run
   * long after the request or fanned in from many producers. Default: `false`.
   */
  link?: boolean;
  /** `messaging.destination.name`. Default: `job.queueName`. */
  queueName?: string;
}

/** Options of `traceJobEnqueue`. */
export interface TraceJobEnqueueOptions extends JobTracingOptions {
  /** `job.name` on the PRODUCER span (BullMQ's job name). Default: not set. */
  jobName?: string;
}

/**
 * Producer side: a PRODUCER span `send {queueName}` around `enqueue`, which receives a copy of
 * `data` carrying that span's context in `_traceContext`. The returned job's `id` becomes
 * `job.id` / `messaging.message.id`.
 *
 * @example
 * await traceJobEnqueue('uploads', { fileId }, (data) => queue.add('scan', data), { system: 'bullmq', jobName: 'scan' });
 */
export function traceJobEnqueue<D extends object, J>(
  queueName: string,
  data: D,
  enqueue: (data: WithTraceContext<D>, span: Span) => J,
  options: TraceJobEnqueueOptions = {},
): J {
  requireName('traceJobEnqueue(queueName)', queueName);
  const attributes: Attributes = {
    ...messagingAttributes('send', queueName, options.system),
    ...options.attributes,
  };
  if (options.jobName !== undefined) attributes[ATTR_JOB_NAME] = options.jobName;
  return runInSpan(
    resolveTracer(options),
    `send ${queueName}`,
    { kind: SpanKind.PRODUCER, attributes },
    (span) => enqueue(injectTraceContext(data, { propagator: options.propagator }), span),
    {
      onResult: (span, job) => {
        const id = (job as { id?: unknown } | null | undefined)?.id;
        if (typeof id === 'string' || typeof id === 'number') {
          span.setAttributes({ [ATTR_JOB_ID]: String(id), [ATTR_MESSAGING_MESSAGE_ID]: String(id) });
        }
      },
    },
  );
}

/**
 * Worker side: runs `fn` in a CONSUMER span `name` that continues the producer's trace from the
 * job's `_traceContext` (as its child, or linked with `link: true`). Sets `job.id`,
 * `job.attempt`, `job.parent_id`, `job.name`, the messaging attributes and `job.status`
 * (`completed` / `failed`); errors are recorded and rethrown so the queue can retry.
 *
 * @example
 * new Worker('uploads', (job) => traceJob('worker.scan', job, () => scan(job.data)), { connection });
 */
export function traceJob<R>(name: string, job: JobLike, fn: (span: Span) => R, options: TraceJobOptions = {}): R {
  requireName('traceJob(name)', name);
  const extracted = extractTraceContext(job.data, { propagator: options.propagator });
  const producer = trace.getSpanContext(extracted);
  const remote = producer !== undefined && trace.isSpanContextValid(producer) ? producer : undefined;
  const link = options.link === true && remote !== undefined;
  const queueName = options.queueName ?? job.queueName;

  const attributes: Attributes = { ...messagingAttributes('process', queueName, options.system), ...options.attributes };
  if (job.id !== undefined && job.id !== null) {
    attributes[ATTR_JOB_ID] = String(job.id);
    attributes[ATTR_MESSAGING_MESSAGE_ID] = String(job.id);
  }
  if (job.name !== undefined) attributes[ATTR_JOB_NAME] = job.name;
  const attempt = job.attempt ?? (typeof job.attemptsMade === 'number' ? job.attemptsMade + 1 : undefined);
  if (attempt !== undefined) attributes[ATTR_JOB_ATTEMPT] = attempt;
  if (job.parent?.id) attributes[ATTR_JOB_PARENT_ID] = String(job.parent.id);

  const links: Link[] = link ? [{ context: remote! }] : [];
  // In link mode the span starts a new trace, but baggage from the producer still applies.
  const parent = link ? trace.deleteSpan(extracted) : extracted;
  return runInSpan(
    resolveTracer(options),
    name,
    { kind: SpanKind.CONSUMER, attributes, links, root: link },
    fn,
    {
      onResult: (span) => span.setAttribute(ATTR_JOB_STATUS, 'completed'),
      onError: (span) => span.setAttribute(ATTR_JOB_STATUS, 'failed'),
    },
    parent ?? api.active(),
  );
}

function messagingAttributes(operation: 'send' | 'process', queueName: string | undefined, system: string | undefined): Attributes {
  const out: Attributes = {
    [ATTR_MESSAGING_OPERATION_TYPE]: operation,
    [ATTR_MESSAGING_OPERATION_NAME]: operation,
  };
  if (queueName !== undefined) out[ATTR_MESSAGING_DESTINATION_NAME] = queueName;
  if (system !== undefined) out[ATTR_MESSAGING_SYSTEM] = system;
  return out;
}
