/**
 * Pure environment readers. Each takes the environment as a parameter, treats a blank value as
 * unset, and reports junk through `warn` (one line naming the variable) before falling back to
 * the default. Nothing else in the library reads `process.env`.
 */
import { numberProblem, type NumberRule } from '../internal/number-rule';

export type { NumberRule } from '../internal/number-rule';
export type Env = Readonly<Record<string, string | undefined>>;
export type Warn = (message: string) => void;

export function readString(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** The first of several names (a standard one and its aliases) that is set, with its value. */
export function readFirst(env: Env, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = readString(env, name);
    if (value !== undefined) return { name, value };
  }
  return undefined;
}

/** Booleans are only `true` or `false` (any case), as the OpenTelemetry spec says. */
export function readBoolean(env: Env, names: readonly string[], warn: Warn): boolean | undefined {
  const found = readFirst(env, names);
  if (!found) return undefined;
  const lower = found.value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  warn(`${found.name}=${JSON.stringify(found.value)} is not "true" or "false"; using the default.`);
  return undefined;
}

export function readNumber(env: Env, names: readonly string[], warn: Warn, rule: NumberRule = {}): number | undefined {
  const found = readFirst(env, names);
  if (!found) return undefined;
  const value = Number(found.value);
  const problem = numberProblem(value, rule);
  if (problem) {
    warn(`${found.name}=${JSON.stringify(found.value)} is not ${problem}; using the default.`);
    return undefined;
  }
  return value;
}


/** A comma-separated list, trimmed, blanks removed, lower-cased when asked. */
export function readList(env: Env, names: readonly string[], lower = true): { name: string; items: string[] } | undefined {
  const found = readFirst(env, names);
  if (!found) return undefined;
  const items = found.value
    .split(',')
    .map((item) => (lower ? item.trim().toLowerCase() : item.trim()))
    .filter((item) => item !== '');
  return { name: found.name, items };
}

export function readEnum<T extends string>(
  env: Env,
  names: readonly string[],
  allowed: readonly T[],
  warn: Warn,
): T | undefined {
  const found = readFirst(env, names);
  if (!found) return undefined;
  const lower = found.value.toLowerCase();
  const match = allowed.find((item) => item.toLowerCase() === lower);
  if (match === undefined) {
    warn(`${found.name}=${JSON.stringify(found.value)} is not one of ${allowed.join(', ')}; using the default.`);
  }
  return match;
}

/**
 * `key=value` pairs separated by commas, values percent-decoded (the W3C Baggage octet form the
 * OTel spec uses for OTEL_RESOURCE_ATTRIBUTES and OTEL_EXPORTER_OTLP_HEADERS). A JSON object is
 * accepted too for headers, as the design documents allow. Bad pairs are skipped with one warning.
 */
export function readKeyValues(
  env: Env,
  names: readonly string[],
  warn: Warn,
  allowJson = false,
): Record<string, string> | undefined {
  const found = readFirst(env, names);
  if (!found) return undefined;
  if (allowJson && found.value.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(found.value);
      // Numbers and booleans are stringified; a nested object or null would be sent as
      // "[object Object]" / "null", so the whole value is refused instead.
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
        const entries = Object.entries(parsed);
        if (entries.every(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))) {
          return Object.fromEntries(entries.map(([key, value]) => [key, String(value)]));
        }
      }
    } catch {
      // fall through to the warning below
    }
    warn(`${found.name} looks like JSON but is not a JSON object of strings; ignoring it.`);
    return undefined;
  }
  const out: Record<string, string> = {};
  const bad: string[] = [];
  for (const part of found.value.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = eq > 0 ? safeDecode(part.slice(0, eq).trim()) : undefined;
    const value = eq > 0 ? safeDecode(part.slice(eq + 1).trim()) : undefined;
    if (!key || value === undefined) {
      bad.push(part.trim());
      continue;
    }
    out[key] = value;
  }
  if (bad.length > 0) warn(`${found.name} has entries that are not key=value: ${bad.map((b) => JSON.stringify(b)).join(', ')}; skipped.`);
  return out;
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}
