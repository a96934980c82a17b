/**
 * One tokenizer for SQL, with the quoting rules of each dialect, so that the sanitised text, the
 * operation and the collection are all read from the same tokens and a literal can never be taken
 * for an identifier. Where the dialect leaves the end of a construct in doubt (an unterminated
 * string, a dollar tag longer than 64 characters, a backslash in a string of the `other` dialect),
 * the lexer stops and the rest of the text becomes a single `?`.
 *
 * - `postgresql` (standard_conforming_strings on): `'…'` with `''` only; `E'…'` with backslash
 *   escapes; `U&'…'`, `B'…'`, `X'…'`, `N'…'`; `$tag$…$tag$`; `"…"` identifiers; nested `/* *\/`; `--`.
 * - `mysql` (MySQL, MariaDB): `'…'` and `"…"` with backslash escapes and doubled quotes; `` `…` ``
 *   identifiers; `#` and `-- ` comments (`--` then a space or control character); `/* *\/` not nested.
 * - `other` (SQLite, SQL Server, anything else): `'…'` and `"…"` both redacted; `` `…` `` and
 *   `[…]` identifiers; `--`, `#` and `/* *\/` comments; dollar quotes; and wherever the dialects
 *   disagree (a backslash in a string, `/*` inside a comment, a quote after `#` or inside
 *   brackets or dollar quotes) it stops.
 *
 * Linear time: every character is looked at a bounded number of times (`work` counts them).
 */

export type SqlDialect = 'postgresql' | 'mysql' | 'other';

export type SqlTokenKind = 'word' | 'ident' | 'literal' | 'param' | 'punct' | 'space';

export interface SqlToken {
  kind: SqlTokenKind;
  /** Text as written (`?` for a literal); for `ident`, the name without its quotes is in `name`. */
  text: string;
  name?: string;
}

export interface SqlLexResult {
  tokens: SqlToken[];
  /** True when the lexer stopped early and replaced the rest of the text with `?`. */
  truncated: boolean;
  /** Characters examined: a deterministic measure of the work done, at most ~70 × length. */
  work: number;
}

/** Longest dollar-quote tag accepted; a longer one makes the lexer stop. */
export const MAX_DOLLAR_TAG = 64;

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isIdentStart = (c: number) => isLetter(c) || c === 95 || c >= 0x80;
const isIdentPart = (c: number) => isIdentStart(c) || isDigit(c) || c === 36;

const LITERAL: SqlToken = Object.freeze({ kind: 'literal', text: '?' }) as SqlToken;
const SPACE: SqlToken = Object.freeze({ kind: 'space', text: ' ' }) as SqlToken;

// The lexer's state, shared by the helpers below (module functions, not closures: no allocation
// per call beyond the tokens).
interface Lexer {
  sql: string;
  n: number;
  i: number;
  work: number;
  tokens: SqlToken[];
}

const prevIsIdent = (lx: Lexer) => lx.i > 0 && isIdentPart(lx.sql.charCodeAt(lx.i - 1));

function space(lx: Lexer): void {
  const last = lx.tokens.length - 1;
  if (last >= 0 && lx.tokens[last] !== SPACE) lx.tokens.push(SPACE);
}

function stop(lx: Lexer): SqlLexResult {
  lx.tokens.push(LITERAL);
  return { tokens: lx.tokens, truncated: true, work: lx.work + (lx.n - lx.i) };
}

/**
 * End (exclusive) of a quoted run opened at `start`, or -1 if unterminated or ambiguous.
 * `backslash`: backslash escapes the next character; `strict`: a backslash means "cannot tell".
 */
function endOfQuoted(lx: Lexer, start: number, quote: number, backslash: boolean, strict: boolean): number {
  const { sql, n } = lx;
  let j = start + 1;
  while (j < n) {
    lx.work++;
    const c = sql.charCodeAt(j);
    if (c === 92 /* \ */) {
      if (strict) return -1;
      if (backslash) {
        j += 2;
        continue;
      }
    }
    if (c === quote) {
      if (sql.charCodeAt(j + 1) === quote) {
        j += 2;
        continue;
      }
      return j + 1;
    }
    j++;
  }
  return -1;
}

export function lexSql(sql: string, dialect: SqlDialect): SqlLexResult {
  const lx: Lexer = { sql, n: sql.length, i: 0, work: 0, tokens: [] };
  const { n, tokens } = lx;
  while (lx.i < n) {
    lx.work++;
    const i = lx.i;
    const c = sql.charCodeAt(i);
    const next = sql.charCodeAt(i + 1);

    if (isSpace(c)) {
      let j = i;
      while (j < n && isSpace(sql.charCodeAt(j))) j++;
      lx.work += j - i;
      lx.i = j;
      space(lx);
      continue;
    }

    // -- line comments (in MySQL only when followed by a space or control character)
    const mysqlDashes = dialect === 'mysql' && i + 2 < n && sql.charCodeAt(i + 2) > 32;
    if ((c === 45 && next === 45 && !mysqlDashes) || (c === 35 /* # */ && dialect !== 'postgresql')) {
      let j = i;
      let quoted = false;
      while (j < n && sql.charCodeAt(j) !== 10) {
        const d = sql.charCodeAt(j);
        if (d === 39 || d === 34 || d === 96 || d === 92) quoted = true;
        j++;
      }
      lx.work += j - i;
      // `#` is not a comment everywhere: if it is not one, the quote it hides could open a string
      if (c === 35 && dialect === 'other' && quoted) return stop(lx);
      lx.i = j;
      space(lx);
      continue;
    }

    if (c === 47 /* / */ && next === 42 /* * */) {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        lx.work++;
        const a = sql.charCodeAt(j);
        const b = sql.charCodeAt(j + 1);
        if (a === 42 && b === 47) {
          depth--;
          j += 2;
        } else if (a === 47 && b === 42) {
          if (dialect === 'other') return stop(lx); // nested in some dialects, not in others
          if (dialect === 'postgresql') depth++;
          j += 2;
        } else j++;
      }
      if (depth > 0) return stop(lx);
      lx.i = j;
      space(lx);
      continue;
    }

    // string literals with a one-letter prefix: E'…' (PostgreSQL escapes), B'…', X'…', N'…', U&'…'
    let quoteAt = -1;
    let escapes = dialect === 'mysql';
    if (c === 39) quoteAt = i;
    else if (isLetter(c) && (next === 39 || next === 38) && !prevIsIdent(lx)) {
      const upper = c & ~32;
      if (next === 39 && (upper === 66 || upper === 88 || upper === 78 || (upper === 69 && dialect === 'postgresql'))) {
        quoteAt = i + 1;
        if (upper === 69) escapes = true;
      } else if (upper === 85 && next === 38 /* & */ && sql.charCodeAt(i + 2) === 39 && dialect === 'postgresql') {
        quoteAt = i + 2;
      }
    }
    if (quoteAt >= 0 || (c === 34 && dialect !== 'postgresql')) {
      const start = quoteAt >= 0 ? quoteAt : i;
      const end = endOfQuoted(lx, start, sql.charCodeAt(start), escapes, dialect === 'other');
      if (end < 0) return stop(lx);
      tokens.push(LITERAL);
      lx.i = end;
      continue;
    }

    // quoted identifiers: "…" (PostgreSQL, also U&"…"), `…` (MySQL, other), […] (other)
    const pgUnicodeIdent = dialect === 'postgresql' && (c & ~32) === 85 && next === 38 && sql.charCodeAt(i + 2) === 34 && !prevIsIdent(lx);
    if ((c === 34 && dialect === 'postgresql') || pgUnicodeIdent || (c === 96 && dialect !== 'postgresql') || (c === 91 && dialect === 'other')) {
      const start = pgUnicodeIdent ? i + 2 : i;
      const close = c === 91 ? 93 : sql.charCodeAt(start);
      const end = endOfQuoted(lx, start, close, false, false);
      if (end < 0) return stop(lx);
      const name = sql.slice(start + 1, end - 1);
      if (c === 91 && /['"\\[]/.test(name)) return stop(lx); // `[` is not a quote everywhere
      const closing = String.fromCharCode(close);
      tokens.push({ kind: 'ident', text: sql.slice(i, end), name: name.split(closing + closing).join(closing) });
      lx.i = end;
      continue;
    }

    if (c === 36 /* $ */ && dialect !== 'mysql') {
      if (isDigit(next)) {
        let j = i + 1;
        while (j < n && isDigit(sql.charCodeAt(j))) j++;
        lx.work += j - i;
        tokens.push({ kind: 'param', text: sql.slice(i, j) });
        lx.i = j;
        continue;
      }
      // $tag$ … $tag$ (the tag follows identifier rules, without `$`)
      let j = i + 1;
      if (isIdentStart(next)) while (j < n && isIdentPart(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 36) j++;
      lx.work += j - i;
      if (sql.charCodeAt(j) === 36) {
        const tag = sql.slice(i, j + 1);
        if (tag.length > MAX_DOLLAR_TAG) return stop(lx);
        let k = j + 1;
        let end = -1;
        let quoted = false;
        while (k < n) {
          lx.work++;
          const d = sql.charCodeAt(k);
          if (d === 39 || d === 34 || d === 92) quoted = true;
          if (d === 36) {
            lx.work += tag.length;
            if (sql.startsWith(tag, k)) {
              end = k + tag.length;
              break;
            }
          }
          k++;
        }
        if (end < 0 || (dialect === 'other' && quoted)) return stop(lx);
        tokens.push(LITERAL);
        lx.i = end;
        continue;
      }
      if (dialect === 'other' && isIdentStart(next)) {
        tokens.push({ kind: 'param', text: sql.slice(i, j) }); // SQLite's $name
        lx.i = j;
        continue;
      }
    }

    // numbers (also hex, binary, octal, 1_000, 1e-5, and MySQL's 1abc identifiers: all `?`)
    if ((isDigit(c) || (c === 46 && isDigit(next))) && !prevIsIdent(lx)) {
      let j = i + 1;
      const hex = c === 48 && (next | 32) === 120; // 0x1e-5 is 0x1e minus 5
      while (j < n) {
        const d = sql.charCodeAt(j);
        if (isDigit(d) || isLetter(d) || d === 95 || d === 46 || ((d === 43 || d === 45) && (sql.charCodeAt(j - 1) | 32) === 101 && !hex)) j++;
        else break;
      }
      lx.work += j - i;
      tokens.push(LITERAL);
      lx.i = j;
      continue;
    }

    if (isIdentStart(c) || (c === 36 && dialect === 'mysql')) {
      let j = i + 1;
      while (j < n && isIdentPart(sql.charCodeAt(j))) j++;
      lx.work += j - i;
      const word = sql.slice(i, j);
      const boolean = (j - i === 4 || j - i === 5) && /^(?:true|false)$/i.test(word);
      tokens.push(boolean ? LITERAL : { kind: 'word', text: word });
      lx.i = j;
      continue;
    }

    tokens.push(c === 63 ? PARAM_MARK : punct(sql[i]!));
    lx.i = i + 1;
  }
  return { tokens, truncated: false, work: lx.work };
}

const PARAM_MARK: SqlToken = Object.freeze({ kind: 'param', text: '?' }) as SqlToken;
// one shared token per ASCII punctuation character
const PUNCT = new Map<string, SqlToken>();
function punct(ch: string): SqlToken {
  let token = PUNCT.get(ch);
  if (!token) {
    token = Object.freeze({ kind: 'punct', text: ch }) as SqlToken;
    if (ch.charCodeAt(0) < 128) PUNCT.set(ch, token);
  }
  return token;
}
