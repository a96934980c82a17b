/**
 * Per-span cost of `withSpan` with 3 attributes and one event, side by side in one run:
 *   tracewright `withSpan` (after `initializeTracing`, exporting into a discarding exporter)
 *   raw SDK `startActiveSpan` doing the same on a plain SDK `TracerProvider` (SDK defaults: its
 *     id generator, sampler and clock) with a `BatchSpanProcessor` of the same batch settings
 *     into the same kind of discarding exporter, on the same context manager
 *   raw OTel API through tracewright's provider (the figure this benchmark printed before)
 * then a parent with one child (both sides nested the same way), then tracewright disabled vs the
 * OTel API with no provider at all. Rounds interleaved, medians printed with the ratios.
 * `--callgrind [--node PATH]`: the same cases as instructions per operation under valgrind, on the
 * built package (bench/support/span-callgrind.ts).
 */
import { trace, type Span, type Tracer } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { BatchSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { initializeTracing, shutdownTracing, withSpan } from '../src/index';
import { measure, quick, type BenchCase } from './support/timing';
import { callgrindCases } from './support/span-callgrind';

const ROUNDS = quick ? 5 : 15;
const PER_ROUND = quick ? 20_000 : 50_000;
const ATTRS = { 'app.user': 'u-42', 'app.plan': 'pro', 'app.items': 3 };
// Let the batch processors' exports run, as they would between requests.
// CPU time, not wall time: on the shared 2-core machine the wall clock mostly measured the queue.
const TIMING = { rounds: ROUNDS, perRound: PER_ROUND, yieldEvery: 1024, clock: 'cpu' as const };
const BATCH = { maxQueueSize: 8192, maxExportBatchSize: 1024, scheduledDelayMillis: 50 };

let exported = 0;
function discardingExporter() {
  return {
    export(spans: ReadableSpan[], done: (r: { code: number }) => void) {
      exported += spans.length;
      done({ code: ExportResultCode.SUCCESS });
    },
    shutdown: async () => undefined,
    forceFlush: async () => undefined,
  };
}

const work = (span: Span) => {
  span.addEvent('step', { n: 1 });
  return 1;
};

/** The same span through the OTel API by hand: startActiveSpan, the work, end. */
function rawCase(name: string, tracer: Tracer): BenchCase {
  return {
    name,
    run: () =>
      tracer.startActiveSpan('op', { attributes: ATTRS }, (span) => {
        const r = work(span);
        span.end();
        return r;
      }),
  };
}

function rawNestedCase(name: string, tracer: Tracer): BenchCase {
  return {
    name,
    run: () =>
      tracer.startActiveSpan('parent', { attributes: ATTRS }, (parent) => {
        const r = tracer.startActiveSpan('child', { attributes: ATTRS }, (child) => {
          const v = work(child);
          child.end();
          return v;
        });
        parent.end();
        return r;
      }),
  };
}

const nested = () => withSpan('parent', () => withSpan('child', work, ATTRS), ATTRS);

async function main() {
  // Phase 1: tracing on; tracewright's pipeline and a plain SDK provider side by side.
  await initializeTracing({
    serviceName: 'bench',
    exporterType: discardingExporter(),
    handleSignals: false,
    logLevel: 'none',
    maxQueueSize: BATCH.maxQueueSize,
    maxBatchSize: BATCH.maxExportBatchSize,
    batchTimeout: BATCH.scheduledDelayMillis,
  });
  const sdk = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter: discardingExporter(), ...BATCH })] });
  const sdkTracer = sdk.getTracer('raw-sdk');
  const on = await measure(
    [
      { name: 'tracewright withSpan', run: () => withSpan('op', work, ATTRS) },
      rawCase('raw SDK startActiveSpan', sdkTracer),
      rawCase('raw API, tracewright provider', trace.getTracer('raw-otel')),
    ],
    TIMING,
  );
  const nest = await measure([{ name: 'tracewright nested', run: nested }, rawNestedCase('raw SDK nested', sdkTracer)], TIMING);
  await sdk.shutdown();
  await shutdownTracing();

  // Phase 2: tracing disabled vs the OTel API with no provider registered.
  await initializeTracing({ serviceName: 'bench', enabled: false, logLevel: 'none' });
  const off = await measure(
    [{ name: 'tracewright disabled withSpan', run: () => withSpan('op', work, ATTRS) }, rawCase('OTel API, no provider', trace.getTracer('no-provider'))],
    TIMING,
  );
  await shutdownTracing();

  const rows = new Map([...on, ...nest, ...off]);
  console.log(`withSpan, 3 attributes + 1 event; ${ROUNDS - 1} rounds x ${PER_ROUND} spans, median CPU ns/op (Node ${process.version}); ${exported} spans exported`);
  for (const [name, ns] of rows) console.log(`  ${name.padEnd(32)} ${ns.toFixed(0).padStart(7)} ns/op`);
  const ratio = (a: string, b: string) => rows.get(a)! / rows.get(b)!;
  console.log(`  ratio tracewright / raw SDK          ${ratio('tracewright withSpan', 'raw SDK startActiveSpan').toFixed(2)}x (target <= 0.90x)`);
  console.log(`  ratio nested tracewright / raw SDK   ${ratio('tracewright nested', 'raw SDK nested').toFixed(2)}x (target <= 0.90x)`);
  console.log(`  ratio tracewright / raw API, same provider ${ratio('tracewright withSpan', 'raw API, tracewright provider').toFixed(2)}x`);
  console.log(`  ratio disabled / no-provider API     ${ratio('tracewright disabled withSpan', 'OTel API, no provider').toFixed(2)}x (target <= 1.20x)`);
}

if (process.argv.includes('--callgrind')) void callgrindCases().then((failed) => process.exit(failed));
else void main();
