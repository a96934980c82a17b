import type { TracerProvider } from '@opentelemetry/api';
import type { ResolvedConfig } from '../config/resolved-config';

/**
 * The running setup, in one place at the bottom of the layers: written only by the lifecycle
 * (`initializeTracing` / `shutdownTracing`), read by everything that follows a setup per call —
 * the provider registered with the API, the tracer facades, the helpers, the standalone
 * middleware, `getInstrumentation()`. Each of them remembers the {@link currentGeneration} it
 * last saw and looks again only when it moved: one integer comparison per call.
 */
interface Setup {
  /** The resolved config in force (enabled or disabled); undefined before a start and after a stop. */
  readonly config: ResolvedConfig | undefined;
  /** The setup's provider; undefined when tracing is off or disabled. */
  readonly provider: TracerProvider | undefined;
  /** Moves on every start and every stop. */
  readonly generation: number;
  /**
   * True when nothing in the setup reads a span's attributes while it starts (the sampler and
   * the span processors' `onStart`): start attributes can then be set right after the start, as
   * the same attributes, validated once instead of twice (src/sdk/following-provider.ts).
   */
  readonly startAttributesUnread: boolean;
}

let setup: Setup = { config: undefined, provider: undefined, generation: 0, startAttributesUnread: false };

/** Called by the lifecycle when a setup starts (config, and its provider unless disabled) and when it stops (nothing). */
export function setCurrentSetup(config: ResolvedConfig | undefined, provider: TracerProvider | undefined, startAttributesUnread = false): void {
  setup = { config, provider, generation: setup.generation + 1, startAttributesUnread: provider !== undefined && startAttributesUnread };
}

export function startAttributesUnread(): boolean {
  return setup.startAttributesUnread;
}

export function currentConfig(): ResolvedConfig | undefined {
  return setup.config;
}

export function currentProvider(): TracerProvider | undefined {
  return setup.provider;
}

export function currentGeneration(): number {
  return setup.generation;
}

/** True while tracing was initialized with `enabled: false` (or its env equivalents). */
export function isExplicitlyDisabled(): boolean {
  return setup.config !== undefined && !setup.config.enabled;
}
