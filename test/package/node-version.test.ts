import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};
const parse = (v: string) => v.replace(/^[^\d]*/, '').split('.').map(Number) as [number, number, number];
const atLeast = (a: number[], b: number[]) => a[0]! > b[0]! || (a[0] === b[0] && (a[1]! > b[1]! || (a[1] === b[1] && a[2]! >= b[2]!)));

describe('the Node running this suite', () => {
  it('satisfies engines.node (the repository brings Node 24: npm scripts run on node_modules/.bin/node)', () => {
    expect(pkg.engines.node).toBe('>=22.15.0');
    expect(atLeast(parse(process.version), parse(pkg.engines.node))).toBe(true);
  });

  it('is the one CI asked for (TRACEWRIGHT_EXPECT_NODE), else the pinned devDependency', () => {
    const expected = process.env.TRACEWRIGHT_EXPECT_NODE ?? pkg.devDependencies.node!;
    expect(process.version).toBe(`v${expected}`);
  });
});
