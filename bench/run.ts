/**
 * `npm run bench [-- NAME… --quick --node PATH --no-build]`: runs every bench/*.bench.ts (or the named ones) one after
 * another, each in its own process so that one benchmark's heap and timers don't bend the next.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const args = process.argv.slice(2);
// Flags that take a value (`--node /path`, `--samples 3`): the value goes with the flag.
const VALUE_FLAGS = new Set(['--node', '--ops', '--cases', '--samples', '--small', '--large', '--modes', '--rounds', '--connections', '--duration']);
const flags: string[] = [];
const wanted: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (VALUE_FLAGS.has(a)) flags.push(a, args[++i] ?? '');
  else if (a.startsWith('--')) flags.push(a);
  else wanted.push(a);
}
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .sort();
const chosen = wanted.length > 0 ? wanted : all;
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${all.join(', ')}`);
  process.exit(2);
}
// The HTTP servers run the built package (no loader in the measured process): build it first.
if ((chosen.includes('http-middleware') || flags.includes('--callgrind')) && !flags.includes('--no-build')) {
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], cwd: fileURLToPath(new URL('..', import.meta.url)) });
  if (build.status !== 0) {
    console.error('npm run build failed; the http-middleware benchmark needs dist/.');
    process.exit(1);
  }
}
let failed = 0;
for (const name of chosen) {
  console.log(`\n=== ${name} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', `${dir}${name}.bench.ts`, ...flags], { stdio: 'inherit' });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
