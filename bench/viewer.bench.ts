/**
 * `tracewright view` on a large file: a ~200 MB JSON-lines file (~500,000 spans, as the file
 * exporter writes them, plus one trace of 10,000 spans) generated in a temp dir. The real CLI runs
 * in its own process; we time, over HTTP, how long until the list answers with traces and until the
 * whole file is indexed, and read the CLI's peak RSS (VmHWM). Side by side: the same file read
 * line by line with `readline` + `JSON.parse` and nothing kept (the floor for any reader), and
 * `readSpanFile` (the whole-file reader) on a tenth of the file. `--quick`: a quarter of the size.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { readSpanFile } from '../src/exporters/file-reader';
import { quick } from './support/timing';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SPANS = quick ? 125_000 : 500_000;
const PER_TRACE = 10;
const BIG_TRACE = 10_000;
const BIG_ID = 'b'.repeat(32);

function spanLine(traceId: string, n: number, parent: number | undefined, startNs: bigint, durNs: bigint, service: string, name: string, error: boolean): string {
  const span = {
    traceId,
    spanId: n.toString(16).padStart(16, '0'),
    ...(parent !== undefined ? { parentSpanId: parent.toString(16).padStart(16, '0') } : {}),
    name,
    kind: parent === undefined ? 2 : 3,
    startTimeUnixNano: String(startNs),
    endTimeUnixNano: String(startNs + durNs),
    attributes: [
      { key: 'user.id', value: { stringValue: `u-${n % 5000}` } },
    ],
    events: [],
    status: { code: error ? 2 : 0 },
    links: [],
  };
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] }, scopeSpans: [{ scope: { name: 'tracewright', version: '0.1.0' }, spans: [span] }] }],
  });
}

async function generate(path: string): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  const t0 = 1_767_225_600_000_000_000n;
  const services = ['api', 'db', 'cache', 'payments', 'search'];
  let buffer = '';
  let n = 1;
  const traces = Math.floor((SPANS - BIG_TRACE) / PER_TRACE);
  for (let t = 0; t < traces; t++) {
    const traceId = t.toString(16).padStart(32, '0');
    const start = t0 + BigInt(t) * 1_000_000n;
    const root = n;
    for (let i = 0; i < PER_TRACE; i++, n++) {
      buffer += spanLine(traceId, n, i === 0 ? undefined : root, start + BigInt(i) * 100_000n, BigInt(200_000 + ((n * 7919) % 5_000_000)), services[i % services.length]!, i === 0 ? `GET /api/items/${t % 50}` : `op ${i}`, (n % 97) === 0) + '\n';
    }
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  for (let i = 0; i < BIG_TRACE; i++, n++) {
    buffer += spanLine(BIG_ID, n, i === 0 ? undefined : n - 1 - (i % 3 === 0 ? 0 : 1), t0 + BigInt(i) * 10_000n, 5_000_000n, services[i % 5]!, `step ${i % 40}`, false) + '\n';
    if (buffer.length > 1 << 20) {
      await write(buffer);
      buffer = '';
    }
  }
  await write(buffer);
  await new Promise<void>((r) => out.end(() => r()));
}

async function getJson(url: string): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(url);
  return res.json();
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function viewCli(file: string) {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', `${ROOT}src/cli/index.ts`, 'view', file, '--port', '0', '--no-follow'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`view exited ${code}: ${out}`)));
  });
  const listening = performance.now() - t0;
  let firstList: number;
  for (;;) {
    const list = await getJson(`${url}api/traces?limit=200`);
    if (list.traces.length > 0) {
      firstList = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  let overview;
  for (;;) {
    overview = await getJson(`${url}api/overview`);
    if (!overview.indexing) break;
    // The page polls every 2 s; 250 ms keeps the measurement fine without loading the server.
    await new Promise((r) => setTimeout(r, 250));
  }
  const indexed = performance.now() - t0;
  let t = performance.now();
  const fullList = await getJson(`${url}api/traces?limit=200`);
  const listMs = performance.now() - t;
  t = performance.now();
  const big = await getJson(`${url}api/traces/${BIG_ID}`);
  const bigMs = performance.now() - t;
  t = performance.now();
  const ops = await getJson(`${url}api/operations`);
  const opsMs = performance.now() - t;
  t = performance.now();
  const filtered = await getJson(`${url}api/traces?service=payments&minMs=4&sort=-duration&limit=50`);
  const filterMs = performance.now() - t;
  const rss = peakRssMb(child.pid!);
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  return { listening, firstList, indexed, rss, overview, fullList, listMs, big, bigMs, ops, opsMs, filtered, filterMs };
}

async function floor(file: string): Promise<number> {
  const t0 = performance.now();
  let spans = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line) spans += JSON.parse(line).resourceSpans.length;
  }
  if (spans === 0) throw new Error('no spans');
  return performance.now() - t0;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tw-viewer-bench-'));
  const file = join(dir, 'spans.jsonl');
  if (process.argv.includes('--generate-only')) {
    await generate(process.argv[process.argv.indexOf('--generate-only') + 1]!);
    return;
  }
  try {
    let t = performance.now();
    await generate(file);
    const bytes = statSync(file).size;
    console.log(`generated ${(bytes / 1e6).toFixed(0)} MB, ${SPANS} spans (${Math.floor((SPANS - BIG_TRACE) / PER_TRACE)} traces of ${PER_TRACE} + one of ${BIG_TRACE}) in ${((performance.now() - t) / 1000).toFixed(1)} s (Node ${process.version})`);
    const r = await viewCli(file);
    const floorMs = await floor(file);
    // readSpanFile keeps every span as objects: on a tenth of the file, to stay within memory.
    const tenth = join(dir, 'tenth.jsonl');
    await new Promise<void>((resolve) => {
      const out = createWriteStream(tenth);
      createReadStream(file, { end: Math.floor(bytes / 10) }).pipe(out).on('finish', () => resolve());
    });
    const rssBefore = process.memoryUsage().rss;
    t = performance.now();
    const read = await readSpanFile(tenth);
    const readMs = performance.now() - t;
    const readRss = (process.memoryUsage().rss - rssBefore) / 1e6;
    const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(`  CLI listening after               ${fmt(r.listening)}`);
    console.log(`  list answers with traces after    ${fmt(r.firstList)}   (target <= 3 s)`);
    console.log(`  whole file indexed after          ${fmt(r.indexed)}   (${r.overview.spanCount} spans, ${r.overview.traceCount} traces, ${r.overview.skipped.count} skipped)`);
    console.log(`  peak RSS of the CLI (VmHWM)       ${r.rss.toFixed(0)} MB   (target < 500 MB)`);
    console.log(`  /api/traces (all, limit 200)      ${r.listMs.toFixed(0)} ms (${r.fullList.total} traces)`);
    console.log(`  /api/traces filtered              ${r.filterMs.toFixed(0)} ms (${r.filtered.total} matching)`);
    console.log(`  /api/traces/<10,000-span trace>   ${r.bigMs.toFixed(0)} ms (${r.big.spans.length} spans)`);
    console.log(`  /api/operations                   ${r.opsMs.toFixed(0)} ms (${r.ops.operations.length} operations)`);
    console.log(`  floor: readline + JSON.parse      ${fmt(floorMs)}   index / floor = ${(r.indexed / floorMs).toFixed(2)}x`);
    console.log(`  readSpanFile on 1/10 of the file  ${fmt(readMs)}, +${readRss.toFixed(0)} MB RSS for ${read.length} spans (x10 for the whole file)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
