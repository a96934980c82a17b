/**
 * `traceDatabaseQuery`, `traceDatabaseTransaction`, `tracePrismaOperation` and the Prisma client
 * extension `tracingExtension()`: names from the design documents. Each is the matching
 * `getInstrumentation()` helper (same span runner, naming, attributes and SQL sanitizing, same
 * `enableDatabase` switch) with their argument order.
 */
import { ATTR_DB_TRANSACTION_ID } from '../semconv/attributes';
import { SpanKind, type Attributes, type Span } from '@opentelemetry/api';
import { ATTR_DB_COLLECTION_NAME, ATTR_DB_OPERATION_NAME, ATTR_DB_SYSTEM_NAME } from '@opentelemetry/semantic-conventions';
import type { DatabaseQueryInfo } from '../instrument/database';
import { resolveDbSystemName } from '../instrument/database';
import { getInstrumentation } from '../sdk/get-instrumentation';
import { NOOP_SPAN, runInSpan } from '../tracer/run-in-span';

/** Options of `traceDatabaseQuery`: the facts of `instrumentDatabaseQuery` other than the operation and text. */
export interface TraceDatabaseQueryOptions extends Partial<Omit<DatabaseQueryInfo, 'queryType' | 'query'>> {
  /** Alias of `dbType`. */
  system?: string;
}

/** `db.system.name` when none is given: the semantic conventions' value for an unnamed SQL database. */
export const DEFAULT_DB_SYSTEM = 'other_sql';

/**
 * Runs `fn` in a CLIENT span for one query: `traceDatabaseQuery('SELECT', sql, () => pool.query(sql), { dbType: 'postgresql' })`.
 * The same as `getInstrumentation().instrumentDatabaseQuery({ queryType: operation, query: sql, ...options }, fn)`;
 * `dbType` defaults to `other_sql`.
 */
export function traceDatabaseQuery<T>(operation: string, sql: string, fn: (span: Span) => T, options: TraceDatabaseQueryOptions = {}): T {
  const { system, ...rest } = options;
  return getInstrumentation().instrumentDatabaseQuery(
    { ...rest, dbType: rest.dbType ?? system ?? DEFAULT_DB_SYSTEM, queryType: operation, query: sql },
    fn,
  );
}

/** Options of `traceDatabaseTransaction`. */
export interface TraceDatabaseTransactionOptions {
  /** `db.system.name` of the transaction span, when given. */
  dbType?: string;
  /** Attributes added to the transaction span. */
  attributes?: Attributes;
}


/**
 * Runs `fn` in an INTERNAL span `transaction` (its queries become children); `id` is recorded as
 * `db.transaction.id`, not in the name, so span names stay few. A throw marks it ERROR.
 */
export function traceDatabaseTransaction<T>(id: string, fn: (span: Span) => T, options: TraceDatabaseTransactionOptions = {}): T {
  const attributes: Attributes = { ...options.attributes, [ATTR_DB_TRANSACTION_ID]: String(id) };
  if (options.dbType) attributes[ATTR_DB_SYSTEM_NAME] = resolveDbSystemName(options.dbType);
  return getInstrumentation().instrumentDatabaseTransaction('transaction', fn, attributes);
}

/**
 * Runs `fn` in a CLIENT span `{action} {model}` (`findMany User`) with `db.operation.name` and
 * `db.collection.name`. `args` (the Prisma call's arguments) are accepted for the design
 * documents' signature and never recorded: they carry user data.
 */
export function tracePrismaOperation<T>(model: string | undefined, action: string, fn: (span: Span) => T, args?: unknown): T {
  void args;
  const instrumentation = getInstrumentation();
  if (!instrumentation.options.enableDatabase) return fn(NOOP_SPAN);
  const attributes: Attributes = { [ATTR_DB_SYSTEM_NAME]: DEFAULT_DB_SYSTEM, [ATTR_DB_OPERATION_NAME]: String(action) };
  if (model) attributes[ATTR_DB_COLLECTION_NAME] = String(model);
  const name = model ? `${action} ${model}` : String(action);
  return runInSpan(instrumentation.options.tracer, name, { kind: SpanKind.CLIENT, attributes }, fn);
}

/** The arguments Prisma hands a `query.$allModels.$allOperations` hook. */
export interface PrismaQueryHookArgs {
  model?: string;
  operation: string;
  args: unknown;
  query: (args: unknown) => Promise<unknown>;
}

/** A Prisma client extension: the object `prisma.$extends(...)` takes. */
export interface PrismaTracingExtension {
  name: string;
  query: { $allModels: { $allOperations(hook: PrismaQueryHookArgs): Promise<unknown> } };
}

/**
 * A Prisma client extension that traces every model query with `tracePrismaOperation`:
 * `const prisma = new PrismaClient().$extends(tracingExtension())`.
 */
export function tracingExtension(): PrismaTracingExtension {
  return {
    name: 'tracewright',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }: PrismaQueryHookArgs): Promise<unknown> {
          return tracePrismaOperation(model, operation, () => query(args), args);
        },
      },
    },
  };
}
