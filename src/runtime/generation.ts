/**
 * Counts tracing setups. OpenTelemetry's proxy tracer keeps its first delegate for good, so a
 * tracer taken under one setup would keep feeding a provider that has been shut down; facades
 * compare this number and take a fresh tracer when it moved.
 */
let generation = 0;

export function currentGeneration(): number {
  return generation;
}

/** Called by the lifecycle whenever a provider is registered or unregistered. */
export function nextGeneration(): void {
  generation++;
}

let disabled = false;

/** True while tracing was initialized with `enabled: false` (or its env equivalents). */
export function isExplicitlyDisabled(): boolean {
  return disabled;
}

/** Called by the lifecycle: set on a disabled start, cleared on shutdown. */
export function setExplicitlyDisabled(value: boolean): void {
  disabled = value;
}
