import { TracingConfigError } from '../errors';
import type { Warn } from './env';

/**
 * Header names as HTTP tokens, lower-case for gRPC metadata (which rejects upper case, spaces and
 * most punctuation); `-bin` keys carry binary values in gRPC and are not accepted as text.
 */
const NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;
/** Visible ASCII and spaces/tabs inside (RFC 9110 field-value, as gRPC metadata accepts it). */
const VALUE = /^[\x20-\x7e\t]*$/;

function problem(name: string, value: string): string | undefined {
  if (!NAME.test(name.toLowerCase())) return `header name ${JSON.stringify(name)} is not an HTTP token (letters, digits, - _ . and a few symbols, no spaces)`;
  if (name.toLowerCase().endsWith('-bin')) return `header name ${JSON.stringify(name)} ends in -bin, which gRPC reserves for binary values`;
  if (!VALUE.test(value)) return `the value of header ${JSON.stringify(name)} holds a control or non-ASCII character`;
  return undefined;
}

/** Headers given in code: a bad one is a TracingConfigError naming `headers` and the key. */
export function checkHeaders(option: string, headers: Record<string, string> | undefined): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    const why = problem(name, value);
    // The value is never shown: headers carry credentials.
    if (why) throw new TracingConfigError(`${option}.${name}`, `<${value.length} characters, hidden>`, 'HTTP header names and printable ASCII values', `${why}.`);
  }
  return headers;
}

/** Headers from the environment: a bad one is left out with a warning naming the variable. */
export function filterEnvHeaders(variable: string, headers: Record<string, string>, warn: Warn): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const why = problem(name, value);
    if (why) warn(`${variable}: ${why}; that header is left out.`);
    else kept[name] = value;
  }
  return kept;
}
