import { defaultResource, detectResources, hostDetector, processDetector, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ResolvedConfig } from '../config/resolved-config';

/**
 * The SDK's defaults (telemetry.sdk.*), then what the host and process detectors find, then the
 * configured attributes, which win. OTEL_RESOURCE_ATTRIBUTES is already in the config: the env
 * detector is not used, so src/config stays the only reader of the environment.
 */
export function buildResource(config: ResolvedConfig): Resource {
  const detected = detectResources({ detectors: [hostDetector, processDetector] });
  return defaultResource().merge(detected).merge(resourceFromAttributes({ ...config.resourceAttributes }));
}
