import { createHash } from 'node:crypto';

/**
 * A stable pseudonym for a user id: the first 16 hex chars of its SHA-256. Lets a trace group
 * events by user without recording who the user is.
 */
export function hashIdentifier(id: string | number | bigint): string {
  return createHash('sha256').update(String(id)).digest('hex').slice(0, 16);
}
