/**
 * SQL sanitizing for `db.query.text`: string, numeric, boolean, hex and dollar-quoted literals
 * become `?`, `IN (…)` lists of placeholders collapse to `IN (?)`, comments are dropped and
 * whitespace is collapsed. Bind parameters (`$1`, `?`, `:name`) and identifiers stay as they are.
 * A single pass over the text, no regex backtracking on user input.
 */

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/;
const BOOLEAN = new Set(['true', 'false']);

/** Replaces the literals in a SQL statement with `?`. */
export function sanitizeSql(sql: string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  const emit = (text: string) => {
    out += text;
  };
  while (i < n) {
    const c = sql[i]!;
    const next = sql[i + 1];
    // comments: dropped
    if (c === '-' && next === '-') {
      while (i < n && sql[i] !== '\n') i++;
      emit(' ');
      continue;
    }
    if (c === '/' && next === '*') {
      const end = sql.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      emit(' ');
      continue;
    }
    // string literals, with optional E/X/B/N prefix
    if (c === "'" || ((c === 'E' || c === 'e' || c === 'X' || c === 'x' || c === 'B' || c === 'b' || c === 'N' || c === 'n') && next === "'" && !IDENT_PART.test(sql[i - 1] ?? ' '))) {
      i = skipQuoted(sql, c === "'" ? i : i + 1, "'");
      emit('?');
      continue;
    }
    // quoted identifiers are kept verbatim
    if (c === '"' || c === '`') {
      const end = skipQuoted(sql, i, c);
      emit(sql.slice(i, end));
      i = end;
      continue;
    }
    // dollar-quoted strings ($$…$$, $tag$…$tag$) vs. $1 parameters
    if (c === '$') {
      if (next !== undefined && /[0-9]/.test(next)) {
        let j = i + 1;
        while (j < n && /[0-9]/.test(sql[j]!)) j++;
        emit(sql.slice(i, j));
        i = j;
        continue;
      }
      const tagMatch = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
      if (tagMatch) {
        const tag = tagMatch[0];
        const end = sql.indexOf(tag, i + tag.length);
        i = end < 0 ? n : end + tag.length;
        emit('?');
        continue;
      }
    }
    // numbers (not part of an identifier)
    if ((/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) && !IDENT_PART.test(sql[i - 1] ?? ' ')) {
      let j = i;
      if (c === '0' && (next === 'x' || next === 'X')) {
        j += 2;
        while (j < n && /[0-9A-Fa-f]/.test(sql[j]!)) j++;
      } else {
        while (j < n && /[0-9.]/.test(sql[j]!)) j++;
        if (j < n && (sql[j] === 'e' || sql[j] === 'E') && /[-+0-9]/.test(sql[j + 1] ?? '')) {
          j += 2;
          while (j < n && /[0-9]/.test(sql[j]!)) j++;
        }
      }
      emit('?');
      i = j;
      continue;
    }
    // words: booleans become ?, other identifiers and keywords stay
    if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < n && IDENT_PART.test(sql[j]!)) j++;
      const word = sql.slice(i, j);
      emit(BOOLEAN.has(word.toLowerCase()) ? '?' : word);
      i = j;
      continue;
    }
    emit(c);
    i++;
  }
  return collapseInLists(out.replace(/\s+/g, ' ').trim());
}

function skipQuoted(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === '\\' && quote === "'") {
      i += 2;
      continue;
    }
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return sql.length;
}

/** `IN (?, ?, ?)` and `IN ($1, $2)` → `IN (?)`; also `VALUES (?, ?), (?, ?)` rows stay as written. */
function collapseInLists(sql: string): string {
  return sql.replace(/\bIN\s*\(\s*(?:\?|\$\d+)(?:\s*,\s*(?:\?|\$\d+))*\s*\)/gi, (m) => `${m.slice(0, 2)} (?)`);
}

export interface SqlSummary {
  /** Upper-case first keyword: SELECT, INSERT, UPDATE, DELETE, BEGIN, … */
  operation?: string;
  /** The single table the statement targets, when there is exactly one obvious one. */
  table?: string;
}

const TABLE_AFTER: Record<string, RegExp> = {
  SELECT: /\bFROM\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  DELETE: /\bFROM\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  INSERT: /\bINTO\s+((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  UPDATE: /^\s*UPDATE\s+(?:ONLY\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  CREATE: /\bTABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  DROP: /\bTABLE\s+(?:IF\s+EXISTS\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
  TRUNCATE: /^\s*TRUNCATE\s+(?:TABLE\s+)?((?:"[^"]+"|[A-Za-z_][\w$]*)(?:\.(?:"[^"]+"|[A-Za-z_][\w$]*))?)/i,
};

/** Reads the operation and target table from a (sanitized or raw) statement, best effort. */
export function summarizeSql(sql: string): SqlSummary {
  const stripped = sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').trim();
  const first = /^[A-Za-z]+/.exec(stripped)?.[0]?.toUpperCase();
  if (!first) return {};
  const pattern = TABLE_AFTER[first];
  // a join or a sub-select means there is no single obvious target
  if (!pattern || (first === 'SELECT' && /\bJOIN\b|\bFROM\s*\(/i.test(stripped))) return { operation: first };
  const table = pattern.exec(stripped)?.[1]?.replace(/"/g, '');
  return table ? { operation: first, table } : { operation: first };
}
