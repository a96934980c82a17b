import type { Context, TextMapGetter, TextMapPropagator, TextMapSetter } from '@opentelemetry/api';
import { AlwaysOnSampler, type ReadableSpan, type Sampler, type SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults';
import { resolveConfig } from '../../src/config/resolve-config';
import { expectConfigError, expectWarnings, resolve, runRow, type Row } from './helpers';

describe('resolveConfig defaults', () => {
  it('fills every value from the defaults when only a service name is given', () => {
    const { config, warnings } = resolve({ serviceName: 'svc' }, {});
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      enabled: true,
      serviceName: 'svc',
      serviceVersion: undefined,
      environment: undefined,
      resourceAttributes: { 'service.name': 'svc' },
      exporters: ['otlp'],
      otlp: {
        endpoint: 'http://localhost:4317',
        protocol: 'grpc',
        headers: {},
        timeoutMillis: 10_000,
        compression: 'none',
        certificateFile: undefined,
        clientKeyFile: undefined,
        clientCertificateFile: undefined,
        insecure: undefined,
      },
      jaeger: { endpoint: 'http://localhost:4317' },
      zipkin: { endpoint: 'http://localhost:9411/api/v2/spans', timeoutMillis: 10_000 },
      file: { path: './traces.jsonl', maxFileBytes: 10 * 1024 * 1024, maxFiles: 3 },
      console: { format: 'tree' },
      sampler: { name: 'parentbased_always_on' },
      propagators: ['tracecontext', 'baggage'],
      ignorePaths: [],
      processor: {
        batch: true,
        scheduledDelayMillis: 5000,
        maxBatchSize: 2048,
        maxQueueSize: 8192,
        exportTimeoutMillis: 10_000,
        maxConcurrentExports: 2,
        retry: { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 5000, multiplier: 1.5, jitter: 0.2 },
      },
      spool: undefined,
      selfMetrics: true,
      spanLimits: {
        attributeCountLimit: 128,
        attributeValueLengthLimit: Infinity,
        eventCountLimit: 128,
        linkCountLimit: 128,
        attributePerEventCountLimit: 128,
        attributePerLinkCountLimit: 128,
      },
      instrumentation: {
        enableHttp: true,
        enableDatabase: true,
        enableRedis: true,
        enableDiscord: true,
        captureBodies: false,
        sanitizeQueries: true,
        sanitizeKeys: true,
        captureRequestHeaders: [],
        captureResponseHeaders: [],
        traceResponseHeader: false,
      },
      handleSignals: true,
      logLevel: 'warn',
    });
  });

  it('the defaults used match DEFAULTS', () => {
    const { config } = resolve({ serviceName: 'svc' }, {});
    expect(config.exporters).toEqual(DEFAULTS.exporters);
    expect(config.propagators).toEqual(DEFAULTS.propagators);
    expect(config.processor.retry).toEqual(DEFAULTS.retry);
    expect(config.spanLimits).toEqual(DEFAULTS.spanLimits);
    expect(config.otlp.timeoutMillis).toBe(DEFAULTS.exportTimeout);
  });

  it('treats an omitted options argument as {}', () => {
    const config = resolveConfig(undefined, { OTEL_SERVICE_NAME: 'svc' }, { warn: () => {} });
    expect(config.serviceName).toBe('svc');
  });

  it('a blank value for every variable is the same as unset', () => {
    const names = [
      'OTEL_SDK_DISABLED', 'OTEL_ENABLED', 'TRACING_ENABLED', 'SERVICE_NAME', 'OTEL_SERVICE_VERSION', 'OTEL_RESOURCE_ATTRIBUTES',
      'DEPLOYMENT_ENVIRONMENT', 'NODE_ENV', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
      'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_COMPRESSION', 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
      'OTEL_EXPORTER_OTLP_CERTIFICATE', 'OTEL_EXPORTER_OTLP_CLIENT_KEY', 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE', 'OTEL_EXPORTER_OTLP_INSECURE',
      'OTEL_EXPORTER_JAEGER_ENDPOINT', 'OTEL_EXPORTER_JAEGER_AGENT_HOST', 'OTEL_EXPORTER_JAEGER_AGENT_PORT', 'JAEGER_HOST', 'JAEGER_PORT',
      'TRACEWRIGHT_JAEGER_TRANSPORT', 'OTEL_EXPORTER_ZIPKIN_ENDPOINT', 'OTEL_EXPORTER_ZIPKIN_TIMEOUT', 'OTEL_TRACES_SAMPLER',
      'OTEL_TRACES_SAMPLER_ARG', 'JAEGER_SAMPLER', 'JAEGER_SAMPLER_PARAM', 'OTEL_SAMPLING_RATE', 'TRACING_SAMPLE_RATE', 'OTEL_PROPAGATORS',
      'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'OTEL_BSP_MAX_QUEUE_SIZE', 'OTEL_BSP_EXPORT_TIMEOUT',
      'OTEL_ATTRIBUTE_COUNT_LIMIT', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_LOG_LEVEL', 'TRACEWRIGHT_FILE_PATH', 'TRACEWRIGHT_FILE_MAX_BYTES',
      'TRACEWRIGHT_ENABLE_BATCH', 'TRACEWRIGHT_IGNORE_PATHS', 'TRACEWRIGHT_HANDLE_SIGNALS', 'TRACEWRIGHT_RETRY_MAX_ATTEMPTS',
      'TRACEWRIGHT_CAPTURE_REQUEST_HEADERS', 'TRACEWRIGHT_CONSOLE_FORMAT',
    ];
    const blank = Object.fromEntries(names.map((name, i) => [name, i % 2 === 0 ? '' : '   ']));
    const withBlanks = resolve({ serviceName: 'svc' }, blank);
    const without = resolve({ serviceName: 'svc' }, {});
    expect(withBlanks.warnings).toEqual([]);
    expect(withBlanks.config).toEqual(without.config);
  });
});

describe('frozen result, user instances untouched', () => {
  class MyExporter implements SpanExporter {
    exported = 0;
    export(spans: ReadableSpan[], done: (r: { code: number }) => void): void {
      this.exported += spans.length;
      done({ code: 0 });
    }
    shutdown(): Promise<void> {
      return Promise.resolve();
    }
  }
  class MyPropagator implements TextMapPropagator {
    calls = 0;
    inject(_c: Context, _carrier: unknown, _s: TextMapSetter): void {
      this.calls++;
    }
    extract(context: Context, _carrier: unknown, _g: TextMapGetter): Context {
      return context;
    }
    fields(): string[] {
      return [];
    }
  }

  it('freezes the config and every nested plain object and array', () => {
    const { config } = resolve(
      { serviceName: 'svc', headers: { a: '1' }, ignorePaths: ['/health'], captureRequestHeaders: ['X-Id'], resourceAttributes: { tags: ['a', 'b'] } },
      {},
    );
    const plain = [
      config,
      config.resourceAttributes,
      config.resourceAttributes.tags,
      config.exporters,
      config.otlp,
      config.otlp.headers,
      config.jaeger,
      config.zipkin,
      config.file,
      config.console,
      config.sampler,
      config.propagators,
      config.ignorePaths,
      config.processor,
      config.processor.retry,
      config.spanLimits,
      config.instrumentation,
      config.instrumentation.captureRequestHeaders,
      config.instrumentation.captureResponseHeaders,
    ];
    for (const value of plain) expect(Object.isFrozen(value)).toBe(true);
    expect(() => {
      (config as { serviceName: string }).serviceName = 'other';
    }).toThrow(TypeError);
    expect(() => {
      (config.processor as { maxBatchSize: number }).maxBatchSize = 1;
    }).toThrow(TypeError);
  });

  it('does not freeze what the caller passed in', () => {
    const headers = { a: '1' };
    const tags = ['a', 'b'];
    const resourceAttributes = { tags };
    const ignorePaths = ['/health'];
    const retry = { maxAttempts: 2 };
    const spanLimits = { eventCountLimit: 3 };
    const propagators = ['b3' as const];
    const options = { serviceName: 'svc', headers, resourceAttributes, ignorePaths, retry, spanLimits, propagators };
    resolve(options, {});
    for (const value of [options, headers, tags, resourceAttributes, ignorePaths, retry, spanLimits, propagators]) {
      expect(Object.isFrozen(value)).toBe(false);
    }
  });

  it('passes class instances through by identity, unfrozen and still usable', () => {
    const exporter = new MyExporter();
    const sampler = new AlwaysOnSampler();
    const propagator = new MyPropagator();
    const pattern = /^\/internal\//;
    const { config } = resolve({ serviceName: 'svc', exporterType: [exporter, 'console'], sampler, propagators: [propagator, 'b3'], ignorePaths: [pattern, '/health'] }, {});
    expect(config.exporters[0]).toBe(exporter);
    expect(config.sampler).toBe(sampler);
    expect(config.propagators[0]).toBe(propagator);
    expect(config.ignorePaths[0]).toBe(pattern);
    for (const instance of [exporter, sampler, propagator, pattern]) expect(Object.isFrozen(instance)).toBe(false);
    exporter.export([], () => {});
    propagator.inject({} as Context, {}, { set: () => {} });
    expect(pattern.test('/internal/x')).toBe(true);
    expect(pattern.lastIndex).toBe(0);
  });

  it('does not freeze instances written as plain object literals either', () => {
    const exporter = {
      count: 0,
      export(_spans: ReadableSpan[], done: (r: { code: number }) => void) {
        this.count++;
        done({ code: 0 });
      },
      shutdown: () => Promise.resolve(),
    };
    const sampler: Sampler & { calls: number } = {
      calls: 0,
      shouldSample() {
        this.calls++;
        return { decision: 1 };
      },
      toString: () => 'LiteralSampler',
    };
    const propagator = { state: { n: 0 }, inject() {}, extract: (c: Context) => c, fields: () => [] };
    const { config } = resolve({ serviceName: 'svc', exporterType: exporter, sampler, propagators: [propagator] }, {});
    expect(config.exporters).toEqual([exporter]);
    expect(config.exporters[0]).toBe(exporter);
    expect(config.sampler).toBe(sampler);
    expect(config.propagators[0]).toBe(propagator);
    for (const value of [exporter, sampler, propagator, propagator.state]) expect(Object.isFrozen(value)).toBe(false);
    expect(() => exporter.export([], () => {})).not.toThrow();
    expect(exporter.count).toBe(1);
  });
});

describe('enabled', () => {
  it.each<Row>([
    { name: 'default', expect: { enabled: true } },
    { name: 'OTEL_SDK_DISABLED=true', env: { OTEL_SDK_DISABLED: 'true' }, expect: { enabled: false } },
    { name: 'OTEL_SDK_DISABLED=TRUE (any case)', env: { OTEL_SDK_DISABLED: 'TRUE' }, expect: { enabled: false } },
    { name: 'OTEL_SDK_DISABLED=false', env: { OTEL_SDK_DISABLED: 'false' }, expect: { enabled: true } },
    { name: 'OTEL_ENABLED=false', env: { OTEL_ENABLED: 'false' }, expect: { enabled: false } },
    { name: 'OTEL_ENABLED=true', env: { OTEL_ENABLED: 'true' }, expect: { enabled: true } },
    { name: 'TRACING_ENABLED=false', env: { TRACING_ENABLED: 'false' }, expect: { enabled: false } },
    { name: 'TRACING_ENABLED=False', env: { TRACING_ENABLED: 'False' }, expect: { enabled: false } },
    { name: 'OTEL_ENABLED beats TRACING_ENABLED', env: { OTEL_ENABLED: 'true', TRACING_ENABLED: 'false' }, expect: { enabled: true } },
    { name: 'OTEL_SDK_DISABLED=true beats OTEL_ENABLED=true', env: { OTEL_SDK_DISABLED: 'true', OTEL_ENABLED: 'true' }, expect: { enabled: false } },
    { name: 'OTEL_SDK_DISABLED=false does not override an alias that disables', env: { OTEL_SDK_DISABLED: 'false', TRACING_ENABLED: 'false' }, expect: { enabled: false } },
    { name: 'OTEL_SDK_DISABLED=1 warns and uses the default', env: { OTEL_SDK_DISABLED: '1' }, expect: { enabled: true }, warnings: [/^OTEL_SDK_DISABLED="1" is not "true" or "false"/] },
    { name: 'OTEL_SDK_DISABLED=yes warns', env: { OTEL_SDK_DISABLED: 'yes' }, expect: { enabled: true }, warnings: [/^OTEL_SDK_DISABLED="yes"/] },
    { name: 'OTEL_ENABLED=0 warns', env: { OTEL_ENABLED: '0' }, expect: { enabled: true }, warnings: [/^OTEL_ENABLED="0" is not "true" or "false"/] },
    { name: 'TRACING_ENABLED=no warns', env: { TRACING_ENABLED: 'no' }, expect: { enabled: true }, warnings: [/^TRACING_ENABLED="no"/] },
    { name: 'junk OTEL_SDK_DISABLED still lets an alias decide', env: { OTEL_SDK_DISABLED: '1', OTEL_ENABLED: 'false' }, expect: { enabled: false }, warnings: [/^OTEL_SDK_DISABLED="1"/] },
    { name: 'option true beats OTEL_SDK_DISABLED=true', options: { enabled: true }, env: { OTEL_SDK_DISABLED: 'true' }, expect: { enabled: true } },
    { name: 'option false beats OTEL_ENABLED=true', options: { enabled: false }, env: { OTEL_ENABLED: 'true' }, expect: { enabled: false } },
    { name: 'option skips reading junk env (no warning)', options: { enabled: true }, env: { OTEL_SDK_DISABLED: 'junk' }, expect: { enabled: true } },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('service name, version, environment and resource attributes', () => {
  it.each<Row>([
    { name: 'OTEL_SERVICE_NAME', env: { OTEL_SERVICE_NAME: 'from-otel' }, expect: { serviceName: 'from-otel', resourceAttributes: { 'service.name': 'from-otel' } } },
    { name: 'OTEL_SERVICE_NAME is trimmed', env: { OTEL_SERVICE_NAME: '  api  ' }, expect: { serviceName: 'api' } },
    { name: 'SERVICE_NAME alias', env: { OTEL_SERVICE_NAME: undefined, SERVICE_NAME: 'from-alias' }, expect: { serviceName: 'from-alias' } },
    { name: 'OTEL_SERVICE_NAME beats SERVICE_NAME', env: { OTEL_SERVICE_NAME: 'otel', SERVICE_NAME: 'alias' }, expect: { serviceName: 'otel' } },
    { name: 'blank OTEL_SERVICE_NAME falls to SERVICE_NAME', env: { OTEL_SERVICE_NAME: ' ', SERVICE_NAME: 'alias' }, expect: { serviceName: 'alias' } },
    {
      name: 'service.name from OTEL_RESOURCE_ATTRIBUTES',
      env: { OTEL_SERVICE_NAME: undefined, OTEL_RESOURCE_ATTRIBUTES: 'service.name=from-resource' },
      expect: { serviceName: 'from-resource', resourceAttributes: { 'service.name': 'from-resource' } },
    },
    {
      name: 'OTEL_SERVICE_NAME beats service.name in OTEL_RESOURCE_ATTRIBUTES',
      env: { OTEL_SERVICE_NAME: 'otel', OTEL_RESOURCE_ATTRIBUTES: 'service.name=resource' },
      expect: { serviceName: 'otel', resourceAttributes: { 'service.name': 'otel' } },
    },
    { name: 'SERVICE_NAME beats the resource attribute', env: { OTEL_SERVICE_NAME: undefined, SERVICE_NAME: 'alias', OTEL_RESOURCE_ATTRIBUTES: 'service.name=r' }, expect: { serviceName: 'alias' } },
    { name: 'option beats every env source', options: { serviceName: 'opt' }, env: { OTEL_SERVICE_NAME: 'otel', SERVICE_NAME: 'alias' }, expect: { serviceName: 'opt', resourceAttributes: { 'service.name': 'opt' } } },
    { name: 'option is trimmed', options: { serviceName: ' opt ' }, expect: { serviceName: 'opt' } },
    { name: 'OTEL_SERVICE_VERSION', env: { OTEL_SERVICE_VERSION: '1.2.3' }, expect: { serviceVersion: '1.2.3', resourceAttributes: { 'service.version': '1.2.3' } } },
    { name: 'service.version from OTEL_RESOURCE_ATTRIBUTES', env: { OTEL_RESOURCE_ATTRIBUTES: 'service.version=0.9' }, expect: { serviceVersion: '0.9' } },
    { name: 'OTEL_SERVICE_VERSION beats the resource attribute', env: { OTEL_SERVICE_VERSION: '2', OTEL_RESOURCE_ATTRIBUTES: 'service.version=1' }, expect: { serviceVersion: '2', resourceAttributes: { 'service.version': '2' } } },
    { name: 'serviceVersion option beats env', options: { serviceVersion: '3' }, env: { OTEL_SERVICE_VERSION: '2' }, expect: { serviceVersion: '3', resourceAttributes: { 'service.version': '3' } } },
    { name: 'DEPLOYMENT_ENVIRONMENT', env: { DEPLOYMENT_ENVIRONMENT: 'staging' }, expect: { environment: 'staging', resourceAttributes: { 'deployment.environment.name': 'staging' } } },
    { name: 'NODE_ENV', env: { NODE_ENV: 'production' }, expect: { environment: 'production', resourceAttributes: { 'deployment.environment.name': 'production' } } },
    { name: 'DEPLOYMENT_ENVIRONMENT beats NODE_ENV', env: { DEPLOYMENT_ENVIRONMENT: 'staging', NODE_ENV: 'production' }, expect: { environment: 'staging' } },
    { name: 'resource deployment.environment.name beats DEPLOYMENT_ENVIRONMENT', env: { OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=qa', DEPLOYMENT_ENVIRONMENT: 'staging' }, expect: { environment: 'qa' } },
    { name: 'environment option beats env', options: { environment: 'dev' }, env: { DEPLOYMENT_ENVIRONMENT: 'staging', NODE_ENV: 'production' }, expect: { environment: 'dev', resourceAttributes: { 'deployment.environment.name': 'dev' } } },
    {
      name: 'OTEL_RESOURCE_ATTRIBUTES is percent-decoded',
      env: { OTEL_RESOURCE_ATTRIBUTES: 'team=core%2Cplatform, owner=J%C3%BCrgen%20M%C3%BCller ,url=http%3A%2F%2Fx' },
      expect: { resourceAttributes: { 'service.name': 'svc', team: 'core,platform', owner: 'Jürgen Müller', url: 'http://x' } },
    },
    {
      name: 'bad OTEL_RESOURCE_ATTRIBUTES entries are skipped with a warning',
      env: { OTEL_RESOURCE_ATTRIBUTES: 'ok=1,broken,bad=%ZZ' },
      expect: { resourceAttributes: { 'service.name': 'svc', ok: '1' } },
      warnings: [/^OTEL_RESOURCE_ATTRIBUTES has entries that are not key=value: "broken", "bad=%ZZ"; skipped\.$/],
    },
    {
      name: 'resourceAttributes option merges over OTEL_RESOURCE_ATTRIBUTES',
      options: { resourceAttributes: { team: 'opt', 'k8s.pod.count': 3, flags: [true, false] } },
      env: { OTEL_RESOURCE_ATTRIBUTES: 'team=env,region=eu' },
      expect: { resourceAttributes: { 'service.name': 'svc', team: 'opt', region: 'eu', 'k8s.pod.count': 3, flags: [true, false] } },
    },
    {
      name: 'serviceName wins over service.name in resourceAttributes',
      options: { serviceName: 'named', resourceAttributes: { 'service.name': 'attr' } },
      expect: { serviceName: 'named', resourceAttributes: { 'service.name': 'named' } },
    },
    {
      name: 'service attributes in the resourceAttributes option beat the environment',
      options: { resourceAttributes: { 'service.name': 'attr-name', 'service.version': 'attr-v', 'deployment.environment.name': 'attr-env' } },
      env: { OTEL_SERVICE_NAME: 'env-name', OTEL_SERVICE_VERSION: 'env-v', NODE_ENV: 'development' },
      expect: {
        serviceName: 'attr-name',
        serviceVersion: 'attr-v',
        environment: 'attr-env',
        resourceAttributes: { 'service.name': 'attr-name', 'service.version': 'attr-v', 'deployment.environment.name': 'attr-env' },
      },
    },
    {
      name: 'service.name in the resourceAttributes option is enough (no OTEL_SERVICE_NAME)',
      options: { resourceAttributes: { 'service.name': 'attr-name' } },
      env: { OTEL_SERVICE_NAME: undefined },
      expect: { serviceName: 'attr-name' },
    },
    { name: 'disabled without any service name resolves to unknown_service', env: { OTEL_SERVICE_NAME: undefined, OTEL_SDK_DISABLED: 'true' }, expect: { enabled: false, serviceName: 'unknown_service', resourceAttributes: { 'service.name': 'unknown_service' } } },
    { name: 'enabled:false option without a service name', options: { enabled: false }, env: { OTEL_SERVICE_NAME: undefined }, expect: { enabled: false, serviceName: 'unknown_service' } },
  ])('$name', (row) => {
    runRow(row);
  });

  it('throws for a missing service name when enabled', () => {
    for (const env of [{}, { OTEL_SERVICE_NAME: '' }, { SERVICE_NAME: '  ' }, { OTEL_RESOURCE_ATTRIBUTES: 'service.name=' }, { OTEL_RESOURCE_ATTRIBUTES: 'team=x' }]) {
      const error = expectConfigError(() => resolve({}, env), { option: 'serviceName', value: undefined, message: /allowed: a non-empty string/ });
      expect(error.message).toMatch(/Pass \{ serviceName \} or set OTEL_SERVICE_NAME/);
    }
  });

  it('a junk OTEL_SDK_DISABLED does not excuse a missing service name', () => {
    expectConfigError(() => resolve({}, { OTEL_SDK_DISABLED: '1' }), { option: 'serviceName', message: /non-empty string/ });
  });
});

describe('instrumentation flags, signals, log level, ignore paths', () => {
  const flags = [
    ['enableHttp', 'TRACEWRIGHT_ENABLE_HTTP', true],
    ['enableDatabase', 'TRACEWRIGHT_ENABLE_DATABASE', true],
    ['enableRedis', 'TRACEWRIGHT_ENABLE_REDIS', true],
    ['enableDiscord', 'TRACEWRIGHT_ENABLE_DISCORD', true],
    ['captureBodies', 'TRACEWRIGHT_CAPTURE_BODIES', false],
    ['sanitizeQueries', 'TRACEWRIGHT_SANITIZE_QUERIES', true],
    ['sanitizeKeys', 'TRACEWRIGHT_SANITIZE_KEYS', true],
    ['traceResponseHeader', 'TRACEWRIGHT_TRACE_RESPONSE_HEADER', false],
  ] as const;

  const flagRows: Row[] = flags.flatMap(([option, variable, fallback]) => [
    { name: `${option}: default ${fallback}`, expect: { instrumentation: { [option]: fallback } } },
    { name: `${option}: ${variable}=${!fallback}`, env: { [variable]: String(!fallback) }, expect: { instrumentation: { [option]: !fallback } } },
    { name: `${option}: ${variable}=${String(fallback).toUpperCase()}`, env: { [variable]: String(fallback).toUpperCase() }, expect: { instrumentation: { [option]: fallback } } },
    { name: `${option}: ${variable}=1 warns`, env: { [variable]: '1' }, expect: { instrumentation: { [option]: fallback } }, warnings: [new RegExp(`^${variable}="1" is not "true" or "false"; using the default\\.$`)] },
    { name: `${option}: ${variable}=yes warns`, env: { [variable]: 'yes' }, expect: { instrumentation: { [option]: fallback } }, warnings: [new RegExp(`^${variable}="yes"`)] },
    { name: `${option}: option beats ${variable}`, options: { [option]: fallback }, env: { [variable]: String(!fallback) }, expect: { instrumentation: { [option]: fallback } } },
  ]);

  it.each<Row>([
    ...flagRows,
    { name: 'handleSignals default', expect: { handleSignals: true } },
    { name: 'TRACEWRIGHT_HANDLE_SIGNALS=false', env: { TRACEWRIGHT_HANDLE_SIGNALS: 'false' }, expect: { handleSignals: false } },
    { name: 'TRACEWRIGHT_HANDLE_SIGNALS=off warns', env: { TRACEWRIGHT_HANDLE_SIGNALS: 'off' }, expect: { handleSignals: true }, warnings: [/^TRACEWRIGHT_HANDLE_SIGNALS="off"/] },
    { name: 'handleSignals option beats env', options: { handleSignals: true }, env: { TRACEWRIGHT_HANDLE_SIGNALS: 'false' }, expect: { handleSignals: true } },
    { name: 'capture headers from env, lower-cased', env: { TRACEWRIGHT_CAPTURE_REQUEST_HEADERS: 'X-Request-Id, User-Agent,,', TRACEWRIGHT_CAPTURE_RESPONSE_HEADERS: 'Content-Type' }, expect: { instrumentation: { captureRequestHeaders: ['x-request-id', 'user-agent'], captureResponseHeaders: ['content-type'] } } },
    { name: 'capture headers option, lower-cased, beats env', options: { captureRequestHeaders: ['X-Opt'], captureResponseHeaders: [] }, env: { TRACEWRIGHT_CAPTURE_REQUEST_HEADERS: 'x-env', TRACEWRIGHT_CAPTURE_RESPONSE_HEADERS: 'x-env' }, expect: { instrumentation: { captureRequestHeaders: ['x-opt'], captureResponseHeaders: [] } } },
    { name: 'logLevel default', expect: { logLevel: 'warn' } },
    ...(['none', 'error', 'warn', 'info', 'debug', 'verbose', 'all'] as const).map((level): Row => ({ name: `OTEL_LOG_LEVEL=${level}`, env: { OTEL_LOG_LEVEL: level }, expect: { logLevel: level } })),
    { name: 'OTEL_LOG_LEVEL is case-insensitive', env: { OTEL_LOG_LEVEL: 'DEBUG' }, expect: { logLevel: 'debug' } },
    { name: 'OTEL_LOG_LEVEL junk warns', env: { OTEL_LOG_LEVEL: 'loud' }, expect: { logLevel: 'warn' }, warnings: [/^OTEL_LOG_LEVEL="loud" is not one of none, error, warn, info, debug, verbose, all; using the default\.$/] },
    { name: 'logLevel option beats env', options: { logLevel: 'error' }, env: { OTEL_LOG_LEVEL: 'debug' }, expect: { logLevel: 'error' } },
    { name: 'TRACEWRIGHT_IGNORE_PATHS keeps case, trims, drops blanks', env: { TRACEWRIGHT_IGNORE_PATHS: '/Health, /ready/* ,,' }, expect: { ignorePaths: ['/Health', '/ready/*'] } },
    { name: 'ignorePaths option beats env', options: { ignorePaths: ['/opt'] }, env: { TRACEWRIGHT_IGNORE_PATHS: '/env' }, expect: { ignorePaths: ['/opt'] } },
    { name: 'empty ignorePaths option beats env', options: { ignorePaths: [] }, env: { TRACEWRIGHT_IGNORE_PATHS: '/env' }, expect: { ignorePaths: [] } },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('span limits', () => {
  const limits = [
    ['attributeCountLimit', 'OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT', 'OTEL_ATTRIBUTE_COUNT_LIMIT'],
    ['attributeValueLengthLimit', 'OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT', 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT'],
    ['eventCountLimit', 'OTEL_SPAN_EVENT_COUNT_LIMIT', undefined],
    ['linkCountLimit', 'OTEL_SPAN_LINK_COUNT_LIMIT', undefined],
    ['attributePerEventCountLimit', 'OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT', undefined],
    ['attributePerLinkCountLimit', 'OTEL_LINK_ATTRIBUTE_COUNT_LIMIT', undefined],
  ] as const;

  const rows: Row[] = limits.flatMap(([key, variable, general]) => {
    const fallback = DEFAULTS.spanLimits[key];
    const out: Row[] = [
      { name: `${key}: default`, expect: { spanLimits: { [key]: fallback } } },
      { name: `${key}: ${variable}=64`, env: { [variable]: '64' }, expect: { spanLimits: { [key]: 64 } } },
      { name: `${key}: ${variable}=0 is allowed`, env: { [variable]: '0' }, expect: { spanLimits: { [key]: 0 } } },
      { name: `${key}: ${variable}=-1 warns`, env: { [variable]: '-1' }, expect: { spanLimits: { [key]: fallback } }, warnings: [new RegExp(`^${variable}="-1" is not an integer >= 0; using the default\\.$`)] },
      { name: `${key}: ${variable}=2.5 warns`, env: { [variable]: '2.5' }, expect: { spanLimits: { [key]: fallback } }, warnings: [new RegExp(`^${variable}="2.5"`)] },
      { name: `${key}: ${variable}=lots warns`, env: { [variable]: 'lots' }, expect: { spanLimits: { [key]: fallback } }, warnings: [new RegExp(`^${variable}="lots"`)] },
      { name: `${key}: option beats ${variable}`, options: { spanLimits: { [key]: 7 } }, env: { [variable]: '64' }, expect: { spanLimits: { [key]: 7 } } },
    ];
    if (general) {
      out.push(
        { name: `${key}: general ${general}`, env: { [general]: '32' }, expect: { spanLimits: { [key]: 32 } } },
        { name: `${key}: ${variable} beats ${general}`, env: { [variable]: '16', [general]: '32' }, expect: { spanLimits: { [key]: 16 } } },
      );
    }
    return out;
  });

  it.each<Row>([
    ...rows,
    { name: 'OTEL_ATTRIBUTE_COUNT_LIMIT does not change the per-event and per-link limits', env: { OTEL_ATTRIBUTE_COUNT_LIMIT: '5' }, expect: { spanLimits: { attributeCountLimit: 5, attributePerEventCountLimit: 128, attributePerLinkCountLimit: 128 } } },
    { name: 'one limit given, the others default', options: { spanLimits: { linkCountLimit: 1 } }, expect: { spanLimits: { ...DEFAULTS.spanLimits, linkCountLimit: 1 } } },
    { name: 'OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=Infinity means unlimited', env: { OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT: 'Infinity' }, expect: { spanLimits: { attributeValueLengthLimit: Infinity } } },
    { name: 'Infinity is accepted explicitly (it is the default value length)', options: { spanLimits: { attributeValueLengthLimit: Infinity, eventCountLimit: Infinity } }, expect: { spanLimits: { attributeValueLengthLimit: Infinity, eventCountLimit: Infinity } } },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('warnings go to diag by default', () => {
  it('does not throw when no warn collector is given', () => {
    expect(() => resolveConfig({}, { OTEL_SERVICE_NAME: 'svc', OTEL_SDK_DISABLED: 'junk' })).not.toThrow();
  });

  it('one warning per junk variable', () => {
    const { warnings } = resolve({}, { OTEL_SERVICE_NAME: 'svc', OTEL_SDK_DISABLED: 'junk', OTEL_BSP_MAX_QUEUE_SIZE: 'big', OTEL_LOG_LEVEL: 'loud' });
    expectWarnings(warnings, [/OTEL_SDK_DISABLED/, /OTEL_BSP_MAX_QUEUE_SIZE/, /OTEL_LOG_LEVEL/]);
  });
});
