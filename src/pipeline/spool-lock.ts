import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Spool directories one exporter may use side by side (processes of one service on one host). */
export const SPOOL_SLOTS = 8;
const LOCK_FILE = 'lock';
/** Locks this process holds: a lock with our own pid that is not here was left by an earlier process
 * that had the same pid (containers restart as pid 1), so it is stale. */
const held = new Set<string>();

/**
 * Takes the first free slot directory of `base` (`base`, `base.1`, … `base.7`): a slot is free
 * when it has no lock file, or the pid in it is no longer running (a crashed or killed process:
 * its segments are taken over and replayed). The lock is created with `wx`, so two processes
 * never hold one slot. Returns the slot's directory and a release function; throws the
 * filesystem's error (read-only, permission) or when every slot is held by a live process.
 */
export function acquireSpoolSlot(base: string): { dir: string; release: () => void } {
  for (let slot = 0; slot < SPOOL_SLOTS; slot++) {
    const dir = slot === 0 ? base : `${base}.${slot}`;
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, LOCK_FILE);
    if (tryLock(lock) || (takeOverStale(lock) && tryLock(lock))) {
      held.add(lock);
      let released = false;
      return {
        dir,
        release: () => {
          if (released) return;
          released = true;
          held.delete(lock);
          try {
            if (readPid(lock) === process.pid) unlinkSync(lock);
          } catch {
            // already gone: nothing to release
          }
        },
      };
    }
  }
  throw new Error(`every spool slot of ${base} (${SPOOL_SLOTS}) is locked by a running process`);
}

function tryLock(lock: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Removes a lock whose owner is gone (or unreadable junk); false while its owner runs. */
function takeOverStale(lock: string): boolean {
  const pid = readPid(lock);
  if (pid === process.pid ? held.has(lock) : pid !== undefined && isRunning(pid)) return false;
  try {
    unlinkSync(lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return true;
}

function readPid(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(lock, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** `kill(pid, 0)` checks existence without a signal; EPERM means it runs as another user. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
