/**
 * The child of `npm run bench -- tracer --callgrind`: plain JavaScript on the built package
 * (dist/), one case per process, run under callgrind by the parent.
 *
 *   node bench/support/span-child.mjs CASE N
 *
 * Every `go` line on stdin runs the case N times and answers `done`: the parent sends `go` for
 * the warm-up, dumps callgrind's counters, sends `go` again and dumps again; the second dump / N
 * is the instructions per operation in the steady state (the work runs inside the event loop,
 * where the parent's callgrind counts).
 */
import { ExportResultCode } from '@opentelemetry/core';

const [name, count] = [process.argv[2], Number(process.argv[3] ?? 20_000)];
const dist = process.env.TRACEWRIGHT_BENCH_DIST ?? new URL('../../dist/', import.meta.url).href;
const { initializeTracing, withSpan } = await import(`${dist}index.js`);
const api = await import('@opentelemetry/api');
const ATTRS = { 'app.user': 'u-42', 'app.plan': 'pro', 'app.items': 3 };
const BATCH = { maxQueueSize: 8192, maxExportBatchSize: 1024, scheduledDelayMillis: 50 };
const discarding = () => ({
  export: (spans, done) => done({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => undefined,
  forceFlush: async () => undefined,
});
const work = (span) => {
  span.addEvent('step', { n: 1 });
  return 1;
};
const raw = (tracer) => () =>
  tracer.startActiveSpan('op', { attributes: ATTRS }, (span) => {
    const r = work(span);
    span.end();
    return r;
  });
const rawNested = (tracer) => () =>
  tracer.startActiveSpan('parent', { attributes: ATTRS }, (parent) => {
    const r = tracer.startActiveSpan('child', { attributes: ATTRS }, (child) => {
      const v = work(child);
      child.end();
      return v;
    });
    parent.end();
    return r;
  });

async function sdkTracer() {
  const { TracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  return new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: discarding(), ...BATCH })] }).getTracer('raw-sdk');
}
const tracewright = (extra = {}) =>
  initializeTracing({
    serviceName: 'bench',
    exporterType: discarding(),
    handleSignals: false,
    logLevel: 'none',
    maxQueueSize: BATCH.maxQueueSize,
    maxBatchSize: BATCH.maxExportBatchSize,
    batchTimeout: BATCH.scheduledDelayMillis,
    ...extra,
  });

let run;
switch (name) {
  case 'tracewright':
    await tracewright();
    run = () => withSpan('op', work, ATTRS);
    break;
  case 'tracewright-nested':
    await tracewright();
    run = () => withSpan('parent', () => withSpan('child', work, ATTRS), ATTRS);
    break;
  case 'raw-sdk':
    run = raw(await sdkTracer());
    break;
  case 'raw-sdk-nested':
    run = rawNested(await sdkTracer());
    break;
  case 'tracewright-disabled':
    await initializeTracing({ serviceName: 'bench', enabled: false, logLevel: 'none' });
    run = () => withSpan('op', work, ATTRS);
    break;
  case 'no-provider':
    run = raw(api.trace.getTracer('no-provider'));
    break;
  default:
    console.error(`unknown case ${name}`);
    process.exit(2);
}

let sink = 0;
const tick = () => new Promise((resolve) => setImmediate(resolve));
process.stdin.setEncoding('utf8');
process.stdin.on('data', async (text) => {
  if (!text.includes('go')) return;
  // yield every 512 calls, as the in-process timing does, so exports run as between requests
  for (let i = 0; i < count; i++) {
    sink += run();
    if ((i & 511) === 511) await tick();
  }
  // let the batch processor's timer and last export run before the parent dumps
  setTimeout(() => process.stdout.write(`done ${sink > 0}\n`), 120);
});
process.stdout.write('ready\n');
