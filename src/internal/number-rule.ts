import { TracingConfigError } from '../errors';

/** What a numeric option accepts; the config and the components that validate their own options share it. */
export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** Accept `Infinity` (meaning "no limit"). */
  allowInfinity?: boolean;
}

/** What is wrong with `value` under `rule` ("an integer from 1 to 10"), or undefined when it fits. */
export function numberProblem(value: number, rule: NumberRule): string | undefined {
  const kind = rule.integer ? 'an integer' : 'a number';
  const range =
    rule.min !== undefined && rule.max !== undefined
      ? ` from ${rule.min} to ${rule.max}`
      : rule.min !== undefined
        ? ` >= ${rule.min}`
        : rule.max !== undefined
          ? ` <= ${rule.max}`
          : '';
  if (value === Infinity && rule.allowInfinity) return undefined;
  if (!Number.isFinite(value)) return `${kind}${range}`;
  if (rule.integer && !Number.isInteger(value)) return `${kind}${range}`;
  if (rule.min !== undefined && value < rule.min) return `${kind}${range}`;
  if (rule.max !== undefined && value > rule.max) return `${kind}${range}`;
  return undefined;
}

/**
 * An explicit numeric option checked against its rule: undefined when not given, the number when it
 * fits, otherwise a TracingConfigError naming the option, the value and what the rule allows.
 */
export function checkNumber(option: string, value: unknown, rule: NumberRule): number | undefined {
  if (value === undefined) return undefined;
  const problem = numberProblem(typeof value === 'number' ? value : Number.NaN, rule);
  if (problem) throw new TracingConfigError(option, value, problem);
  return value as number;
}
