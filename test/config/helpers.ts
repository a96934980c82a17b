import { expect } from 'vitest';
import type { Env } from '../../src/config/env';
import type { TracingOptions } from '../../src/config/options';
import { resolveConfig, type ResolveConfigContext } from '../../src/config/resolve-config';
import type { ResolvedConfig } from '../../src/config/resolved-config';
import { isTracingConfigError, type TracingConfigError } from '../../src/errors';

/** A service name so that rows about other options need not repeat it. */
export const BASE_ENV: Env = Object.freeze({ OTEL_SERVICE_NAME: 'svc' });

/** One row of a configuration table: environment and options in, a partial config out. */
export interface Row {
  name: string;
  env?: Env;
  options?: TracingOptions;
  expect: DeepPartial<ResolvedConfig> | Record<string, unknown>;
  /** Every warning, in order, each matched by a RegExp. Default: no warning at all. */
  warnings?: RegExp[];
}

export type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

export interface Resolved {
  config: ResolvedConfig;
  warnings: string[];
}

/** Resolves with a literal env (never process.env) and collects warnings. */
export function resolve(options: TracingOptions = {}, env: Env = BASE_ENV, context: Omit<ResolveConfigContext, 'warn'> = {}): Resolved {
  const warnings: string[] = [];
  const config = resolveConfig(options, env, { ...context, warn: (message) => warnings.push(message) });
  return { config, warnings };
}

/** Runs one table row: `env` is laid over BASE_ENV so a row may also blank the service name. */
export function runRow(row: Row): Resolved {
  const result = resolve(row.options ?? {}, { ...BASE_ENV, ...row.env });
  expect(result.config).toMatchObject(row.expect);
  expectWarnings(result.warnings, row.warnings ?? []);
  return result;
}

export function expectWarnings(actual: string[], expected: RegExp[]): void {
  expect(actual, `warnings: ${JSON.stringify(actual)}`).toHaveLength(expected.length);
  expected.forEach((pattern, i) => expect(actual[i]).toMatch(pattern));
}

export interface ConfigErrorExpectation {
  option: string;
  value?: unknown;
  /** Matched against the message, which names the option and what is allowed. */
  message: RegExp;
}

/** Calls `fn`, which must throw a TracingConfigError naming `option`. */
export function expectConfigError(fn: () => unknown, expected: ConfigErrorExpectation): TracingConfigError {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught, 'expected a TracingConfigError to be thrown').toBeDefined();
  expect(isTracingConfigError(caught)).toBe(true);
  const error = caught as TracingConfigError;
  expect(error).toBeInstanceOf(Error);
  expect(error.name).toBe('TracingConfigError');
  expect(error.code).toBe('TRACING_CONFIG_INVALID');
  expect(error.option).toBe(expected.option);
  if ('value' in expected) expect(error.value).toEqual(expected.value);
  expect(error.message).toContain(`"${expected.option}"`);
  expect(error.message).toMatch(expected.message);
  return error;
}
