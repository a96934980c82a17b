/**
 * The `ignorePaths` string patterns, matched in time linear in the path: `*` stands for any run of
 * characters (`/` included), every other character is literal, and the pattern must cover the whole
 * path. No RegExp is built from a pattern, so no path can make a match backtrack: a request path is
 * attacker-controlled and the match runs on every request.
 *
 * How: the pattern splits at `*` into literal pieces; the first must be a prefix, the last a
 * suffix, and the ones between are found left to right, each after the previous one, with
 * Knuth-Morris-Pratt. Taking the leftmost occurrence of each piece is always right for `*`-only
 * globs (a later occurrence leaves less room for the rest, never more), so there is nothing to undo.
 */

/** Work counted by a match, for tests that prove the bound. */
export interface GlobStats {
  /**
   * Character comparisons plus KMP fall-backs, added to on each call. For a path of `n`
   * characters and a pattern of `m`, one match adds at most `2n + m`.
   */
  steps: number;
}

/** A compiled pattern: whether `path` matches it as a whole. */
export type GlobMatcher = (path: string, stats?: GlobStats) => boolean;

interface Piece {
  readonly text: string;
  /** KMP failure table: the longest proper prefix of `text[0..i]` that is also its suffix. */
  readonly fail: Int32Array;
}

function failureTable(p: string): Int32Array {
  const fail = new Int32Array(p.length);
  let k = 0;
  for (let i = 1; i < p.length; i++) {
    while (k > 0 && p.charCodeAt(i) !== p.charCodeAt(k)) k = fail[k - 1]!;
    if (p.charCodeAt(i) === p.charCodeAt(k)) k++;
    fail[i] = k;
  }
  return fail;
}

// One match runs at a time (no await inside): a module-level counter spares an object per call.
let steps = 0;

/** Start of the first occurrence of `piece` inside `text[from, to)`, or -1. */
function find(text: string, from: number, to: number, piece: Piece): number {
  const p = piece.text;
  const m = p.length;
  const first = p[0]!;
  let j = 0;
  let i = from;
  let turns = 0;
  // Each turn either moves `i` on or moves `j` back, and `j` only grows with `i`: at most
  // 2(to - from) turns. Outside a partial match, the native single-character search skips ahead;
  // the characters it passes count as turns, so the bound is unchanged.
  while (i < to) {
    if (j === 0) {
      const next = text.indexOf(first, i);
      if (next === -1 || next >= to) {
        turns += to - i;
        i = to;
        break;
      }
      turns += next - i + 1;
      i = next + 1;
      j = 1;
    } else {
      turns++;
      if (text.charCodeAt(i) === p.charCodeAt(j)) {
        i++;
        j++;
      } else {
        j = piece.fail[j - 1]!;
      }
    }
    if (j === m) break;
  }
  steps += turns;
  return j === m ? i - m : -1;
}

/** Compiles one string pattern. A pattern without `*` is an exact comparison. */
export function compileGlob(pattern: string): GlobMatcher {
  const parts = pattern.split('*');
  if (parts.length === 1) {
    return (path, stats) => {
      if (stats) stats.steps += Math.min(path.length, pattern.length);
      return path === pattern;
    };
  }
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  // `**` and stars at the ends leave empty pieces, which match anywhere: dropped.
  const middle: Piece[] = parts
    .slice(1, -1)
    .filter((text) => text.length > 0)
    .map((text) => ({ text, fail: failureTable(text) }));
  const fixed = head.length + tail.length;
  return (path, stats) => {
    steps = 0;
    const matched = matchPieces(path, head, middle, tail, fixed);
    if (stats) stats.steps += steps;
    return matched;
  };
}

function matchPieces(path: string, head: string, middle: readonly Piece[], tail: string, fixed: number): boolean {
  if (path.length < fixed) return false;
  const end = path.length - tail.length;
  // startsWith/endsWith compare at most head.length + tail.length characters
  steps += fixed;
  if (!path.startsWith(head) || !path.endsWith(tail)) return false;
  let at = head.length;
  for (const piece of middle) {
    const found = find(path, at, end, piece);
    if (found === -1) return false;
    at = found + piece.text.length;
  }
  return true;
}
