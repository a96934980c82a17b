import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The built package, as users load it: `npm test` builds dist/ first (the pretest script). */
const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };

function node(code: string, type: 'module' | 'commonjs'): string {
  const args = type === 'module' ? ['--input-type=module', '-e', code] : ['-e', code];
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
}

describe('the built package (dist/)', () => {
  it('exists: run `npm run build` (npm test does it for you)', () => {
    expect(existsSync(`${root}dist/index.js`)).toBe(true);
    expect(existsSync(`${root}dist/index.cjs`)).toBe(true);
  });

  it('import and require expose the same named exports, and VERSION equals package.json', () => {
    const esm = JSON.parse(node(`import * as m from 'tracewright'; console.log(JSON.stringify({ keys: Object.keys(m).sort(), version: m.VERSION }))`, 'module'));
    const cjs = JSON.parse(node(`const m = require('tracewright'); console.log(JSON.stringify({ keys: Object.keys(m).sort(), version: m.VERSION }))`, 'commonjs'));
    expect(esm.keys).toEqual(cjs.keys);
    expect(esm.version).toBe(pkg.version);
    expect(cjs.version).toBe(pkg.version);
    for (const name of ['initializeTracing', 'shutdownTracing', 'getTracer', 'withSpan', 'getContextManager', 'getInstrumentation', 'createExporter', 'TracingConfigError'])
      expect(esm.keys).toContain(name);
    expect(esm.keys).not.toContain('default');
  });

  it('every name the README and docs import from tracewright, tracewright/testing or tracewright/semconv is exported', () => {
    const docs = ['README.md', ...readdirSync(`${root}docs`).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    const wanted = new Map<string, Set<string>>([['tracewright', new Set()], ['tracewright/testing', new Set()], ['tracewright/semconv', new Set()]]);
    const importRe = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'(tracewright(?:\/testing|\/semconv)?)'/g;
    for (const file of docs) {
      for (const match of readFileSync(`${root}${file}`, 'utf8').matchAll(importRe)) {
        if (/import\s*type/.test(match[0])) continue;
        for (const part of match[1]!.split(',')) {
          const name = part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]!.trim();
          if (name && !part.trim().startsWith('type ')) wanted.get(match[2]!)!.add(name);
        }
      }
    }
    expect(wanted.get('tracewright')!.size).toBeGreaterThan(10);
    const out = JSON.parse(
      node(`import * as a from 'tracewright'; import * as b from 'tracewright/testing'; import * as c from 'tracewright/semconv'; console.log(JSON.stringify({ a: Object.keys(a), b: Object.keys(b), c: Object.keys(c) }))`, 'module'),
    ) as { a: string[]; b: string[]; c: string[] };
    expect(wanted.get('tracewright/semconv')!.size).toBeGreaterThan(0);
    // The keys live on the subpath, not on the main entry.
    expect(out.a.filter((n) => n.startsWith('ATTR_'))).toEqual([]);
    expect(out.c).toContain('ATTR_USER_ID');
    const missing = [
      ...[...wanted.get('tracewright')!].filter((n) => !out.a.includes(n)).map((n) => `tracewright: ${n}`),
      ...[...wanted.get('tracewright/testing')!].filter((n) => !out.b.includes(n)).map((n) => `tracewright/testing: ${n}`),
      ...[...wanted.get('tracewright/semconv')!].filter((n) => !out.c.includes(n)).map((n) => `tracewright/semconv: ${n}`),
    ];
    expect(missing).toEqual([]);
  });

  it('tracewright/testing shares the tracing state of tracewright (ESM and CJS)', () => {
    const script = (load: string) => `${load}
      (async () => {
        await t.initializeTracing({ serviceName: 'smoke', exporterType: 'memory', handleSignals: false, logLevel: 'none' });
        t.withSpan('smoke span', () => 1);
        const spans = await testing.getFinishedSpans();
        const report = await t.shutdownTracing();
        console.log(JSON.stringify({ names: spans.map((s) => s.name), exported: report.exportedSpans }));
      })();`;
    const esm = node(script(`import * as t from 'tracewright'; import * as testing from 'tracewright/testing';`), 'module');
    const cjs = node(script(`const t = require('tracewright'); const testing = require('tracewright/testing');`), 'commonjs');
    for (const out of [esm, cjs]) expect(JSON.parse(out)).toEqual({ names: ['smoke span'], exported: 1 });
  });

  it('loads no gRPC until an OTLP gRPC exporter is chosen', () => {
    const out = node(
      `const t = require('tracewright');
       (async () => {
         await t.initializeTracing({ serviceName: 'lazy', exporterType: 'console', handleSignals: false, logLevel: 'none' });
         const loaded = Object.keys(require.cache).some((k) => k.includes('@grpc/grpc-js'));
         await t.shutdownTracing();
         console.log(JSON.stringify({ loaded }));
       })();`,
      'commonjs',
    );
    expect(JSON.parse(out)).toEqual({ loaded: false });
  });
});
