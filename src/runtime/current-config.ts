import type { ResolvedConfig } from '../config/resolved-config';

/**
 * The configuration of the running setup (enabled or disabled), written by the lifecycle and read
 * by the layers that follow it per call (the standalone middleware, `getInstrumentation()`), so
 * that none of them imports the lifecycle above it.
 */
let current: ResolvedConfig | undefined;

export function currentConfig(): ResolvedConfig | undefined {
  return current;
}

/** Called by the lifecycle when a setup starts and when it stops. */
export function setCurrentConfig(config: ResolvedConfig | undefined): void {
  current = config;
}
