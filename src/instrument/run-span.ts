/**
 * Kept only for src/middleware/*, which imports `safely` and `recordError` from here: the runner
 * itself lives in src/tracer/run-in-span.ts. Delete this file once the middleware imports from there.
 */
export { recordError, safely } from '../tracer/run-in-span';
