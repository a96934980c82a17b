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
 * Commands whose first argument (the helper's `key`) is not a key, or may be a password or a
 * script: `AUTH pw`, `HELLO 3 AUTH user pw`, `MIGRATE … AUTH pw`, `CONFIG SET requirepass x`,
 * `ACL SETUSER u >pw`, `EVAL script`… For these the key is always `?`, whatever `sanitizeKeys` says.
 */
export const REDIS_COMMANDS_WITHOUT_KEY: ReadonlySet<string> = new Set([
  'AUTH',
  'AUTH2',
  'HELLO',
  'MIGRATE',
  'CONFIG',
  'ACL',
  'SENTINEL',
  'CLIENT',
  'CLUSTER',
  'MODULE',
  'DEBUG',
  'ECHO',
  'EVAL',
  'EVAL_RO',
  'EVALSHA',
  'EVALSHA_RO',
  'SCRIPT',
  'FUNCTION',
  'FCALL',
  'FCALL_RO',
  'FT.CONFIG',
]);

// Commands with a subcommand that names the operation: `CONFIG SET`, `ACL SETUSER`, `CLIENT SETNAME`.
const CONTAINER_COMMANDS = new Set(['CONFIG', 'ACL', 'CLIENT', 'CLUSTER', 'COMMAND', 'FUNCTION', 'MEMORY', 'MODULE', 'OBJECT', 'SCRIPT', 'SENTINEL', 'XINFO', 'XGROUP', 'PUBSUB', 'SLOWLOG', 'LATENCY']);
/** Arguments shown as `?` before the rest is summarised as `…(n args)`. */
export const MAX_ARGS_SHOWN = 64;
const COMMAND_WORD = /^[A-Za-z][A-Za-z0-9_.|-]{0,31}$/;

/**
 * The operation name of a command, upper case: its first word (and a container's subcommand, as
 * `CONFIG SET`). Nothing else from the command string is kept, so `AUTH hunter2` passed as one
 * string records `AUTH`; a first word that is not a command name records `UNKNOWN`.
 */
export function redisCommandName(command: unknown): string {
  const words = String(command ?? '').trim().slice(0, 128).split(/\s+/, 2);
  const first = words[0] ?? '';
  if (!COMMAND_WORD.test(first)) return 'UNKNOWN';
  const name = first.toUpperCase();
  const sub = words[1];
  return CONTAINER_COMMANDS.has(name) && sub !== undefined && /^[A-Za-z]{1,20}$/.test(sub) ? `${name} ${sub.toUpperCase()}` : name;
}

/** The number of words after the command name in a command string (each recorded as `?`). */
function extraWords(command: string, name: string): number {
  const words = command.trim().split(/\s+/).filter(Boolean).length;
  return Math.max(0, words - name.split(' ').length);
}

/**
 * `COMMAND key ? ?`: the command name (see {@link redisCommandName}), the key sanitized (or raw when
 * `sanitizeKeys` is false; always `?` for the commands in {@link REDIS_COMMANDS_WITHOUT_KEY}), one
 * `?` per argument and per extra word in the command string.
 */
export function formatRedisCommand(
  input: RedisCommandText,
  sanitizeKeys: boolean,
  patterns: readonly RegExp[] = DEFAULT_REDIS_KEY_PATTERNS,
): string {
  const command = String(input.command ?? '');
  const name = redisCommandName(command);
  const parts = [name];
  for (let i = extraWords(command.slice(0, 4096), name); i > 0; i--) parts.push('?');
  if (input.key !== undefined && input.key !== null) {
    const key = String(input.key);
    if (REDIS_COMMANDS_WITHOUT_KEY.has(name.split(' ')[0]!) || name === 'UNKNOWN') parts.push('?');
    else parts.push(sanitizeKeys ? sanitizeRedisKey(key, patterns) : key);
  }
  const args = Array.isArray(input.args) ? input.args.length : 0;
  for (let i = 0; i < Math.min(args, MAX_ARGS_SHOWN); i++) parts.push('?');
  if (args > MAX_ARGS_SHOWN) parts.push(`…(${args} args)`);
  return parts.join(' ');
}

/** The error prefix of a Redis error reply (`WRONGTYPE`, `ERR`, `NOSCRIPT`, `MOVED`, …). */
export function redisErrorPrefix(error: unknown): string | undefined {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : undefined;
  if (!message) return undefined;
  return /^([A-Z][A-Z_]{1,})\b/.exec(message)?.[1];
}
