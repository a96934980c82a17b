import { TracingConfigError } from '../errors';

/** Throws a `TracingConfigError` naming `option` unless `value` is a non-blank string. */
export function requireName(option: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TracingConfigError(option, value, 'a non-empty string');
  }
}
