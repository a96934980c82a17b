/**
 * SQL sanitizing: the statement is tokenized once with its dialect's quoting rules
 * (`./sql-lexer`), and the sanitised text (`db.query.text`), the operation and the collection (span
 * name, `db.collection.name`) are all read from those tokens. Literals of every kind (strings,
 * numbers, booleans, hex/bit strings, dollar quotes) become `?`, comments are dropped, whitespace is
 * collapsed, `IN (?, ?, …)` becomes `IN (?)`; bind parameters (`$1`, `?`, `:name`) and identifiers
 * stay. When the lexer cannot tell where a construct ends, the rest of the text becomes `?`.
 * Results are cached by dialect and text (apps repeat their queries).
 */
import { lexSql, type SqlDialect, type SqlToken } from './sql-lexer';

export type { SqlDialect } from './sql-lexer';

export interface SqlSummary {
  /** Upper-case first keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, … */
  operation?: string;
  /** The single table the statement targets, when there is exactly one obvious one. */
  table?: string;
}

export interface SqlAnalysis extends SqlSummary {
  /** The sanitised statement. */
  text: string;
  /** Characters the lexer examined (deterministic; grows linearly with the length). */
  work: number;
}

const DIALECTS: Record<string, SqlDialect> = {
  postgresql: 'postgresql',
  postgres: 'postgresql',
  pg: 'postgresql',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mysql',
};

/** The tokenizer dialect for a `db.system.name` (or driver name): postgresql, mysql, or other. */
export function resolveSqlDialect(system: string | undefined): SqlDialect {
  return DIALECTS[String(system ?? '').toLowerCase()] ?? 'other';
}

/** Entries kept in the cache, and the longest statement that is cached. */
export const SQL_CACHE_SIZE = 512;
export const SQL_CACHE_MAX_LENGTH = 4096;
const cache = new Map<string, SqlAnalysis>();

/** Tokenizes a statement and returns its sanitised text, operation and table (cached, LRU). */
export function analyzeSql(sql: string, dialect: SqlDialect = 'other'): SqlAnalysis {
  const cacheable = sql.length <= SQL_CACHE_MAX_LENGTH;
  const key = cacheable ? `${dialect}\u0000${sql}` : '';
  if (cacheable) {
    const hit = cache.get(key);
    if (hit) {
      cache.delete(key);
      cache.set(key, hit);
      return hit;
    }
  }
  const analysis = analyzeSqlUncached(sql, dialect);
  if (cacheable) {
    cache.set(key, analysis);
    if (cache.size > SQL_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return analysis;
}

/** {@link analyzeSql} without the cache (for measurements). */
export function analyzeSqlUncached(sql: string, dialect: SqlDialect = 'other'): SqlAnalysis {
  const { tokens, work } = lexSql(sql, dialect);
  return Object.freeze({ text: render(tokens), ...summarize(tokens), work });
}

/** Replaces the literals in a SQL statement with `?` (see {@link analyzeSql}). */
export function sanitizeSql(sql: string, dialect: SqlDialect = 'other'): string {
  return analyzeSql(sql, dialect).text;
}

/** Reads the operation and target table from a statement, from its tokens. */
export function summarizeSql(sql: string, dialect: SqlDialect = 'other'): SqlSummary {
  const { operation, table } = analyzeSql(sql, dialect);
  const out: SqlSummary = {};
  if (operation) out.operation = operation;
  if (table) out.table = table;
  return out;
}

/** Case-insensitive comparison of a word token with an upper-case ASCII keyword, without allocating. */
function isWord(token: SqlToken | undefined, keyword: string): boolean {
  if (token === undefined || token.kind !== 'word' || token.text.length !== keyword.length) return false;
  for (let i = 0; i < keyword.length; i++) {
    if ((token.text.charCodeAt(i) & ~32) !== keyword.charCodeAt(i)) return false;
  }
  return true;
}

const isIn = (token: SqlToken | undefined) => isWord(token, 'IN');

const isValue = (t: SqlToken | undefined) => t !== undefined && (t.kind === 'literal' || t.kind === 'param');

function render(tokens: SqlToken[]): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (isIn(token)) {
      const end = valueListEnd(tokens, i + 1);
      if (end > 0) {
        out += `${token.text} (?)`;
        i = end - 1;
        continue;
      }
    }
    out += token.text;
  }
  return out.trim();
}

// `IN (?, $2, ?)`: the index after `)`, or -1
function valueListEnd(tokens: SqlToken[], from: number): number {
  let i = from;
  const skip = () => {
    while (tokens[i]?.kind === 'space') i++;
  };
  skip();
  if (tokens[i]?.text !== '(') return -1;
  i++;
  for (;;) {
    skip();
    if (!isValue(tokens[i])) return -1;
    i++;
    skip();
    const t = tokens[i]?.text;
    i++;
    if (t === ')') return i;
    if (t !== ',') return -1;
  }
}

const TARGET_AFTER: Record<string, string> = { SELECT: 'FROM', DELETE: 'FROM', INSERT: 'INTO', REPLACE: 'INTO' };
const SKIP_WORDS = new Set(['ONLY', 'TABLE', 'IF', 'NOT', 'EXISTS', 'TEMPORARY', 'TEMP', 'UNLOGGED', 'LOW_PRIORITY', 'IGNORE', 'QUICK']);
const NOT_A_NAME = new Set(['SELECT', 'LATERAL', 'VALUES', 'WITH', 'SET', 'WHERE', 'DEFAULT', 'AS']);

function summarize(tokens: SqlToken[]): SqlSummary {
  const sig = tokens.filter((t) => t.kind !== 'space');
  let start = 0;
  while (sig[start]?.text === '(') start++;
  const first = sig[start];
  if (!first || first.kind !== 'word' || !/^[A-Za-z]+$/.test(first.text)) return {};
  const operation = first.text.toUpperCase();
  let at = -1;
  const marker = TARGET_AFTER[operation];
  if (marker) {
    let depth = 0;
    for (let i = start + 1; i < sig.length; i++) {
      const t = sig[i]!;
      if (t.text === '(') depth++;
      else if (t.text === ')') depth--;
      else if (depth === 0 && t.kind === 'word') {
        if (operation === 'SELECT' && isWord(t, 'JOIN')) return { operation };
        if (at < 0 && isWord(t, marker)) at = i + 1;
      }
    }
  } else if (operation === 'UPDATE' || operation === 'TRUNCATE') {
    at = start + 1;
  } else if (operation === 'CREATE' || operation === 'DROP') {
    const table = sig.findIndex((t, i) => i > start && isWord(t, 'TABLE'));
    if (table > 0) at = table + 1;
  }
  if (at < 0) return { operation };
  while (sig[at]?.kind === 'word' && SKIP_WORDS.has(sig[at]!.text.toUpperCase())) at++;
  const parts: string[] = [];
  for (;;) {
    const name = nameOf(sig[at]);
    if (name === undefined) break;
    parts.push(name);
    if (sig[at + 1]?.text !== '.') break;
    at += 2;
  }
  // a comma after the table is a second table (`FROM a, b`): no single target
  if (parts.length === 0 || (operation === 'SELECT' && sig[at + 1]?.text === ',')) return { operation };
  return { operation, table: parts.join('.') };
}

function nameOf(token: SqlToken | undefined): string | undefined {
  if (!token) return undefined;
  if (token.kind === 'ident') return token.name;
  if (token.kind === 'word' && !NOT_A_NAME.has(token.text.toUpperCase())) return token.text;
  return undefined;
}
