/**
 * Every ```ts block of README.md and docs/*.md type-checks against the BUILT package (dist/, as
 * `tracewright` resolves for a user), each block as its own module, twice: with
 * `module: NodeNext` (ESM) and with `moduleResolution: node` / `module: commonjs` (the old
 * resolver, which only finds `tracewright/testing` through `typesVersions`).
 *
 * Blocks are often fragments of a larger program: a free name from the small allowlist below
 * (an Express `app`, a `pg` pool, the request being handled…) gets a `declare` line in a hidden
 * preamble, written per block for only the names the block uses without defining them. Any other
 * missing name, and every other error, fails the test.
 *
 * In the CommonJS run, top-level `await` is reported by tsc as not allowed in a CommonJS module
 * (TS1375/TS1378/TS1432): a CommonJS user writes the same code inside an async function, so those
 * three diagnostics, and only those, are ignored there.
 *
 * docs/testing-receivers.md documents this repository's own test receivers (imported by relative
 * path and run by vitest): its blocks are checked as the repository's tests are compiled
 * (`moduleResolution: bundler`).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** The free names a fragment may use, and what they are. Keep this short and true. */
const ALLOWED_FREE_NAMES: Record<string, string> = {
  app: "import('express').Express",
  req: "import('node:http').IncomingMessage",
  res: "import('node:http').ServerResponse",
  request: 'Request',
  span: "import('@opentelemetry/api').Span",
  pool: "import('pg').Pool",
  sql: 'string',
  id: 'string',
  url: 'string',
  token: 'string',
  redis: "import('ioredis').Redis",
  load: '() => Promise<unknown>',
  expect: "typeof import('vitest').expect",
  openai: "{ chat: { completions: { create(body: { model: string; messages: object[]; max_tokens?: number }): Promise<{ id: string; model: string; choices: object[] }> } } }",
  connection: "import('ioredis').Redis",
  scan: '(data: unknown) => Promise<void>',
  prisma: '{ $extends(extension: object): unknown }',
  receiver: "Awaited<ReturnType<typeof import('../support/receivers').startOtlpGrpcReceiver>>",
};

interface Block {
  source: string;
  line: number;
  code: string;
}

function extractBlocks(): Block[] {
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
  const blocks: Block[] = [];
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
      blocks.push({ source: file, line: text.slice(0, match.index).split('\n').length, code: match[1]! });
    }
  }
  return blocks;
}

const work = mkdtempSync(join(root, 'test', '.docs-check-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Diagnostic {
  file: string;
  code: number;
  text: string;
}

function typeCheck(dir: string, files: string[], options: Record<string, unknown>): Diagnostic[] {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', lib: ['ES2023'], types: ['node'], esModuleInterop: true, ...options },
      files,
    }),
  );
  let out = '';
  try {
    execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    out = String((error as { stdout?: string }).stdout ?? error);
  }
  return [...out.matchAll(/^(.+?)\(\d+,\d+\): error TS(\d+): (.*)$/gm)].map((m) => ({ file: m[1]!.split(/[\\/]/).pop()!, code: Number(m[2]), text: m[3]! }));
}

function setUp(name: string, blocks: Block[], packageType: 'module' | 'commonjs'): { dir: string; files: string[] } {
  const dir = join(work, name);
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  // `tracewright` resolves to this package (its package.json, dist/), as after `npm install tracewright`.
  symlinkSync(root, join(dir, 'node_modules', 'tracewright'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `docs-check-${name}`, private: true, type: packageType }));
  const files = blocks.map((_, i) => `block-${i}.ts`);
  return { dir, files };
}

function writeBlocks(dir: string, blocks: Block[], preambles: string[][]): void {
  blocks.forEach((block, i) => {
    const preamble = preambles[i]!.map((name) => `declare const ${name}: ${ALLOWED_FREE_NAMES[name]};`).join(' ');
    // One line of preamble, so tsc's line numbers are the block's own plus one.
    writeFileSync(join(dir, `block-${i}.ts`), `export {}; ${preamble}\n${block.code}`);
  });
}

/** Pass 1: which allowlisted names each block uses without defining them. */
function freeNames(dir: string, files: string[], blocks: Block[], options: Record<string, unknown>): string[][] {
  writeBlocks(dir, blocks, blocks.map(() => []));
  const missing = typeCheck(dir, files, options).filter((d) => d.code === 2304 || d.code === 2552 || d.code === 18004);
  return files.map((file) => [
    ...new Set(missing.filter((d) => d.file === file).map((d) => /'([^']+)'/.exec(d.text)![1]!).filter((name) => name in ALLOWED_FREE_NAMES)),
  ]);
}

function report(blocks: Block[], files: string[], diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const block = blocks[files.indexOf(d.file)];
    return `${block ? `${block.source}:${block.line}` : d.file}: TS${d.code} ${d.text}`;
  });
}

const all = extractBlocks();
const isRepoInternal = (b: Block) => b.source === 'docs/testing-receivers.md';
const userBlocks = all.filter((b) => !isRepoInternal(b));
const repoBlocks = all.filter(isRepoInternal);

describe('every ```ts block in README.md and docs/*.md compiles against dist/', () => {
  it('finds the blocks', () => {
    expect(userBlocks.length).toBeGreaterThan(15);
    expect(repoBlocks.length).toBeGreaterThan(0);
  });

  const nodeNext = { module: 'NodeNext', moduleResolution: 'NodeNext' };
  let preambles: string[][] = [];

  it('ESM: module NodeNext', () => {
    const { dir, files } = setUp('esm', userBlocks, 'module');
    preambles = freeNames(dir, files, userBlocks, nodeNext);
    writeBlocks(dir, userBlocks, preambles);
    expect(report(userBlocks, files, typeCheck(dir, files, nodeNext))).toEqual([]);
  }, 120_000);

  it('CommonJS: moduleResolution node, module commonjs', () => {
    const options = { module: 'commonjs', moduleResolution: 'node' };
    const { dir, files } = setUp('cjs', userBlocks, 'commonjs');
    writeBlocks(dir, userBlocks, preambles.length ? preambles : freeNames(dir, files, userBlocks, options));
    const diagnostics = typeCheck(dir, files, options).filter((d) => ![1375, 1378, 1432].includes(d.code));
    expect(report(userBlocks, files, diagnostics)).toEqual([]);
  }, 120_000);

  it("the test receivers' guide, as this repository's tests compile", () => {
    // Beside test/support, so that its relative imports resolve as they do in a test file.
    const options = { module: 'ESNext', moduleResolution: 'bundler' };
    const dir = join(root, 'test', `.docs-check-receivers-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      const files = repoBlocks.map((_, i) => `block-${i}.ts`);
      writeBlocks(dir, repoBlocks, freeNames(dir, files, repoBlocks, options));
      expect(report(repoBlocks, files, typeCheck(dir, files, options))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
