/**
 * Export pipeline benchmark: tracewright's RetryingBatchSpanProcessor (its own OTLP/gRPC exporter,
 * 2 exports in flight, optionally the disk spool) vs OTel's BatchSpanProcessor with the official
 * `@opentelemetry/exporter-trace-otlp-grpc` exporter.
 *   1. onEnd cost, same discarding exporter (in process, rounds interleaved, medians).
 *   2. Spans/s delivered end to end to a loopback OTLP gRPC receiver (one receiver process per side).
 *   2b. CPU per exported span of the exporter alone (serialisation + gRPC), tracewright's vs the
 *      official one, the same 512-span batches sent one after the other, rounds interleaved.
 *   3. A 10 s outage under 5,000 spans/s, and a 10 s burst at 50,000 spans/s with the receiver down:
 *      delivered, lost, counted as lost, peak RSS. Each variant runs in its own worker process.
 * `npx tsx bench/pipeline.bench.ts [--quick]`. The file also serves as the child processes
 * (`--role=receiver` / `--role=worker`), so the whole benchmark is this one file.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { SpoolLink } from '../src/pipeline/spool-link';
import { SPOOL_DEFAULTS } from '../src/pipeline/spool-options';
import { fileURLToPath } from 'node:url';
import type { Tracer } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { TracerProvider, BatchSpanProcessor, type ReadableSpan, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { ManagedExporter } from '../src/pipeline/managed-exporter';
import { createOtlpExporter } from '../src/exporters/otlp';
import { DEFAULT_RETRY_POLICY } from '../src/pipeline/processor-options';
import { RetryingBatchSpanProcessor } from '../src/pipeline/retrying-batch-processor';
import { measure, quick } from './support/timing';

const SELF = fileURLToPath(import.meta.url);
const role = process.argv.find((a) => a.startsWith('--role='))?.slice(7);
const QUEUE = { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000, exportTimeoutMillis: 30_000 };
type Variant = 'tracewright' | 'otel';

/** Each side with its own OTLP/gRPC exporter: tracewright's, or the official one for OTel's BSP. */
async function makeExporter(variant: Variant, url: string): Promise<SpanExporter> {
  return variant === 'otel' ? new OTLPTraceExporter({ url, timeoutMillis: QUEUE.exportTimeoutMillis }) : createOtlpExporter({ endpoint: url });
}

/**
 * `spoolDir`: tracewright with the disk spool there (as `spool: { dir }` would set it up).
 * `defaults`: each side with its own defaults (the SDK's 2048 / 512 / 5 s; tracewright's
 * PROCESSOR_DEFAULTS) instead of the same queue settings on both.
 */
function makeProcessor(variant: Variant, exporter: SpanExporter | Promise<SpanExporter>, spoolDir?: string, defaults = false): SpanProcessor {
  if (variant === 'otel') return new BatchSpanProcessor(defaults ? { exporter: exporter as SpanExporter } : { exporter: exporter as SpanExporter, ...QUEUE });
  const managed = new ManagedExporter('otlp', exporter);
  if (defaults) return new RetryingBatchSpanProcessor(managed);
  const processor = new RetryingBatchSpanProcessor(managed, {
    maxQueueSize: QUEUE.maxQueueSize,
    maxBatchSize: QUEUE.maxExportBatchSize,
    scheduledDelayMillis: QUEUE.scheduledDelayMillis,
    exportTimeoutMillis: QUEUE.exportTimeoutMillis,
    batch: true,
    retry: DEFAULT_RETRY_POLICY,
    maxConcurrentExports: Number(process.env.TW_BENCH_CONCURRENCY ?? 2), // 2: the config default
  });
  if (spoolDir) {
    const spool = { ...SPOOL_DEFAULTS, dir: spoolDir };
    processor.attachSpool(SpoolLink.open(join(spoolDir, 'bench', 'otlp'), spool, (spans) => ProtobufTraceSerializer.serializeRequest(spans), processor.stats, 'otlp'));
  }
  return processor;
}

const tick = () => new Promise<void>((r) => setImmediate(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

// ---------- 1. onEnd cost ----------
async function benchOnEnd(): Promise<string[]> {
  const discard: SpanExporter = { export: (_s, done) => done({ code: ExportResultCode.SUCCESS }), shutdown: async () => {} };
  const source = new TracerProvider().getTracer('bench');
  const spans: ReadableSpan[] = [];
  for (let i = 0; i < 512; i++) {
    const s = source.startSpan(`s${i}`);
    s.end();
    spans.push(s as unknown as ReadableSpan);
  }
  const variants: Variant[] = ['tracewright', 'otel'];
  const processors = new Map(variants.map((v) => [v, makeProcessor(v, discard)]));
  // Chunks of 512 spans, timed; the exports run between chunks (as between requests), untimed.
  const results = await measure(
    variants.map((v) => {
      const p = processors.get(v)!;
      return { name: v, run: (i: number) => p.onEnd(spans[i & 511]!) };
    }),
    { rounds: quick ? 6 : 20, perRound: (quick ? 196 : 782) * 512, yieldEvery: 512, timeYields: false },
  );
  for (const p of processors.values()) await p.shutdown();
  const ours = results.get('tracewright')!;
  const otel = results.get('otel')!;
  return [
    '| 1. onEnd cost (median ns/span) | tracewright | OTel BSP | ratio |',
    '|---|---:|---:|---:|',
    `| onEnd, discarding exporter | ${ours.toFixed(1)} | ${otel.toFixed(1)} | ${(ours / otel).toFixed(2)}x (target <= 1.1x) |`,
  ];
}

// ---------- receiver child ----------
type ReceiverCmd = { id: number; cmd: 'start'; n: number } | { id: number; cmd: 'fault'; index: number; fault: unknown } | { id: number; cmd: 'count'; index: number } | { id: number; cmd: 'reset' };

async function receiverRole(): Promise<void> {
  const { startOtlpGrpcReceiver } = await import('../test/support/receivers/otlp-grpc-receiver');
  const receivers: Awaited<ReturnType<typeof startOtlpGrpcReceiver>>[] = [];
  const totals: number[] = [];
  // Spans are counted and forgotten, so a long run does not hold them all in memory.
  setInterval(() => receivers.forEach((r, i) => { totals[i]! += r.spans.length; r.reset(); }), 100).unref();
  const count = (i: number) => totals[i]! + receivers[i]!.spans.length;
  process.on('message', async (m: ReceiverCmd) => {
    let value: unknown;
    if (m.cmd === 'start') {
      for (let i = 0; i < m.n; i++) {
        receivers.push(await startOtlpGrpcReceiver());
        totals.push(0);
      }
      value = receivers.map((r) => r.url);
    } else if (m.cmd === 'fault') await receivers[m.index]!.setFault(m.fault as never);
    else if (m.cmd === 'count') value = count(m.index);
    else if (m.cmd === 'reset') receivers.forEach((r, i) => { r.reset(); totals[i] = 0; });
    process.send!({ id: m.id, value });
  });
  process.on('disconnect', () => process.exit(0));
}

function rpc(child: ChildProcess) {
  let next = 0;
  const pending = new Map<number, (v: unknown) => void>();
  child.on('message', (m: { id: number; value: unknown }) => pending.get(m.id)?.(m.value));
  return <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise((resolve) => {
      const id = next++;
      pending.set(id, resolve as (v: unknown) => void);
      child.send({ ...msg, id });
    });
}

/** Receiver `index` lives in child `index` (as its receiver 0); `start` and `reset` go to all. */
function routeByIndex(children: ReturnType<typeof rpc>[]): ReturnType<typeof rpc> {
  return async <T>(msg: Record<string, unknown>): Promise<T> => {
    if (msg.cmd === 'start') {
      const urls = await Promise.all(children.map((c) => c<string[]>({ cmd: 'start', n: 1 })));
      return urls.flat() as T;
    }
    if (typeof msg.index === 'number') return children[msg.index]!<T>({ ...msg, index: 0 });
    const all = await Promise.all(children.map((c) => c<T>(msg)));
    return all[0] as T;
  };
}

function spawnSelf(args: string[]): ChildProcess {
  return fork(SELF, args, { execArgv: ['--import', 'tsx', '--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

// ---------- 2. end-to-end throughput ----------
async function benchThroughput(call: ReturnType<typeof rpc>, urls: string[], defaults = false): Promise<string[]> {
  const seconds = quick ? 2 : 4;
  const sum = new Map<Variant, { delivered: number; ended: number; seconds: number }>(
    (['tracewright', 'otel'] as Variant[]).map((v) => [v, { delivered: 0, ended: 0, seconds: 0 }]),
  );
  // Interleaved (A B B A) so that warm-up and machine noise fall on both sides.
  for (const [index, v] of (['tracewright', 'otel', 'otel', 'tracewright'] as Variant[]).entries()) {
    const receiverIndex = index % 2;
    await call({ cmd: 'reset' });
    // Both wait for the exporter module to load before the clock starts.
    const exporter = await makeExporter(v, urls[receiverIndex]!);
    const processor = makeProcessor(v, exporter, undefined, defaults);
    const tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('bench');
    const start = performance.now();
    let ended = 0;
    while (performance.now() - start < seconds * 1000) {
      for (let i = 0; i < 500; i++) tracer.startSpan('op').end();
      ended += 500;
      await tick();
    }
    await processor.shutdown();
    const elapsed = (performance.now() - start) / 1000;
    await sleep(300);
    const total = sum.get(v)!;
    total.delivered += await call<number>({ cmd: 'count', index: receiverIndex });
    total.ended += ended;
    total.seconds += elapsed;
  }
  const ours = sum.get('tracewright')!;
  const otel = sum.get('otel')!;
  const rate = (r: typeof ours) => r.delivered / r.seconds;
  return [
    '',
    `| 2. end to end, full speed, 2 runs x ${seconds} s each, loopback OTLP gRPC, ${defaults ? "each side's defaults" : 'the same queue settings (2048 / 512 / 1 s)'} | tracewright | OTel BSP | ratio |`,
    '|---|---:|---:|---:|',
    `| spans ended | ${fmt(ours.ended)} | ${fmt(otel.ended)} | |`,
    `| spans delivered | ${fmt(ours.delivered)} | ${fmt(otel.delivered)} | |`,
    `| delivered spans/s | ${fmt(rate(ours))} | ${fmt(rate(otel))} | ${(rate(ours) / rate(otel)).toFixed(2)}x (target >= 1.5x) |`,
  ];
}

// ---------- 2b. CPU per exported span, exporter alone ----------
async function benchExportCost(call: ReturnType<typeof rpc>, urls: string[]): Promise<string[]> {
  const memory: ReadableSpan[] = [];
  const collect: SpanProcessor = { onStart: () => {}, onEnd: (span) => void memory.push(span), forceFlush: async () => {}, shutdown: async () => {} };
  const tracer = new TracerProvider({ spanProcessors: [collect] }).getTracer('bench');
  for (let i = 0; i < 512; i++) tracer.startSpan('op', { attributes: { 'app.n': i, 'http.route': '/users/:id' } }).end();
  const send = (exporter: SpanExporter) =>
    new Promise<void>((resolve, reject) => exporter.export(memory, (r) => (r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error))));
  const exporters: Record<Variant, SpanExporter> = { tracewright: await makeExporter('tracewright', urls[0]!), otel: await makeExporter('otel', urls[1]!) };
  const batches = quick ? 60 : 200;
  const rounds = quick ? 3 : 5;
  const samples: Record<Variant, number[]> = { tracewright: [], otel: [] };
  const serializeOnly: number[] = [];
  const copyForWorker: number[] = [];
  // What handing a batch to a worker thread costs the sending thread: plain copies of the span data
  // through the structured clone that postMessage runs.
  const plain = (s: ReadableSpan) => ({
    context: s.spanContext(), parent: s.parentSpanContext, name: s.name, kind: s.kind, start: s.startTime, end: s.endTime,
    attributes: s.attributes, events: s.events, links: s.links, status: s.status,
    dropped: [s.droppedAttributesCount, s.droppedEventsCount, s.droppedLinksCount],
  });
  for (let round = 0; round < rounds; round++) {
    const copy0 = process.cpuUsage();
    for (let i = 0; i < batches; i++) structuredClone(memory.map(plain));
    const copy = process.cpuUsage(copy0);
    copyForWorker.push(((copy.user + copy.system) * 1000) / (batches * memory.length));
    const ser0 = process.cpuUsage();
    for (let i = 0; i < batches; i++) ProtobufTraceSerializer.serializeRequest(memory);
    const ser = process.cpuUsage(ser0);
    serializeOnly.push(((ser.user + ser.system) * 1000) / (batches * memory.length));
    for (const v of (round % 2 === 0 ? ['tracewright', 'otel'] : ['otel', 'tracewright']) as Variant[]) {
      for (let i = 0; i < 10; i++) await send(exporters[v]); // warm
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < batches; i++) await send(exporters[v]);
      const cpu = process.cpuUsage(cpu0);
      samples[v].push(((cpu.user + cpu.system) * 1000) / (batches * memory.length));
    }
    await call({ cmd: 'reset' });
  }
  // The same exporter with other batch sizes: what one call costs beside what one span costs.
  const bySize: string[] = [];
  for (const size of [128, 512, 2048]) {
    while (memory.length < size) tracer.startSpan('op', { attributes: { 'app.n': memory.length, 'http.route': '/users/:id' } }).end();
    const batch = memory.slice(0, size);
    const calls = Math.max(10, Math.floor((batches * 512) / size));
    const sendBatch = () =>
      new Promise<void>((resolve, reject) => exporters.tracewright.export(batch, (r) => (r.code === ExportResultCode.SUCCESS ? resolve() : reject(r.error))));
    for (let i = 0; i < 5; i++) await sendBatch();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < calls; i++) await sendBatch();
    const cpu = process.cpuUsage(cpu0);
    const micros = cpu.user + cpu.system;
    bySize.push(`| tracewright, ${size} spans per call | ${((micros * 1000) / (calls * size)).toFixed(0)} ns per span | ${(micros / calls).toFixed(0)} µs per call | |`);
    await call({ cmd: 'reset' });
  }
  for (const exporter of Object.values(exporters)) await exporter.shutdown();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const spread = (xs: number[]) => `${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)}`;
  const ours = median(samples.tracewright);
  const otel = median(samples.otel);
  return [
    '',
    `| 2b. exporter alone: ${batches} batches of 512 spans per round, ${rounds} rounds, CPU of this process | tracewright | official exporter | ratio |`,
    '|---|---:|---:|---:|',
    `| CPU per exported span, median (spread) | ${ours.toFixed(0)} ns (${spread(samples.tracewright)}) | ${otel.toFixed(0)} ns (${spread(samples.otel)}) | ${(ours / otel).toFixed(2)}x |`,
    `| of which the official serializer both use (\`ProtobufTraceSerializer\`) | ${median(serializeOnly).toFixed(0)} ns (${spread(serializeOnly)}) | same | |`,
    `| copying the batch for a worker thread instead (structured clone of the span data) | ${median(copyForWorker).toFixed(0)} ns (${spread(copyForWorker)}) | | |`,
    ...bySize,
  ];
}

// ---------- 3. outage and burst (workers) ----------
interface WorkerResult {
  variant: Variant;
  ended: number;
  counted: number | undefined;
  stats?: Record<string, unknown>;
  peakRssMb: number;
  shutdownError?: string;
  /** CPU time (user + system) of the whole run, µs. */
  cpuMicros: number;
  /** Event-loop delay p99 during generation, ms. */
  loopP99Ms: number;
}

async function workerRole(): Promise<void> {
  const variant = process.argv.find((a) => a.startsWith('--variant='))!.slice(10) as Variant;
  const url = process.argv.find((a) => a.startsWith('--url='))!.slice(6);
  const rate = Number(process.argv.find((a) => a.startsWith('--rate='))!.slice(7));
  const seconds = Number(process.argv.find((a) => a.startsWith('--seconds='))!.slice(10));
  const spoolDir = process.argv.includes('--spool') ? mkdtempSync(join(tmpdir(), 'tw-bench-spool-')) : undefined;
  const processor = makeProcessor(variant, await makeExporter(variant, url), spoolDir, process.argv.includes('--defaults'));
  const tracer: Tracer = new TracerProvider({ spanProcessors: [processor] }).getTracer('bench');
  let peakRss = process.memoryUsage().rss;
  if (process.argv.includes('--trace')) {
    const t0 = Date.now();
    setInterval(() => {
      const stats = processor instanceof RetryingBatchSpanProcessor ? processor.getStats() : undefined;
      console.error(variant, ((Date.now() - t0) / 1000).toFixed(1), JSON.stringify(stats));
    }, 500).unref();
  }
  const rssTimer = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 50);
  process.send!({ ready: true });
  await new Promise<void>((r) => process.once('message', () => r()));
  // Paced generation: every 10 ms, end the spans that are due.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let ended = 0;
  while (performance.now() - start < seconds * 1000) {
    const due = Math.floor(((performance.now() - start) / 1000) * rate);
    for (; ended < due; ended++) tracer.startSpan('op', { attributes: { 'app.n': ended } }).end();
    await sleep(10);
  }
  loop.disable();
  process.send!({ generated: true });
  await new Promise<void>((r) => process.once('message', () => r())); // parent: receiver is back
  // With the spool, shutdown leaves what is on disk: wait (bounded) for the replay first.
  if (spoolDir && processor instanceof RetryingBatchSpanProcessor) {
    const until = Date.now() + 120_000;
    while (Date.now() < until) {
      const st = processor.getStats();
      if (st.spooledSpans === 0 && st.inFlightSpans === 0 && st.queueSize === 0) break;
      await sleep(50);
    }
  }
  // OTel's BatchSpanProcessor rejects shutdown() when the last export fails; note it, don't crash.
  let shutdownError: string | undefined;
  await processor.shutdown().catch((e: unknown) => { shutdownError = String(e).split('\n')[0]; });
  clearInterval(rssTimer);
  const cpu = process.cpuUsage(cpu0);
  if (spoolDir) rmSync(spoolDir, { recursive: true, force: true });
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const stats = processor instanceof RetryingBatchSpanProcessor ? (processor.getStats() as unknown as Record<string, unknown>) : undefined;
  const counted = stats ? (stats.droppedSpans as number) + (stats.failedSpans as number) : undefined;
  const result: WorkerResult = {
    variant, ended, counted, stats, peakRssMb: peakRss / 1024 / 1024, shutdownError,
    cpuMicros: cpu.user + cpu.system, loopP99Ms: loop.percentile(99) / 1e6,
  };
  process.send!({ result });
  setTimeout(() => process.exit(0), 100);
}

async function runScenario(call: ReturnType<typeof rpc>, urls: string[], name: string, rate: number, seconds: number, downFrom: number, downTo: number, spool = false, defaults = false): Promise<string[]> {
  await call({ cmd: 'reset' });
  const workers = (['tracewright', 'otel'] as Variant[]).map((variant, index) => {
    const trace = process.argv.includes('--trace') ? ['--trace'] : [];
    if (spool && variant === 'tracewright') trace.push('--spool');
    if (defaults) trace.push('--defaults');
    const child = spawnSelf(['--role=worker', `--variant=${variant}`, `--url=${urls[index]}`, `--rate=${rate}`, `--seconds=${seconds}`, ...trace]);
    const events = new Map<string, Promise<Record<string, unknown>>>();
    for (const key of ['ready', 'generated', 'result']) {
      events.set(key, new Promise((resolve, reject) => {
        child.on('message', (m: Record<string, unknown>) => { if (key in m) resolve(m); });
        child.on('exit', (code) => reject(new Error(`${variant} worker exited with code ${code} before "${key}"`)));
      }));
    }
    return { child, events, index };
  });
  await Promise.all(workers.map((w) => w.events.get('ready')));
  const setFaultAll = (fault: unknown) => Promise.all(workers.map((w) => call({ cmd: 'fault', index: w.index, fault })));
  if (downFrom === 0) await setFaultAll({ mode: 'refuse' });
  workers.forEach((w) => w.child.send('go'));
  const t0 = performance.now();
  if (downFrom > 0) {
    await sleep(downFrom * 1000);
    await setFaultAll({ mode: 'refuse' });
  }
  if (downFrom >= 0) {
    await sleep(Math.max(0, downTo * 1000 - (performance.now() - t0)));
    await setFaultAll({ mode: 'ok' });
  }
  await Promise.all(workers.map((w) => w.events.get('generated')));
  workers.forEach((w) => w.child.send('flush'));
  const results = await Promise.all(workers.map(async (w) => (await w.events.get('result'))!.result as WorkerResult));
  await sleep(300);
  const delivered = await Promise.all(workers.map((w) => call<number>({ cmd: 'count', index: w.index })));
  const [ours, otel] = results as [WorkerResult, WorkerResult];
  const lost = (r: WorkerResult, i: number) => r.ended - delivered[i]!;
  const rows = [
    '',
    `| 3. ${name} | tracewright${spool ? ' + spool' : ''} | OTel BSP |`,
    '|---|---:|---:|',
    `| spans ended | ${fmt(ours.ended)} | ${fmt(otel.ended)} |`,
    `| delivered | ${fmt(delivered[0]!)} | ${fmt(delivered[1]!)} |`,
    `| lost | ${fmt(lost(ours, 0))} | ${fmt(lost(otel, 1))} |`,
    `| lost and counted (dropped + failed) | ${fmt(ours.counted ?? 0)} (dropped ${fmt(ours.stats!.droppedSpans as number)}, failed ${fmt(ours.stats!.failedSpans as number)}) | 0 (no counter) |`,
    `| lost without a count | ${fmt(lost(ours, 0) - (ours.counted ?? 0))} | ${fmt(lost(otel, 1))} |`,
    `| peak RSS | ${ours.peakRssMb.toFixed(0)} MB | ${otel.peakRssMb.toFixed(0)} MB |`,
    `| CPU per delivered span (whole process) | ${perSpan(ours.cpuMicros, delivered[0]!)} | ${perSpan(otel.cpuMicros, delivered[1]!)} |`,
    `| event-loop delay p99 while generating | ${ours.loopP99Ms.toFixed(1)} ms | ${otel.loopP99Ms.toFixed(1)} ms |`,
  ];
  if (spool) rows.push(`| spool: replayed / spool-dropped / corrupt frames | ${fmt(ours.stats!.replayedSpans as number)} / ${fmt(ours.stats!.spoolDroppedSpans as number)} / ${fmt(ours.stats!.corruptFrames as number)} | |`);
  for (const r of results) if (r.shutdownError) rows.push(`| ${r.variant} shutdown() | rejected: ${r.shutdownError.slice(0, 90)} | |`);
  if (lost(ours, 0) - (ours.counted ?? 0) < 0) rows.push(`| note | ${fmt((ours.counted ?? 0) - lost(ours, 0))} span(s) counted failed were delivered anyway (a late answer after a timeout) | |`);
  return rows;
}

const perSpan = (cpuMicros: number, delivered: number) => (delivered > 0 ? `${((cpuMicros * 1000) / delivered).toFixed(0)} ns` : '–');

async function main(): Promise<void> {
  const started = performance.now();
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
  const want = (part: string) => only === undefined || only.split(',').includes(part);
  const out: string[] = [`Export pipeline benchmark${quick ? ' (--quick)' : ''}, Node ${process.version}, ${new Date().toISOString()}`, ''];
  if (want('onend')) out.push(...(await benchOnEnd()));
  console.log(out.join('\n'));
  // One receiver process per side, so that neither side's traffic slows the other's receiver.
  const receivers = [spawnSelf(['--role=receiver']), spawnSelf(['--role=receiver'])];
  const call = routeByIndex(receivers.map(rpc));
  const urls = await call<string[]>({ cmd: 'start', n: 2 });
  const printed = out.length;
  if (want('throughput')) out.push(...(await benchThroughput(call, urls)));
  if (want('throughput-defaults')) out.push(...(await benchThroughput(call, urls, true)));
  if (want('exportcost')) out.push(...(await benchExportCost(call, urls)));
  const s = quick ? 0.3 : 1;
  const fix = (n: number) => Number(n.toFixed(1));
  // The loss targets are stated "with defaults": each side runs with its own.
  if (want('up')) out.push(...(await runScenario(call, urls, `collector up: 50,000 spans/s for ${fix(5 * s)} s, each side's defaults`, 50_000, 5 * s, -1, -1, false, true)));
  if (want('up100')) out.push(...(await runScenario(call, urls, `collector up: 100,000 spans/s for ${fix(5 * s)} s, each side's defaults`, 100_000, 5 * s, -1, -1, false, true)));
  if (want('outage')) out.push(...(await runScenario(call, urls, `outage: 5,000 spans/s for ${fix(20 * s)} s, receiver refused from ${fix(5 * s)} s to ${fix(15 * s)} s`, 5000, 20 * s, 5 * s, 15 * s)));
  if (want('spool')) out.push(...(await runScenario(call, urls, `outage with the spool: 5,000 spans/s for ${fix(20 * s)} s, receiver refused from ${fix(5 * s)} s to ${fix(15 * s)} s`, 5000, 20 * s, 5 * s, 15 * s, true)));
  if (want('burst')) out.push(...(await runScenario(call, urls, `burst: 50,000 spans/s for ${fix(10 * s)} s with the receiver down, back up before shutdown`, 50_000, 10 * s, 0, 10 * s)));
  out.push('', `total bench time ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(out.slice(printed).join('\n'));
  for (const receiver of receivers) {
    receiver.disconnect();
    receiver.kill();
  }
}

if (role === 'receiver') void receiverRole();
else if (role === 'worker') void workerRole();
else await main();
