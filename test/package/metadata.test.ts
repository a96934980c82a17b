/**
 * What a user sees on the registry and in node_modules: repository links, the docs the README links
 * to shipped in the package, and `tracewright/testing` typed under the old `node` resolver.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- package.json is read field by field below

describe('package metadata', () => {
  it('has repository, homepage and bugs', () => {
    expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/tracewright/tracewright.git' });
    expect(pkg.homepage).toBe('https://github.com/tracewright/tracewright#readme');
    expect(pkg.bugs).toEqual({ url: 'https://github.com/tracewright/tracewright/issues' });
  });

  it('ships every file the README links to by relative path', () => {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as { files: { path: string }[] }[];
    const files = new Set(packed[0]!.files.map((f) => f.path));
    const readme = readFileSync(`${root}README.md`, 'utf8');
    const links = [...readme.matchAll(/\]\(((?!https?:|#)[^)#]+)(#[^)]*)?\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(3);
    expect(links.filter((link) => !files.has(link))).toEqual([]);
  });

  it('maps tracewright/testing for moduleResolution node (typesVersions): tsc resolves it against dist/', () => {
    expect(pkg.typesVersions).toEqual({ '*': { testing: ['./dist/testing/index.d.ts'], semconv: ['./dist/semconv/index.d.ts'] } });
    const dir = mkdtempSync(join(root, 'test', '.docs-check-node10-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(root, join(dir, 'node_modules', 'tracewright'), 'dir');
      writeFileSync(
        join(dir, 'main.ts'),
        `import { getFinishedSpans, createTestTracing } from 'tracewright/testing';\nimport { ATTR_USER_ID } from 'tracewright/semconv';\nimport { initializeTracing } from 'tracewright';\nexport const used: unknown[] = [getFinishedSpans, createTestTracing, initializeTracing, ATTR_USER_ID];\n`,
      );
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'commonjs', moduleResolution: 'node', strict: true, noEmit: true, skipLibCheck: true, types: ['node'] }, files: ['main.ts'] }),
      );
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      let output = '';
      try {
        execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout);
      }
      expect(output).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
