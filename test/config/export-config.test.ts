import type { SpanExporter } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { resolve, runRow, expectWarnings, type Row } from './helpers';

const exporterInstance: SpanExporter = { export: (_s, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };

describe('exporters', () => {
  it.each<Row>([
    { name: 'default otlp', expect: { exporters: ['otlp'] } },
    ...['otlp', 'jaeger', 'zipkin', 'console', 'memory', 'file'].map((name): Row => ({ name: `OTEL_TRACES_EXPORTER=${name}`, env: { OTEL_TRACES_EXPORTER: name }, expect: { exporters: [name] } })),
    { name: 'comma list, trimmed, lower-cased, in order', env: { OTEL_TRACES_EXPORTER: ' Zipkin , CONSOLE,otlp ' }, expect: { exporters: ['zipkin', 'console', 'otlp'] } },
    { name: 'comma list deduped', env: { OTEL_TRACES_EXPORTER: 'otlp,console,otlp' }, expect: { exporters: ['otlp', 'console'] } },
    { name: 'none', env: { OTEL_TRACES_EXPORTER: 'none' }, expect: { exporters: [] } },
    { name: 'none with others wins', env: { OTEL_TRACES_EXPORTER: 'otlp,none' }, expect: { exporters: [] } },
    { name: 'only blanks in the list: default', env: { OTEL_TRACES_EXPORTER: ' , ,' }, expect: { exporters: ['otlp'] } },
    {
      name: 'unknown names are dropped with one warning',
      env: { OTEL_TRACES_EXPORTER: 'console,jeager,prometheus' },
      expect: { exporters: ['console'] },
      warnings: [/^OTEL_TRACES_EXPORTER names unknown exporters jeager, prometheus; known: otlp, jaeger, zipkin, console, memory, file, none\.$/],
    },
    { name: 'only unknown names: warning and default', env: { OTEL_TRACES_EXPORTER: 'jeager' }, expect: { exporters: ['otlp'] }, warnings: [/unknown exporters jeager/] },
    { name: 'option beats env', options: { exporterType: 'zipkin' }, env: { OTEL_TRACES_EXPORTER: 'console' }, expect: { exporters: ['zipkin'] } },
    { name: 'option skips junk env (no warning)', options: { exporterType: 'console' }, env: { OTEL_TRACES_EXPORTER: 'jeager' }, expect: { exporters: ['console'] } },
    { name: 'option list, deduped', options: { exporterType: ['console', 'otlp', 'console'] }, expect: { exporters: ['console', 'otlp'] } },
    { name: 'option none', options: { exporterType: 'none' }, env: { OTEL_TRACES_EXPORTER: 'otlp' }, expect: { exporters: [] } },
    { name: 'option empty list', options: { exporterType: [] }, expect: { exporters: [] } },
    { name: 'option list drops none', options: { exporterType: ['none', 'console'] }, expect: { exporters: ['console'] } },
    { name: 'option instance', options: { exporterType: exporterInstance }, expect: { exporters: [exporterInstance] } },
    { name: 'option instance and names', options: { exporterType: ['memory', exporterInstance, exporterInstance] }, expect: { exporters: ['memory', exporterInstance] } },
  ])('$name', (row) => {
    runRow(row);
  });

  it('accepts registered exporter names from the context, in code and env', () => {
    const names = ['otlp', 'none', 'honeycomb'];
    expect(resolve({ exporterType: 'honeycomb' }, { OTEL_SERVICE_NAME: 's' }, { exporterNames: names }).config.exporters).toEqual(['honeycomb']);
    const fromEnv = resolve({}, { OTEL_SERVICE_NAME: 's', OTEL_TRACES_EXPORTER: 'honeycomb,console' }, { exporterNames: names });
    expect(fromEnv.config.exporters).toEqual(['honeycomb']);
    expectWarnings(fromEnv.warnings, [/unknown exporters console; known: otlp, none, honeycomb\./]);
  });
});

describe('OTLP', () => {
  it.each<Row>([
    // endpoint and protocol
    { name: 'grpc default endpoint', expect: { otlp: { protocol: 'grpc', endpoint: 'http://localhost:4317' } } },
    { name: 'http/protobuf default endpoint', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://localhost:4318/v1/traces' } } },
    { name: 'http/json default endpoint', options: { protocol: 'http/json' }, expect: { otlp: { protocol: 'http/json', endpoint: 'http://localhost:4318/v1/traces' } } },
    { name: 'per-signal protocol beats generic', env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, expect: { otlp: { protocol: 'http/json' } } },
    { name: 'protocol is case-insensitive in env', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'HTTP/PROTOBUF' }, expect: { otlp: { protocol: 'http/protobuf' } } },
    { name: 'protocol option beats env', options: { protocol: 'grpc' }, env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json' }, expect: { otlp: { protocol: 'grpc' } } },
    { name: 'junk protocol warns', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http' }, expect: { otlp: { protocol: 'grpc' } }, warnings: [/^OTEL_EXPORTER_OTLP_PROTOCOL="http" is not one of grpc, http\/protobuf, http\/json; using the default\.$/] },
    { name: 'junk per-signal protocol warns', env: { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'udp' }, expect: { otlp: { protocol: 'grpc' } }, warnings: [/^OTEL_EXPORTER_OTLP_TRACES_PROTOCOL="udp"/] },
    { name: 'grpc base endpoint used as is', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4317' }, expect: { otlp: { endpoint: 'https://collector:4317' } } },
    { name: 'http base endpoint gets /v1/traces', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318' }, expect: { otlp: { endpoint: 'https://collector:4318/v1/traces' } } },
    { name: 'http base endpoint with trailing slashes', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_ENDPOINT: 'https://collector:4318/otlp//' }, expect: { otlp: { endpoint: 'https://collector:4318/otlp/v1/traces' } } },
    { name: 'protocol option decides the suffix of the env base endpoint', options: { protocol: 'http/json' }, env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, expect: { otlp: { protocol: 'http/json', endpoint: 'http://collector:4318/v1/traces' } } },
    { name: 'grpc protocol option keeps the env base endpoint as is', options: { protocol: 'grpc' }, env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }, expect: { otlp: { protocol: 'grpc', endpoint: 'http://collector:4317' } } },
    { name: 'per-signal endpoint used as is (grpc)', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4317' }, expect: { otlp: { endpoint: 'http://traces:4317' } } },
    { name: 'per-signal endpoint used as is (http)', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom' }, expect: { otlp: { endpoint: 'http://traces:4318/custom' } } },
    { name: 'per-signal endpoint beats generic', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://signal/x', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base' }, expect: { otlp: { endpoint: 'http://signal/x' } } },
    { name: 'blank per-signal endpoint falls to generic', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: ' ', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://base:4317' }, expect: { otlp: { endpoint: 'http://base:4317' } } },
    { name: 'endpoint option used as is, beats env (http)', options: { endpoint: 'https://opt.example/v1/traces', protocol: 'http/protobuf' }, env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://signal' }, expect: { otlp: { endpoint: 'https://opt.example/v1/traces' } } },
    { name: 'endpoint option not suffixed for http', options: { endpoint: 'https://opt.example', protocol: 'http/json' }, expect: { otlp: { endpoint: 'https://opt.example' } } },
    { name: 'non-URL env endpoint warns and uses the default', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector 4317' }, expect: { otlp: { endpoint: 'http://localhost:4317' } }, warnings: [/^OTEL_EXPORTER_OTLP_ENDPOINT="collector 4317" is not an http\(s\) URL; using the default\.$/] },
    { name: 'non-URL per-signal endpoint warns naming it', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' }, expect: { otlp: { endpoint: 'http://localhost:4317' } }, warnings: [/^OTEL_EXPORTER_OTLP_TRACES_ENDPOINT="not a url" is not an http\(s\) URL/] },
    { name: 'ftp endpoint warns', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector' }, expect: { otlp: { endpoint: 'http://localhost:4317' } }, warnings: [/OTEL_EXPORTER_OTLP_ENDPOINT="ftp:\/\/collector"/] },
    // the port says the protocol when none is set; a contradiction warns
    { name: 'endpoint option on 4318, no protocol: http/protobuf', options: { endpoint: 'http://collector:4318/v1/traces' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://collector:4318/v1/traces' } } },
    { name: 'env base endpoint on 4318, no protocol: http/protobuf and /v1/traces', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://collector:4318/v1/traces' } } },
    { name: 'env per-signal endpoint on 4318, no protocol: http/protobuf, as is', env: { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/custom' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://collector:4318/custom' } } },
    { name: 'endpoint option on 4317, no protocol: grpc', options: { endpoint: 'https://collector:4317' }, expect: { otlp: { protocol: 'grpc', endpoint: 'https://collector:4317' } } },
    { name: 'host:port option (grpc without a scheme) accepted', options: { endpoint: 'collector:4317' }, expect: { otlp: { protocol: 'grpc', endpoint: 'collector:4317' } } },
    { name: 'host:port option with insecure', options: { endpoint: 'collector:5317', insecure: true }, expect: { otlp: { protocol: 'grpc', endpoint: 'collector:5317', insecure: true } } },
    { name: 'host:port option with protocol grpc', options: { endpoint: '[::1]:4317', protocol: 'grpc' }, expect: { otlp: { protocol: 'grpc', endpoint: '[::1]:4317' } } },
    { name: 'host:port env endpoint accepted for grpc', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' }, expect: { otlp: { protocol: 'grpc', endpoint: 'collector:4317' } } },
    { name: 'host:port env endpoint on 4318 warns (HTTP needs a scheme)', env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://localhost:4318/v1/traces' } }, warnings: [/^OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" has no scheme, which only grpc allows/] },
    { name: 'protocol grpc with port 4318 warns, kept', options: { protocol: 'grpc', endpoint: 'http://collector:4318' }, expect: { otlp: { protocol: 'grpc', endpoint: 'http://collector:4318' } }, warnings: [/^OTLP protocol 'grpc' with endpoint port 4318, the OTLP HTTP port/] },
    { name: 'env protocol http/protobuf with env port 4317 warns, kept', env: { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }, expect: { otlp: { protocol: 'http/protobuf', endpoint: 'http://collector:4317/v1/traces' } }, warnings: [/^OTLP protocol 'http\/protobuf' with OTEL_EXPORTER_OTLP_ENDPOINT port 4317, the OTLP gRPC port/] },
    { name: 'http/json on 4318: no warning', options: { protocol: 'http/json', endpoint: 'http://collector:4318/v1/traces' }, expect: { otlp: { protocol: 'http/json' } } },
    // headers
    { name: 'headers k=v', env: { OTEL_EXPORTER_OTLP_HEADERS: 'api-key=abc,x-team=core' }, expect: { otlp: { headers: { 'api-key': 'abc', 'x-team': 'core' } } } },
    { name: 'headers percent-decoded', env: { OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer%20tok%3D%3D' }, expect: { otlp: { headers: { Authorization: 'Bearer tok==' } } } },
    { name: 'headers JSON', env: { OTEL_EXPORTER_OTLP_HEADERS: '{"Authorization":"Bearer t","x-a":"1"}' }, expect: { otlp: { headers: { Authorization: 'Bearer t', 'x-a': '1' } } } },
    { name: 'per-signal headers merge over generic, key by key', env: { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=signal', OTEL_EXPORTER_OTLP_HEADERS: 'a=base,b=base' }, expect: { otlp: { headers: { a: 'signal', b: 'base' } } } },
    { name: 'per-signal headers alone', env: { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=signal' }, expect: { otlp: { headers: { a: 'signal' } } } },
    { name: 'headers option beats env', options: { headers: { x: 'opt' } }, env: { OTEL_EXPORTER_OTLP_HEADERS: 'y=env' }, expect: { otlp: { headers: { x: 'opt' } } } },
    { name: 'broken JSON headers warn', env: { OTEL_EXPORTER_OTLP_HEADERS: '{"a":' }, expect: { otlp: { headers: {} } }, warnings: [/^OTEL_EXPORTER_OTLP_HEADERS looks like JSON but is not a JSON object of strings; ignoring it\.$/] },
    { name: 'bad header pairs warn', env: { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=1,oops' }, expect: { otlp: { headers: { a: '1' } } }, warnings: [/^OTEL_EXPORTER_OTLP_TRACES_HEADERS has entries that are not key=value: "oops"/] },
    // timeout
    { name: 'OTEL_EXPORTER_OTLP_TIMEOUT', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2500' }, expect: { otlp: { timeoutMillis: 2500 }, processor: { exportTimeoutMillis: 2500 }, zipkin: { timeoutMillis: 2500 } } },
    { name: 'per-signal timeout beats generic', env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1000', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }, expect: { otlp: { timeoutMillis: 1000 } } },
    { name: 'OTEL_BSP_EXPORT_TIMEOUT', env: { OTEL_BSP_EXPORT_TIMEOUT: '3000' }, expect: { otlp: { timeoutMillis: 3000 }, processor: { exportTimeoutMillis: 3000 } } },
    { name: 'OTLP timeout beats OTEL_BSP_EXPORT_TIMEOUT', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '2000', OTEL_BSP_EXPORT_TIMEOUT: '3000' }, expect: { otlp: { timeoutMillis: 2000 } } },
    { name: 'exportTimeout option beats env', options: { exportTimeout: 700 }, env: { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '1000' }, expect: { otlp: { timeoutMillis: 700 }, processor: { exportTimeoutMillis: 700 } } },
    { name: 'junk timeout warns', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }, expect: { otlp: { timeoutMillis: 10_000 } }, warnings: [/^OTEL_EXPORTER_OTLP_TIMEOUT="10s" is not an integer >= 1; using the default\.$/] },
    { name: 'zero timeout warns', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '0' }, expect: { otlp: { timeoutMillis: 10_000 } }, warnings: [/^OTEL_EXPORTER_OTLP_TIMEOUT="0"/] },
    // compression
    { name: 'compression default none', expect: { otlp: { compression: 'none' } } },
    { name: 'OTEL_EXPORTER_OTLP_COMPRESSION=gzip', env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, expect: { otlp: { compression: 'gzip' } } },
    { name: 'per-signal compression beats generic', env: { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none', OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip' }, expect: { otlp: { compression: 'none' } } },
    { name: 'compression option beats env', options: { compression: 'gzip' }, env: { OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'none' }, expect: { otlp: { compression: 'gzip' } } },
    { name: 'junk compression warns', env: { OTEL_EXPORTER_OTLP_COMPRESSION: 'brotli' }, expect: { otlp: { compression: 'none' } }, warnings: [/^OTEL_EXPORTER_OTLP_COMPRESSION="brotli" is not one of gzip, none/] },
    // TLS
    {
      name: 'TLS files from generic env',
      env: { OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem', OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem', OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/cert.pem' },
      expect: { otlp: { certificateFile: '/ca.pem', clientKeyFile: '/key.pem', clientCertificateFile: '/cert.pem' } },
    },
    {
      name: 'TLS per-signal beats generic',
      env: {
        OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/t-ca.pem', OTEL_EXPORTER_OTLP_CERTIFICATE: '/ca.pem',
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY: '/t-key.pem', OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem',
        OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE: '/t-cert.pem', OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/cert.pem',
      },
      expect: { otlp: { certificateFile: '/t-ca.pem', clientKeyFile: '/t-key.pem', clientCertificateFile: '/t-cert.pem' } },
    },
    {
      name: 'TLS options beat env',
      options: { certificateFile: '/o-ca.pem', clientKeyFile: '/o-key.pem', clientCertificateFile: '/o-cert.pem' },
      env: { OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE: '/t-ca.pem', OTEL_EXPORTER_OTLP_CLIENT_KEY: '/key.pem', OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: '/cert.pem' },
      expect: { otlp: { certificateFile: '/o-ca.pem', clientKeyFile: '/o-key.pem', clientCertificateFile: '/o-cert.pem' } },
    },
    { name: 'insecure unset by default', expect: { otlp: { insecure: undefined } } },
    { name: 'OTEL_EXPORTER_OTLP_INSECURE=true', env: { OTEL_EXPORTER_OTLP_INSECURE: 'true' }, expect: { otlp: { insecure: true } } },
    { name: 'per-signal insecure beats generic', env: { OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'false', OTEL_EXPORTER_OTLP_INSECURE: 'true' }, expect: { otlp: { insecure: false } } },
    { name: 'insecure option beats env', options: { insecure: true }, env: { OTEL_EXPORTER_OTLP_TRACES_INSECURE: 'false' }, expect: { otlp: { insecure: true } } },
    { name: 'junk insecure warns', env: { OTEL_EXPORTER_OTLP_INSECURE: '1' }, expect: { otlp: { insecure: undefined } }, warnings: [/^OTEL_EXPORTER_OTLP_INSECURE="1" is not "true" or "false"/] },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('Jaeger', () => {
  it.each<Row>([
    { name: 'defaults: otlp transport', expect: { jaeger: { transport: 'otlp', endpoint: 'http://localhost:14268/api/traces', agentHost: 'localhost', agentPort: 6832 } } },
    { name: 'OTEL_EXPORTER_JAEGER_ENDPOINT implies http', env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://jaeger:14268/api/traces' }, expect: { jaeger: { transport: 'http', endpoint: 'http://jaeger:14268/api/traces' } } },
    { name: 'jaegerEndpoint option implies http and beats env', options: { jaegerEndpoint: 'https://opt:14268/api/traces' }, env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://env/api/traces' }, expect: { jaeger: { transport: 'http', endpoint: 'https://opt:14268/api/traces' } } },
    { name: 'junk jaeger endpoint warns, keeps otlp', env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'jaeger:14268' }, expect: { jaeger: { transport: 'otlp', endpoint: 'http://localhost:14268/api/traces' } }, warnings: [/^OTEL_EXPORTER_JAEGER_ENDPOINT="jaeger:14268" is not an http\(s\) URL; using the default\.$/] },
    { name: 'OTEL_EXPORTER_JAEGER_AGENT_HOST implies udp', env: { OTEL_EXPORTER_JAEGER_AGENT_HOST: 'agent' }, expect: { jaeger: { transport: 'udp', agentHost: 'agent', agentPort: 6832 } } },
    { name: 'OTEL_EXPORTER_JAEGER_AGENT_PORT implies udp', env: { OTEL_EXPORTER_JAEGER_AGENT_PORT: '6831' }, expect: { jaeger: { transport: 'udp', agentHost: 'localhost', agentPort: 6831 } } },
    { name: 'JAEGER_HOST / JAEGER_PORT aliases', env: { JAEGER_HOST: 'legacy', JAEGER_PORT: '7000' }, expect: { jaeger: { transport: 'udp', agentHost: 'legacy', agentPort: 7000 } } },
    { name: 'OTEL agent vars beat the aliases', env: { OTEL_EXPORTER_JAEGER_AGENT_HOST: 'otel', JAEGER_HOST: 'legacy', OTEL_EXPORTER_JAEGER_AGENT_PORT: '6000', JAEGER_PORT: '7000' }, expect: { jaeger: { agentHost: 'otel', agentPort: 6000 } } },
    { name: 'agent options beat env', options: { jaegerAgentHost: 'opt', jaegerAgentPort: 5000 }, env: { OTEL_EXPORTER_JAEGER_AGENT_HOST: 'otel', JAEGER_PORT: '7000' }, expect: { jaeger: { transport: 'udp', agentHost: 'opt', agentPort: 5000 } } },
    { name: 'junk agent port warns', env: { OTEL_EXPORTER_JAEGER_AGENT_PORT: '70000' }, expect: { jaeger: { transport: 'otlp', agentPort: 6832 } }, warnings: [/^OTEL_EXPORTER_JAEGER_AGENT_PORT="70000" is not an integer from 1 to 65535; using the default\.$/] },
    { name: 'junk JAEGER_PORT warns naming it', env: { JAEGER_PORT: 'abc' }, expect: { jaeger: { agentPort: 6832 } }, warnings: [/^JAEGER_PORT="abc"/] },
    { name: 'endpoint and agent both set: http', env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://j/api/traces', JAEGER_HOST: 'agent' }, expect: { jaeger: { transport: 'http' } } },
    { name: 'explicit agent host beats the transport implied by an env endpoint', options: { jaegerAgentHost: 'opt' }, env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://j/api/traces' }, expect: { jaeger: { transport: 'udp', agentHost: 'opt' } } },
    ...(['otlp', 'http', 'udp'] as const).map((t): Row => ({ name: `TRACEWRIGHT_JAEGER_TRANSPORT=${t}`, env: { TRACEWRIGHT_JAEGER_TRANSPORT: t }, expect: { jaeger: { transport: t } } })),
    { name: 'TRACEWRIGHT_JAEGER_TRANSPORT beats the implied one', env: { TRACEWRIGHT_JAEGER_TRANSPORT: 'OTLP', OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://j/api/traces' }, expect: { jaeger: { transport: 'otlp', endpoint: 'http://j/api/traces' } } },
    { name: 'jaegerTransport option beats env', options: { jaegerTransport: 'udp' }, env: { TRACEWRIGHT_JAEGER_TRANSPORT: 'http' }, expect: { jaeger: { transport: 'udp' } } },
    { name: 'junk transport warns, implied used', env: { TRACEWRIGHT_JAEGER_TRANSPORT: 'grpc', JAEGER_HOST: 'agent' }, expect: { jaeger: { transport: 'udp' } }, warnings: [/^TRACEWRIGHT_JAEGER_TRANSPORT="grpc" is not one of otlp, http, udp; using the default\.$/] },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('Zipkin, file and console', () => {
  it.each<Row>([
    { name: 'zipkin defaults', expect: { zipkin: { endpoint: 'http://localhost:9411/api/v2/spans', timeoutMillis: 10_000 } } },
    { name: 'OTEL_EXPORTER_ZIPKIN_ENDPOINT', env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans' }, expect: { zipkin: { endpoint: 'http://zipkin:9411/api/v2/spans' } } },
    { name: 'zipkinEndpoint option beats env', options: { zipkinEndpoint: 'https://opt/api/v2/spans' }, env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'http://zipkin:9411/api/v2/spans' }, expect: { zipkin: { endpoint: 'https://opt/api/v2/spans' } } },
    { name: 'junk zipkin endpoint warns', env: { OTEL_EXPORTER_ZIPKIN_ENDPOINT: 'zipkin' }, expect: { zipkin: { endpoint: 'http://localhost:9411/api/v2/spans' } }, warnings: [/^OTEL_EXPORTER_ZIPKIN_ENDPOINT="zipkin" is not an http\(s\) URL/] },
    { name: 'OTEL_EXPORTER_ZIPKIN_TIMEOUT', env: { OTEL_EXPORTER_ZIPKIN_TIMEOUT: '1500', OTEL_EXPORTER_OTLP_TIMEOUT: '2000' }, expect: { zipkin: { timeoutMillis: 1500 }, otlp: { timeoutMillis: 2000 } } },
    { name: 'zipkin timeout follows the export timeout', env: { OTEL_BSP_EXPORT_TIMEOUT: '4000' }, expect: { zipkin: { timeoutMillis: 4000 } } },
    { name: 'exportTimeout option beats OTEL_EXPORTER_ZIPKIN_TIMEOUT', options: { exportTimeout: 900 }, env: { OTEL_EXPORTER_ZIPKIN_TIMEOUT: '1500' }, expect: { zipkin: { timeoutMillis: 900 } } },
    { name: 'junk zipkin timeout warns', env: { OTEL_EXPORTER_ZIPKIN_TIMEOUT: '-5' }, expect: { zipkin: { timeoutMillis: 10_000 } }, warnings: [/^OTEL_EXPORTER_ZIPKIN_TIMEOUT="-5" is not an integer >= 1/] },
    { name: 'TRACEWRIGHT_FILE_PATH', env: { TRACEWRIGHT_FILE_PATH: '/var/log/spans.jsonl' }, expect: { file: { path: '/var/log/spans.jsonl' } } },
    { name: 'filePath option beats env', options: { filePath: 'opt.jsonl' }, env: { TRACEWRIGHT_FILE_PATH: 'env.jsonl' }, expect: { file: { path: 'opt.jsonl' } } },
    { name: 'TRACEWRIGHT_FILE_MAX_BYTES', env: { TRACEWRIGHT_FILE_MAX_BYTES: '2048' }, expect: { file: { maxFileBytes: 2048 } } },
    { name: 'TRACEWRIGHT_FILE_MAX_BYTES below 1024 warns', env: { TRACEWRIGHT_FILE_MAX_BYTES: '100' }, expect: { file: { maxFileBytes: 10 * 1024 * 1024 } }, warnings: [/^TRACEWRIGHT_FILE_MAX_BYTES="100" is not an integer >= 1024/] },
    { name: 'fileMaxBytes option beats env', options: { fileMaxBytes: 4096 }, env: { TRACEWRIGHT_FILE_MAX_BYTES: '2048' }, expect: { file: { maxFileBytes: 4096 } } },
    { name: 'TRACEWRIGHT_FILE_MAX_FILES=0 allowed', env: { TRACEWRIGHT_FILE_MAX_FILES: '0' }, expect: { file: { maxFiles: 0 } } },
    { name: 'TRACEWRIGHT_FILE_MAX_FILES junk warns', env: { TRACEWRIGHT_FILE_MAX_FILES: 'many' }, expect: { file: { maxFiles: 3 } }, warnings: [/^TRACEWRIGHT_FILE_MAX_FILES="many" is not an integer >= 0/] },
    { name: 'fileMaxFiles option beats env', options: { fileMaxFiles: 9 }, env: { TRACEWRIGHT_FILE_MAX_FILES: '1' }, expect: { file: { maxFiles: 9 } } },
    { name: 'TRACEWRIGHT_CONSOLE_FORMAT=json', env: { TRACEWRIGHT_CONSOLE_FORMAT: 'JSON' }, expect: { console: { format: 'json' } } },
    { name: 'consoleFormat option beats env', options: { consoleFormat: 'tree' }, env: { TRACEWRIGHT_CONSOLE_FORMAT: 'json' }, expect: { console: { format: 'tree' } } },
    { name: 'junk console format warns', env: { TRACEWRIGHT_CONSOLE_FORMAT: 'yaml' }, expect: { console: { format: 'tree' } }, warnings: [/^TRACEWRIGHT_CONSOLE_FORMAT="yaml" is not one of tree, json/] },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('batch processor and retry', () => {
  it.each<Row>([
    { name: 'TRACEWRIGHT_ENABLE_BATCH=false', env: { TRACEWRIGHT_ENABLE_BATCH: 'false' }, expect: { processor: { batch: false } } },
    { name: 'TRACEWRIGHT_ENABLE_BATCH=0 warns', env: { TRACEWRIGHT_ENABLE_BATCH: '0' }, expect: { processor: { batch: true } }, warnings: [/^TRACEWRIGHT_ENABLE_BATCH="0" is not "true" or "false"/] },
    { name: 'enableBatch option beats env', options: { enableBatch: true }, env: { TRACEWRIGHT_ENABLE_BATCH: 'false' }, expect: { processor: { batch: true } } },
    { name: 'OTEL_BSP_SCHEDULE_DELAY', env: { OTEL_BSP_SCHEDULE_DELAY: '250' }, expect: { processor: { scheduledDelayMillis: 250 } } },
    { name: 'OTEL_BSP_SCHEDULE_DELAY=0 allowed', env: { OTEL_BSP_SCHEDULE_DELAY: '0' }, expect: { processor: { scheduledDelayMillis: 0 } } },
    { name: 'junk schedule delay warns', env: { OTEL_BSP_SCHEDULE_DELAY: '5s' }, expect: { processor: { scheduledDelayMillis: 5000 } }, warnings: [/^OTEL_BSP_SCHEDULE_DELAY="5s" is not an integer >= 0/] },
    { name: 'batchTimeout option beats env', options: { batchTimeout: 100 }, env: { OTEL_BSP_SCHEDULE_DELAY: '250' }, expect: { processor: { scheduledDelayMillis: 100 } } },
    { name: 'OTEL_BSP_MAX_QUEUE_SIZE and batch size', env: { OTEL_BSP_MAX_QUEUE_SIZE: '4096', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1024' }, expect: { processor: { maxQueueSize: 4096, maxBatchSize: 1024 } } },
    { name: 'batch equal to queue is fine', env: { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } } },
    { name: 'env batch above env queue clamps with a warning', env: { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=200 is above the queue size 100; using 100\.$/] },
    { name: 'env batch above default queue clamps with a warning', env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '5000' }, expect: { processor: { maxQueueSize: 2048, maxBatchSize: 2048 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=5000 is above the queue size 2048/] },
    { name: 'env batch above explicit queue clamps with a warning', options: { maxQueueSize: 100 }, env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=200 is above the queue size 100/] },
    { name: 'default batch above a small env queue clamps quietly', env: { OTEL_BSP_MAX_QUEUE_SIZE: '64' }, expect: { processor: { maxQueueSize: 64, maxBatchSize: 64 } } },
    { name: 'default batch above a small queue option clamps quietly', options: { maxQueueSize: 10 }, expect: { processor: { maxQueueSize: 10, maxBatchSize: 10 } } },
    { name: 'junk env batch with a small queue: one warning, default clamped', env: { OTEL_BSP_MAX_QUEUE_SIZE: '64', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'x' }, expect: { processor: { maxQueueSize: 64, maxBatchSize: 64 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE="x" is not an integer >= 1/] },
    { name: 'junk queue size warns', env: { OTEL_BSP_MAX_QUEUE_SIZE: '0' }, expect: { processor: { maxQueueSize: 2048 } }, warnings: [/^OTEL_BSP_MAX_QUEUE_SIZE="0" is not an integer >= 1/] },
    { name: 'junk batch size warns', env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1.5' }, expect: { processor: { maxBatchSize: 512 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE="1.5" is not an integer >= 1/] },
    { name: 'size options beat env', options: { maxQueueSize: 50, maxBatchSize: 5 }, env: { OTEL_BSP_MAX_QUEUE_SIZE: '4096', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1024' }, expect: { processor: { maxQueueSize: 50, maxBatchSize: 5 } } },
    {
      name: 'retry from env',
      env: { TRACEWRIGHT_RETRY_MAX_ATTEMPTS: '3', TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: '200', TRACEWRIGHT_RETRY_MAX_DELAY_MS: '800', TRACEWRIGHT_RETRY_MULTIPLIER: '2.5' },
      expect: { processor: { retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 800, multiplier: 2.5 } } },
    },
    {
      name: 'retry options beat env, each on its own',
      options: { retry: { maxAttempts: 1, multiplier: 1 } },
      env: { TRACEWRIGHT_RETRY_MAX_ATTEMPTS: '3', TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: '200', TRACEWRIGHT_RETRY_MULTIPLIER: '2.5' },
      expect: { processor: { retry: { maxAttempts: 1, initialDelayMs: 200, maxDelayMs: 5000, multiplier: 1 } } },
    },
    {
      name: 'retry delay options beat env',
      options: { retry: { initialDelayMs: 50, maxDelayMs: 60 } },
      env: { TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: '200', TRACEWRIGHT_RETRY_MAX_DELAY_MS: '800' },
      expect: { processor: { retry: { initialDelayMs: 50, maxDelayMs: 60 } } },
    },
    { name: 'retry delay 0 allowed', env: { TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: '0' }, expect: { processor: { retry: { initialDelayMs: 0 } } } },
    { name: 'max delay is raised to the initial delay', options: { retry: { initialDelayMs: 8000, maxDelayMs: 1000 } }, expect: { processor: { retry: { initialDelayMs: 8000, maxDelayMs: 8000 } } } },
    {
      name: 'junk retry env warns, one line each',
      env: { TRACEWRIGHT_RETRY_MAX_ATTEMPTS: '0', TRACEWRIGHT_RETRY_INITIAL_DELAY_MS: '-1', TRACEWRIGHT_RETRY_MAX_DELAY_MS: 'x', TRACEWRIGHT_RETRY_MULTIPLIER: '0.5' },
      expect: { processor: { retry: { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 5000, multiplier: 1.5 } } },
      warnings: [
        /^TRACEWRIGHT_RETRY_MAX_ATTEMPTS="0" is not an integer >= 1/,
        /^TRACEWRIGHT_RETRY_INITIAL_DELAY_MS="-1" is not an integer >= 0/,
        /^TRACEWRIGHT_RETRY_MAX_DELAY_MS="x" is not an integer >= 0/,
        /^TRACEWRIGHT_RETRY_MULTIPLIER="0.5" is not a number >= 1/,
      ],
    },
  ])('$name', (row) => {
    runRow(row);
  });
});
