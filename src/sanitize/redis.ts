/**
 * Redis command text for `db.query.text`: `SET user:? ?`. Argument values are never recorded
 * (always `?`); key segments that look like identifiers become `?` unless key sanitizing is off.
 */

/**
 * Key segments (split on `:`, `/`, `|`, `#`, `{`, `}`) that are replaced with `?` by default:
 * numbers, UUIDs, hex ids of 8+ chars, e-mail addresses, and long opaque tokens (20+ chars).
 */
export const DEFAULT_REDIS_KEY_PATTERNS: readonly RegExp[] = [
  /^\d+$/,
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  /^(?=.*\d)[0-9a-f]{8,}$/i,
  /^[^@\s]+@[^@\s]+$/,
  /^(?=.*\d)[A-Za-z0-9_\-+=.]{20,}$/,
];

const SEPARATORS = /([:/|#{}])/;

/** Replaces each key segment that matches one of the patterns with `?`. */
export function sanitizeRedisKey(key: string, patterns: readonly RegExp[] = DEFAULT_REDIS_KEY_PATTERNS): string {
  return key
    .split(SEPARATORS)
    .map((part) => {
      if (part === '' || SEPARATORS.test(part)) return part;
      for (const pattern of patterns) {
        pattern.lastIndex = 0;
        if (pattern.test(part)) return '?';
      }
      return part;
    })
    .join('');
}

export interface RedisCommandText {
  command: string;
  key?: string;
  args?: readonly unknown[];
}

/**
 * `COMMAND key ? ?`: the key sanitized (or raw when `sanitizeKeys` is false), one `?` per argument.
 */
export function formatRedisCommand(
  input: RedisCommandText,
  sanitizeKeys: boolean,
  patterns: readonly RegExp[] = DEFAULT_REDIS_KEY_PATTERNS,
): string {
  const parts = [input.command.toUpperCase()];
  if (input.key !== undefined && input.key !== null) {
    const key = String(input.key);
    parts.push(sanitizeKeys ? sanitizeRedisKey(key, patterns) : key);
  }
  for (let i = 0; i < (input.args?.length ?? 0); i++) parts.push('?');
  return parts.join(' ');
}

/** The error prefix of a Redis error reply (`WRONGTYPE`, `ERR`, `NOSCRIPT`, `MOVED`, …). */
export function redisErrorPrefix(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (!message) return undefined;
  return /^([A-Z][A-Z_]{1,})\b/.exec(message)?.[1];
}
