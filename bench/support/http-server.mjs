/**
 * The server child of bench/http-middleware.bench.ts: plain JavaScript on the built package
 * (dist/, `npm run build`), so that no loader (tsx) runs in the measured process and any Node
 * (`--node <path>`) can run it.
 *
 *   node bench/support/http-server.mjs MODE
 *
 * Modes, each doing at least the work of the one it is compared against:
 *   untraced             the hello-world listener
 *   als-only             the listener inside `AsyncLocalStorage.run` (the context hop alone)
 *   sdk-floor            a bare SDK SERVER span made active with `context.with`, ended on close
 *   tracewright          `initializeTracing()` + `wrapRequestListener` (attributes, propagation)
 *   instrumentation-http @opentelemetry/instrumentation-http
 * Every traced mode samples 100% and exports into an exporter that discards (and counts) spans.
 * Prints `{"port":N}` once listening; `cpu` on stdin prints the CPU time so far (µs); SIGTERM
 * prints `{"exported":N}` and exits.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';

const mode = process.argv[2];
const dist = process.env.TRACEWRIGHT_BENCH_DIST ?? new URL('../../dist/', import.meta.url).href;
const require = createRequire(import.meta.url);

let exported = 0;
let shutdown = async () => undefined;
const hello = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('hello world');
};
let listener = hello;

const { ExportResultCode } = await import('@opentelemetry/core');
const discarding = {
  export(spans, done) {
    exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  },
  shutdown: async () => undefined,
  forceFlush: async () => undefined,
  toString: () => 'DiscardingExporter',
};
// The same batching for every traced mode: 16,384 queued, batches of 512, every 500 ms.
const BATCH = { maxQueueSize: 16_384, maxExportBatchSize: 512, scheduledDelayMillis: 500 };

async function sdkProvider() {
  const { TracerProvider, BatchSpanProcessor } = await import('@opentelemetry/sdk-trace');
  const { W3CTraceContextPropagator } = await import('@opentelemetry/core');
  const { AsyncLocalStorageContextManager } = await import('@opentelemetry/context-async-hooks');
  const api = await import('@opentelemetry/api');
  const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: discarding, ...BATCH })] });
  api.context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  api.propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  api.trace.setGlobalTracerProvider(provider);
  shutdown = () => provider.shutdown();
  return { provider, api };
}

if (mode === 'als-only') {
  const als = new AsyncLocalStorage();
  const store = { request: true };
  listener = (req, res) => als.run(store, hello, req, res);
} else if (mode === 'sdk-floor') {
  const { provider, api } = await sdkProvider();
  const { context, ROOT_CONTEXT, SpanKind, trace } = api;
  const tracer = provider.getTracer('bench');
  const SPAN = Symbol('span');
  function endOnClose() {
    this[SPAN]?.end();
  }
  listener = (req, res) => {
    const span = tracer.startSpan('GET', { kind: SpanKind.SERVER }, ROOT_CONTEXT);
    res[SPAN] = span;
    res.on('close', endOnClose);
    return context.with(trace.setSpan(ROOT_CONTEXT, span), hello, undefined, req, res);
  };
} else if (mode === 'tracewright') {
  const { initializeTracing, shutdownTracing, wrapRequestListener } = await import(`${dist}index.js`);
  await initializeTracing({
    serviceName: 'bench',
    exporterType: discarding,
    maxQueueSize: BATCH.maxQueueSize,
    maxBatchSize: BATCH.maxExportBatchSize,
    batchTimeout: BATCH.scheduledDelayMillis,
    handleSignals: false,
    logLevel: 'none',
  });
  shutdown = () => shutdownTracing();
  listener = wrapRequestListener(hello);
} else if (mode === 'instrumentation-http') {
  const { provider } = await sdkProvider();
  const { registerInstrumentations } = await import('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = await import('@opentelemetry/instrumentation-http');
  registerInstrumentations({ tracerProvider: provider, instrumentations: [new HttpInstrumentation()] });
} else if (mode !== 'untraced') {
  console.error(`unknown mode ${mode}`);
  process.exit(2);
}

// required (not imported) after the instrumentation is registered, so it can patch `http`
const http = require('node:http');
const server = http.createServer(listener);
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  if (text.includes('cpu')) {
    const usage = process.cpuUsage();
    process.stdout.write(`${JSON.stringify({ cpu: usage.user + usage.system })}\n`);
  }
});
process.on('SIGTERM', () => {
  process.stdin.destroy();
  server.close();
  server.closeAllConnections();
  void shutdown().then(() => {
    process.stdout.write(`${JSON.stringify({ exported })}\n`);
    process.exit(0);
  });
});
