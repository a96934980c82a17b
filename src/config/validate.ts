import { TracingConfigError } from '../errors';

/** Validators for explicit options: each throws a TracingConfigError naming the option. */

export { checkNumber } from '../internal/number-rule';

export function checkBoolean(option: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw new TracingConfigError(option, value, 'true or false');
}

export function checkString(option: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  throw new TracingConfigError(option, value, 'a non-empty string');
}

export function checkEnum<T extends string>(option: string, value: unknown, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw new TracingConfigError(option, value, allowed.map((a) => `'${a}'`).join(', '), didYouMean(value, allowed));
}

/** An absolute http(s) URL (grpc endpoints use http/https schemes too). `allowed` rewords the error. */
/** An absolute http:// or https:// URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export function checkUrl(option: string, value: unknown, allowed = 'an absolute http:// or https:// URL'): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
  }
  throw new TracingConfigError(option, value, allowed);
}

export function checkStringRecord(option: string, value: unknown): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([, v]) => typeof v === 'string')) return Object.fromEntries(entries) as Record<string, string>;
  }
  throw new TracingConfigError(option, value, 'an object of string values');
}

export function checkStringList(option: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...value];
  throw new TracingConfigError(option, value, 'an array of strings');
}

/**
 * Throws a TracingConfigError naming the first key of `value` that is not in `allowed`
 * (`retry.maxAttemps`), with a hint or a "did you mean". `scope` is '' for the top level.
 */
export function checkKnownKeys(scope: string, value: unknown, allowed: readonly string[], hints: Readonly<Record<string, string>> = {}): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    const option = scope ? `${scope}.${key}` : key;
    const hint = (Object.hasOwn(hints, key) ? hints[key] : undefined) ?? didYouMean(key, allowed) ?? prefixMatch(key, allowed);
    throw new TracingConfigError(option, (value as Record<string, unknown>)[key], `a known ${scope ? `${scope} ` : ''}option (${allowed.join(', ')})`, hint);
  }
}

// 'sampling' -> 'samplingRate', 'resourceAttrs' -> 'resourceAttributes': one name starts the other.
function prefixMatch(key: string, allowed: readonly string[]): string | undefined {
  if (key.length < 4) return undefined;
  const lower = key.toLowerCase();
  const found = allowed.find((a) => a.toLowerCase().startsWith(lower) || lower.startsWith(a.toLowerCase()));
  return found === undefined ? undefined : `Did you mean '${found}'?`;
}

/** "did you mean 'jaeger'?" for a near miss (edit distance at most 2, at most half the candidate's length). */
export function didYouMean(value: unknown, allowed: readonly string[]): string | undefined {
  if (typeof value !== 'string') return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    // Short names allow fewer edits: two edits turn almost any short word into 'b3' ('w3c' -> 'b3').
    const limit = Math.min(2, Math.floor(candidate.length / 2));
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best === undefined ? undefined : `Did you mean '${best}'?`;
}

function editDistance(a: string, b: string): number {
  // Damerau (adjacent transposition) distance: 'jeager' is one swap away from 'jaeger'.
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
