import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The source is layered: a folder imports only folders below it. Options modules (`*-options.ts`:
 * a component's option types, defaults and limits) sit just above the leaves, so that the config
 * composes its resolved config from the components' own definitions without importing the
 * components. No module imports one that depends on it, directly or through others.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['errors', 'version'],
  ['internal'],
  ['semconv'],
  ['<options>'],
  ['config'],
  ['runtime'],
  ['sanitize'],
  ['propagation', 'sampling'],
  ['logging', 'pipeline'],
  ['exporters', 'tracer'],
  ['instrument', 'analysis'],
  ['middleware'],
  ['decorators'],
  ['genai', 'jobs'],
  ['viewer', 'sdk'],
  ['compat', 'testing', 'cli'],
  ['index'],
];

const SRC = join(import.meta.dirname, '../../src');
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  const base = join(dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

const files = sourceFiles(SRC);
const graph = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(IMPORT)].map((m) => resolveImport(file, m[1]!)).filter((t): t is string => t !== undefined);
  graph.set(file, [...new Set(targets)]);
}

const name = (file: string) => relative(SRC, file).split(sep).join('/');
const isOptionsModule = (file: string) => /\/[\w-]+-options\.ts$/.test(name(file));
function layerOf(file: string): { layer: number; group: string } {
  const group = isOptionsModule(file) ? '<options>' : name(file).split('/')[0]!.replace(/\.ts$/, '');
  const layer = LAYERS.findIndex((row) => row.includes(group));
  return { layer, group };
}

describe('the source layers', () => {
  it('every top-level folder and file of src/ has a layer', () => {
    const unplaced = files.filter((f) => layerOf(f).layer === -1).map(name);
    expect(unplaced).toEqual([]);
  });

  it('imports go only downward (or within a folder); options modules import only the leaves and each other', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      const from = layerOf(file);
      for (const target of targets) {
        const to = layerOf(target);
        const sameFolder = name(file).split('/')[0] === name(target).split('/')[0] && from.group !== '<options>';
        if (to.layer < from.layer || (sameFolder && to.group === from.group) || (from.group === to.group && to.group === '<options>')) continue;
        if (sameFolder && to.group === '<options>') continue; // a component reads its own options module
        upward.push(`${name(file)} (${from.group}) -> ${name(target)} (${to.group})`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('no import cycle, directly or through other modules', () => {
    // Tarjan's strongly connected components: any component with more than one module is a cycle.
    let index = 0;
    const indexOf = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const cycles: string[][] = [];
    const visit = (v: string): void => {
      indexOf.set(v, index);
      low.set(v, index++);
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!indexOf.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
      if (low.get(v) === indexOf.get(v)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(name(w));
        } while (w !== v);
        if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
      }
    };
    for (const file of files) if (!indexOf.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });

  it('the check sees the imports it judges (a known edge of each kind is found)', () => {
    const edges = [...graph].flatMap(([f, ts]) => ts.map((t) => `${name(f)} -> ${name(t)}`));
    expect(edges).toContain('config/defaults.ts -> pipeline/processor-options.ts');
    expect(edges).toContain('sdk/lifecycle.ts -> runtime/setup.ts');
    expect(files.length).toBeGreaterThan(100);
  });
});
