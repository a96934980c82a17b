/**
 * `npm run bench -- tracer --callgrind [--node PATH] [--ops N] [--samples N] [--cases a,b]`: each case of the tracer benchmark
 * in its own process (bench/support/span-child.mjs on dist/) under callgrind, counting only
 * inside the event loop: N operations of warm-up (default 20,000), a dump, N more, a dump; the
 * second dump / N is the instructions per operation. Unlike ns/op it does not move with the load
 * of a shared machine; with `--samples` it prints the median and the spread of fresh processes.
 * Prints the ratios (of medians) against the targets.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CASES = ['tracewright', 'raw-sdk', 'tracewright-nested', 'raw-sdk-nested', 'tracewright-disabled', 'no-provider'] as const;
type Case = (typeof CASES)[number];

const args = process.argv.slice(2);
const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const CHILD = fileURLToPath(new URL('./span-child.mjs', import.meta.url));

export async function callgrindCases(): Promise<number> {
  const node = value('--node') ?? process.env.TRACEWRIGHT_BENCH_NODE ?? process.execPath;
  const ops = Number(value('--ops') ?? 20_000);
  const samples = Number(value('--samples') ?? 1);
  const only = (value('--cases')?.split(',') as Case[] | undefined) ?? [...CASES];
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`tracer cases, instructions per operation: callgrind, ${ops} warm-up then ${ops} counted, ${samples} sample(s) per case, node ${version}`);
  const dir = mkdtempSync(join(tmpdir(), 'tw-span-cg-'));
  const ir = new Map<Case, number[]>(only.map((name) => [name, []]));
  try {
    // Fresh processes, cases interleaved sample by sample: the garbage collector's timing (how
    // many queued spans a scavenge finds alive) moves a single process by several per cent.
    for (let sample = 1; sample <= samples; sample++) {
      for (const name of only) {
        const n = await count(node, name, ops, join(dir, `${name}-${sample}.out`));
        ir.get(name)!.push(n);
        console.log(`  ${samples > 1 ? `sample ${sample} ` : ''}${name.padEnd(22)} ${n.toFixed(0).padStart(7)} instructions/op`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (name: Case) => median(ir.get(name) ?? []);
  if (samples > 1) {
    for (const [name, list] of ir) console.log(`  median ${name.padEnd(22)} ${med(name).toFixed(0).padStart(7)} (${Math.min(...list).toFixed(0)}–${Math.max(...list).toFixed(0)})`);
  }
  const ratio = (a: Case, b: Case) => (ir.get(a)?.length && ir.get(b)?.length ? `${(med(a) / med(b)).toFixed(2)}x` : 'n/a');
  console.log(`  ratio tracewright / raw SDK          ${ratio('tracewright', 'raw-sdk')} (target <= 0.90x)`);
  console.log(`  ratio nested tracewright / raw SDK   ${ratio('tracewright-nested', 'raw-sdk-nested')} (target <= 0.90x)`);
  console.log(`  ratio disabled / no-provider API     ${ratio('tracewright-disabled', 'no-provider')} (target <= 1.20x)`);
  return 0;
}

function median(list: number[]): number {
  if (list.length === 0) return Number.NaN;
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function count(node: string, name: Case, ops: number, outFile: string): Promise<number> {
  const child = spawn(
    'valgrind',
    ['--tool=callgrind', '--smc-check=all-non-file', `--callgrind-out-file=${outFile}`, '--collect-atstart=no', '--toggle-collect=*uv_run*', node, CHILD, name, String(ops)],
    { stdio: ['pipe', 'pipe', 'ignore'], env: process.env },
  );
  let out = '';
  const waitFor = async (word: string, seen: number) => {
    for (let i = 0; i < 12_000; i++) {
      if (out.split(word).length - 1 >= seen) return;
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`span child ${name} did not answer ${word}`);
  };
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  try {
    await waitFor('ready', 1);
    child.stdin!.write('go\n');
    await waitFor('done', 1);
    dump(child.pid!, 'warm');
    child.stdin!.write('go\n');
    await waitFor('done', 2);
    dump(child.pid!, 'steady');
  } finally {
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
  const summary = /^summary: (\d+)$/m.exec(readFileSync(`${outFile}.2`, 'utf8'));
  if (!summary) throw new Error(`no callgrind summary for ${name}`);
  return Number(summary[1]) / ops;
}

function dump(pid: number, label: string): void {
  const run = spawnSync('callgrind_control', [`--dump=${label}`, String(pid)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`callgrind_control --dump failed: ${run.stderr || run.stdout}`);
}
