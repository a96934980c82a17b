/**
 * SQL sanitizing cost per statement: the hand tokenizer (src/sanitize/sql-lexer.ts) without its
 * cache, with its cache (the steady state of an app that repeats its queries), and, when
 * `libpg-query` can be loaded (it is not a dependency: point LIBPG_QUERY_DIR at a directory where
 * it is installed), PostgreSQL's own normalizer compiled to WASM doing the nearest equivalent job
 * (`normalizeSync`: literals → `$n`; no operation, no table). Also the URL redaction of a typical
 * `url.full`. Rounds interleaved, medians in ns per call, ratios against the uncached tokenizer.
 *
 *   npx tsx bench/sanitize.bench.ts [--quick]
 *   LIBPG_QUERY_DIR=/path/with/node_modules npx tsx bench/sanitize.bench.ts
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { analyzeSql, analyzeSqlUncached } from '../src/sanitize/sql';
import { redactUrl } from '../src/sanitize/url';
import { measure, quick, type BenchCase } from './support/timing';

const ROUNDS = quick ? 5 : 11;
const PER_ROUND = quick ? 5_000 : 20_000;

const QUERIES: Record<string, string> = {
  'short SELECT': "SELECT id, name FROM users WHERE id = 42 AND email = 'a@b.c'",
  'INSERT, 8 values': "INSERT INTO orders (id, user_id, total, note, created_at, paid, currency, tag) VALUES (1, 2, 19.99, 'gift; wrap', '2026-12-01', true, 'EUR', $$x$$)",
  'UPDATE with comment': "/* app:checkout */ UPDATE accounts SET balance = balance - 10.5 WHERE id = $1 AND note <> E'it\\'s'",
  'SELECT with IN list and join': 'SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status IN (1, 2, 3, 4, 5, 6) ORDER BY o.id LIMIT 50',
};

interface PgQuery {
  loadModule(): Promise<void>;
  normalizeSync(sql: string): string;
}

async function loadLibpgQuery(): Promise<PgQuery | undefined> {
  try {
    const dir = process.env.LIBPG_QUERY_DIR;
    const require = createRequire(dir ? join(dir, 'package.json') : import.meta.url);
    const pg = require('libpg-query') as PgQuery;
    await pg.loadModule();
    return pg;
  } catch {
    return undefined;
  }
}

const pg = await loadLibpgQuery();
console.log(`SQL sanitizing, ns per statement (median of ${ROUNDS - 1} rounds × ${PER_ROUND}); libpg-query ${pg ? 'loaded' : 'not installed (skipped)'}`);
console.log('| statement | tokenizer, uncached | tokenizer, cached | libpg-query normalizeSync | libpg-query / tokenizer |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, sql] of Object.entries(QUERIES)) {
  const cases: BenchCase[] = [
    { name: 'uncached', run: () => analyzeSqlUncached(sql, 'postgresql') },
    { name: 'cached', run: () => analyzeSql(sql, 'postgresql') },
  ];
  if (pg) cases.push({ name: 'libpg', run: () => pg.normalizeSync(sql) });
  const result = await measure(cases, { rounds: ROUNDS, perRound: PER_ROUND });
  const uncached = result.get('uncached')!;
  const libpg = result.get('libpg');
  console.log(
    `| ${name} | ${uncached.toFixed(0)} | ${result.get('cached')!.toFixed(0)} | ${libpg === undefined ? '–' : libpg.toFixed(0)} | ${libpg === undefined ? '–' : `${(libpg / uncached).toFixed(1)}x`} |`,
  );
}

const url = 'https://alice:hunter2@api.example.com:8443/v1/items;jsessionid=abc?id=7&access_token=abc&q=a%20b#state=1';
const urls = await measure([{ name: 'redactUrl', run: () => redactUrl(url) }], { rounds: ROUNDS, perRound: PER_ROUND });
console.log(`\nredactUrl of a URL with user info, matrix, query and fragment parameters: ${urls.get('redactUrl')!.toFixed(0)} ns`);
