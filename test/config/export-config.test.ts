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
    { name: 'junk timeout warns', env: { OTEL_EXPORTER_OTLP_TIMEOUT: '10s' }, expect: { otlp: { timeoutMillis: 10_000 } }, warnings: [/^OTEL_EXPORTER_OTLP_TIMEOUT="10s" is not an integer from 1 to 2147483647; using the default\.$/] },
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

/** The `jaeger` exporter chosen, so the notes about Jaeger settings it does not use are given. */
const J = { OTEL_TRACES_EXPORTER: 'jaeger' } as const;
const HTTP = { OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' } as const;
const LEGACY_PORTS: Array<[number, RegExp]> = [
  [5775, /zipkin-thrift UDP port/],
  [6831, /compact-thrift UDP port/],
  [6832, /binary-thrift UDP port/],
  [5778, /sampling\/config HTTP port/],
  [14250, /model\.proto gRPC port/],
  [14267, /TChannel port/],
  [14268, /thrift HTTP port/],
];

describe('Jaeger: where the jaeger exporter sends OTLP', () => {
  it.each<Row>([
    { name: 'default: the OTLP default (grpc)', expect: { jaeger: { endpoint: 'http://localhost:4317' } } },
    { name: 'default with http/protobuf', env: HTTP, expect: { jaeger: { endpoint: 'http://localhost:4318/v1/traces' } } },
    // JAEGER_HOST / JAEGER_PORT (the design documents' names) and their OTEL_ spellings
    { name: 'JAEGER_HOST: OTLP gRPC to HOST:4317, no note', env: { ...J, JAEGER_HOST: 'jaeger' }, expect: { jaeger: { endpoint: 'http://jaeger:4317' } } },
    { name: 'JAEGER_HOST with http/protobuf: HOST:4318/v1/traces', env: { ...J, ...HTTP, JAEGER_HOST: 'jaeger' }, expect: { jaeger: { endpoint: 'http://jaeger:4318/v1/traces' } } },
    {
      name: 'JAEGER_HOST + JAEGER_PORT=6831 (the agent port): 4317, one note naming both',
      env: { ...J, JAEGER_HOST: 'jaeger', JAEGER_PORT: '6831' },
      expect: { jaeger: { endpoint: 'http://jaeger:4317' } },
      warnings: [/^JAEGER_HOST=jaeger, JAEGER_PORT=6831: port 6831 is the Jaeger agent's compact-thrift UDP port, which tracewright no longer uses; the jaeger exporter sends OTLP \(grpc\) to http:\/\/jaeger:4317, Jaeger's OTLP receiver \(4317 gRPC, 4318 HTTP\)\.$/],
    },
    { name: 'the same without the jaeger exporter: no note', env: { JAEGER_HOST: 'jaeger', JAEGER_PORT: '6831' }, expect: { jaeger: { endpoint: 'http://jaeger:4317' } } },
    {
      name: 'the note also when exporterType names jaeger in code',
      options: { exporterType: ['console', 'jaeger'] },
      env: { JAEGER_PORT: '6831' },
      expect: { jaeger: { endpoint: 'http://localhost:4317' } },
      warnings: [/^JAEGER_PORT=6831: port 6831 is the Jaeger agent's compact-thrift UDP port/],
    },
    {
      name: 'JAEGER_PORT=6832 with http/protobuf: 4318',
      env: { ...J, ...HTTP, JAEGER_HOST: 'jaeger', JAEGER_PORT: '6832' },
      expect: { jaeger: { endpoint: 'http://jaeger:4318/v1/traces' } },
      warnings: [/port 6832 is the Jaeger agent's binary-thrift UDP port.*sends OTLP \(http\/protobuf\) to http:\/\/jaeger:4318\/v1\/traces/],
    },
    ...LEGACY_PORTS.map(([port, what]): Row => ({
      name: `JAEGER_PORT=${port} is not used`,
      env: { ...J, JAEGER_HOST: 'j', JAEGER_PORT: String(port) },
      expect: { jaeger: { endpoint: 'http://j:4317' } },
      warnings: [new RegExp(`^JAEGER_HOST=j, JAEGER_PORT=${port}: port ${port} is .*${what.source}`)],
    })),
    { name: 'any other port is the OTLP receiver port (e.g. remapped 14317)', env: { ...J, JAEGER_HOST: 'jaeger', JAEGER_PORT: '14317' }, expect: { jaeger: { endpoint: 'http://jaeger:14317' } } },
    { name: 'JAEGER_PORT alone: localhost', env: { ...J, JAEGER_PORT: '4317' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } } },
    { name: 'OTEL_EXPORTER_JAEGER_AGENT_HOST/PORT', env: { ...J, OTEL_EXPORTER_JAEGER_AGENT_HOST: 'agent', OTEL_EXPORTER_JAEGER_AGENT_PORT: '24317' }, expect: { jaeger: { endpoint: 'http://agent:24317' } } },
    {
      name: 'OTEL agent variables beat the aliases',
      env: { ...J, OTEL_EXPORTER_JAEGER_AGENT_HOST: 'otel', JAEGER_HOST: 'legacy', OTEL_EXPORTER_JAEGER_AGENT_PORT: '4317', JAEGER_PORT: '6831' },
      expect: { jaeger: { endpoint: 'http://otel:4317' } },
    },
    { name: 'an IPv6 host is bracketed', env: { ...J, JAEGER_HOST: '::1' }, expect: { jaeger: { endpoint: 'http://[::1]:4317' } } },
    { name: 'an IPv6 host in brackets', env: { ...J, JAEGER_HOST: '[fd00::7]' }, expect: { jaeger: { endpoint: 'http://[fd00::7]:4317' } } },
    { name: 'JAEGER_HOST with a port (even all hex-looking) warns', env: { JAEGER_HOST: 'cafe:6831' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } }, warnings: [/^JAEGER_HOST="cafe:6831" is not a host name or IP address; using the default\.$/] },
    // OTEL_EXPORTER_JAEGER_ENDPOINT: the thrift collector URL
    {
      name: 'OTEL_EXPORTER_JAEGER_ENDPOINT (thrift collector): its host, port 4317, one note',
      env: { ...J, OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://jaeger-collector:14268/api/traces' },
      expect: { jaeger: { endpoint: 'http://jaeger-collector:4317' } },
      warnings: [/^OTEL_EXPORTER_JAEGER_ENDPOINT=http:\/\/jaeger-collector:14268\/api\/traces: port 14268 is the Jaeger collector's thrift HTTP port, which tracewright no longer uses; the jaeger exporter sends OTLP \(grpc\) to http:\/\/jaeger-collector:4317/],
    },
    {
      name: 'OTEL_EXPORTER_JAEGER_ENDPOINT with http/protobuf',
      env: { ...J, ...HTTP, OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://jaeger-collector:14268/api/traces' },
      expect: { jaeger: { endpoint: 'http://jaeger-collector:4318/v1/traces' } },
      warnings: [/port 14268 .* sends OTLP \(http\/protobuf\) to http:\/\/jaeger-collector:4318\/v1\/traces/],
    },
    {
      name: 'https and no port: scheme kept, 4317, a note about the thrift path',
      env: { ...J, OTEL_EXPORTER_JAEGER_ENDPOINT: 'https://jaeger.example.com/api/traces' },
      expect: { jaeger: { endpoint: 'https://jaeger.example.com:4317' } },
      warnings: [/^OTEL_EXPORTER_JAEGER_ENDPOINT=https:\/\/jaeger\.example\.com\/api\/traces: the path \/api\/traces \(Jaeger's thrift API\) is not used; the jaeger exporter sends OTLP \(grpc\) to https:\/\/jaeger\.example\.com:4317/],
    },
    { name: 'an OTLP-looking Jaeger endpoint is used as is, no note', env: { ...J, OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://jaeger:4317' }, expect: { jaeger: { endpoint: 'http://jaeger:4317' } } },
    { name: 'OTEL_EXPORTER_JAEGER_ENDPOINT beats JAEGER_HOST', env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://collector:4317', JAEGER_HOST: 'agent' }, expect: { jaeger: { endpoint: 'http://collector:4317' } } },
    // options
    { name: 'jaegerEndpoint option beats env', options: { jaegerEndpoint: 'https://opt:4317' }, env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://env:4317', JAEGER_HOST: 'agent' }, expect: { jaeger: { endpoint: 'https://opt:4317' } } },
    { name: 'jaegerAgentHost/Port options beat env', options: { jaegerAgentHost: 'opt', jaegerAgentPort: 5317 }, env: { JAEGER_HOST: 'env', JAEGER_PORT: '6831' }, expect: { jaeger: { endpoint: 'http://opt:5317' } } },
    { name: 'jaegerAgentHost option beats OTEL_EXPORTER_JAEGER_ENDPOINT', options: { jaegerAgentHost: 'opt' }, env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://env:4317' }, expect: { jaeger: { endpoint: 'http://opt:4317' } } },
    { name: 'jaegerAgentPort option with JAEGER_HOST from env', options: { jaegerAgentPort: 4317 }, env: { JAEGER_HOST: 'env' }, expect: { jaeger: { endpoint: 'http://env:4317' } } },
    {
      name: 'jaegerAgentPort 6831 in code: noted too',
      options: { exporterType: 'jaeger', jaegerAgentHost: 'opt', jaegerAgentPort: 6831 },
      expect: { jaeger: { endpoint: 'http://opt:4317' } },
      warnings: [/^jaegerAgentHost=opt, jaegerAgentPort=6831: port 6831 is the Jaeger agent's compact-thrift UDP port/],
    },
    // explicit OTLP endpoints
    {
      name: 'OTEL_EXPORTER_OTLP_ENDPOINT beats JAEGER_HOST (note)',
      env: { ...J, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317', JAEGER_HOST: 'jaeger', JAEGER_PORT: '6831' },
      expect: { jaeger: { endpoint: 'http://collector:4317' }, otlp: { endpoint: 'http://collector:4317' } },
      warnings: [/^JAEGER_HOST=jaeger, JAEGER_PORT=6831 is not used: OTEL_EXPORTER_OTLP_\(TRACES_\)ENDPOINT sets the OTLP endpoint, http:\/\/collector:4317, which the jaeger exporter uses\.$/],
    },
    {
      name: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT beats OTEL_EXPORTER_JAEGER_ENDPOINT',
      env: { ...J, ...HTTP, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://otlp.example.com/v1/traces', OTEL_EXPORTER_JAEGER_ENDPOINT: 'http://j:14268/api/traces' },
      expect: { jaeger: { endpoint: 'https://otlp.example.com/v1/traces' } },
      warnings: [/^OTEL_EXPORTER_JAEGER_ENDPOINT=http:\/\/j:14268\/api\/traces is not used: OTEL_EXPORTER_OTLP_\(TRACES_\)ENDPOINT/],
    },
    {
      name: 'the endpoint option beats every Jaeger setting (note)',
      options: { exporterType: 'jaeger', endpoint: 'http://opt:4317', jaegerAgentHost: 'jaeger' },
      expect: { jaeger: { endpoint: 'http://opt:4317' } },
      warnings: [/^jaegerAgentHost=jaeger is not used: the endpoint option sets the OTLP endpoint, http:\/\/opt:4317/],
    },
    { name: 'a Jaeger option beats an OTLP endpoint from env', options: { jaegerAgentHost: 'opt' }, env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4317' }, expect: { jaeger: { endpoint: 'http://opt:4317' }, otlp: { endpoint: 'http://env:4317' } } },
    {
      name: 'a junk OTLP endpoint in env does not hide JAEGER_HOST',
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://collector:4317', JAEGER_HOST: 'jaeger' },
      expect: { jaeger: { endpoint: 'http://jaeger:4317' } },
      warnings: [/^OTEL_EXPORTER_OTLP_ENDPOINT="ftp:\/\/collector:4317" is not/],
    },
    // junk from the environment warns (whatever the exporter) and is ignored
    { name: 'junk Jaeger endpoint warns', env: { OTEL_EXPORTER_JAEGER_ENDPOINT: 'jaeger:14268' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } }, warnings: [/^OTEL_EXPORTER_JAEGER_ENDPOINT="jaeger:14268" is not an http\(s\) URL; using the default\.$/] },
    { name: 'JAEGER_HOST with a scheme warns', env: { JAEGER_HOST: 'http://jaeger:6831' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } }, warnings: [/^JAEGER_HOST="http:\/\/jaeger:6831" is not a host name or IP address; using the default\.$/] },
    { name: 'junk agent port warns', env: { OTEL_EXPORTER_JAEGER_AGENT_PORT: '70000' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } }, warnings: [/^OTEL_EXPORTER_JAEGER_AGENT_PORT="70000" is not an integer from 1 to 65535; using the default\.$/] },
    { name: 'junk JAEGER_PORT warns naming it', env: { JAEGER_HOST: 'jaeger', JAEGER_PORT: 'abc' }, expect: { jaeger: { endpoint: 'http://jaeger:4317' } }, warnings: [/^JAEGER_PORT="abc"/] },
    // TRACEWRIGHT_JAEGER_TRANSPORT
    ...['otlp', 'OTLP', ' otlp '].map((t): Row => ({ name: `TRACEWRIGHT_JAEGER_TRANSPORT=${JSON.stringify(t)}: fine`, env: { TRACEWRIGHT_JAEGER_TRANSPORT: t }, expect: { jaeger: { endpoint: 'http://localhost:4317' } } })),
    ...['http', 'udp', 'UDP'].map((t): Row => ({
      name: `TRACEWRIGHT_JAEGER_TRANSPORT=${t}: warns how to switch, sends OTLP`,
      env: { TRACEWRIGHT_JAEGER_TRANSPORT: t, JAEGER_HOST: 'jaeger' },
      expect: { jaeger: { endpoint: 'http://jaeger:4317' } },
      warnings: [new RegExp(`^TRACEWRIGHT_JAEGER_TRANSPORT="${t}": the thrift transports were removed; using otlp\\. The jaeger exporter sends OTLP: .*4317.*4318.*--collector\\.otlp\\.enabled=true.*JAEGER_HOST=<collector host>.*OTEL_EXPORTER_OTLP_ENDPOINT=http://<collector host>:4317`)],
    })),
    { name: 'junk transport warns', env: { TRACEWRIGHT_JAEGER_TRANSPORT: 'grpc' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } }, warnings: [/^TRACEWRIGHT_JAEGER_TRANSPORT="grpc" is not "otlp"; using otlp\.$/] },
    { name: "jaegerTransport 'otlp' skips the env (no warning)", options: { jaegerTransport: 'otlp' }, env: { TRACEWRIGHT_JAEGER_TRANSPORT: 'udp' }, expect: { jaeger: { endpoint: 'http://localhost:4317' } } },
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
    { name: 'junk zipkin timeout warns', env: { OTEL_EXPORTER_ZIPKIN_TIMEOUT: '-5' }, expect: { zipkin: { timeoutMillis: 10_000 } }, warnings: [/^OTEL_EXPORTER_ZIPKIN_TIMEOUT="-5" is not an integer from 1 to 2147483647/] },
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
    { name: 'junk schedule delay warns', env: { OTEL_BSP_SCHEDULE_DELAY: '5s' }, expect: { processor: { scheduledDelayMillis: 5000 } }, warnings: [/^OTEL_BSP_SCHEDULE_DELAY="5s" is not an integer from 0 to 2147483647/] },
    { name: 'batchTimeout option beats env', options: { batchTimeout: 100 }, env: { OTEL_BSP_SCHEDULE_DELAY: '250' }, expect: { processor: { scheduledDelayMillis: 100 } } },
    { name: 'OTEL_BSP_MAX_QUEUE_SIZE and batch size', env: { OTEL_BSP_MAX_QUEUE_SIZE: '4096', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1024' }, expect: { processor: { maxQueueSize: 4096, maxBatchSize: 1024 } } },
    { name: 'batch equal to queue is fine', env: { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '100' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } } },
    { name: 'env batch above env queue clamps with a warning', env: { OTEL_BSP_MAX_QUEUE_SIZE: '100', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=200 is above the queue size 100; using 100\.$/] },
    { name: 'env batch above default queue clamps with a warning', env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '10000' }, expect: { processor: { maxQueueSize: 8192, maxBatchSize: 8192 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=10000 is above the queue size 8192/] },
    { name: 'env batch above explicit queue clamps with a warning', options: { maxQueueSize: 100 }, env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '200' }, expect: { processor: { maxQueueSize: 100, maxBatchSize: 100 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE=200 is above the queue size 100/] },
    { name: 'default batch above a small env queue clamps quietly', env: { OTEL_BSP_MAX_QUEUE_SIZE: '64' }, expect: { processor: { maxQueueSize: 64, maxBatchSize: 64 } } },
    { name: 'default batch above a small queue option clamps quietly', options: { maxQueueSize: 10 }, expect: { processor: { maxQueueSize: 10, maxBatchSize: 10 } } },
    { name: 'junk env batch with a small queue: one warning, default clamped', env: { OTEL_BSP_MAX_QUEUE_SIZE: '64', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: 'x' }, expect: { processor: { maxQueueSize: 64, maxBatchSize: 64 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE="x" is not an integer from 1 to 1000000/] },
    { name: 'junk queue size warns', env: { OTEL_BSP_MAX_QUEUE_SIZE: '0' }, expect: { processor: { maxQueueSize: 8192 } }, warnings: [/^OTEL_BSP_MAX_QUEUE_SIZE="0" is not an integer from 1 to 1000000/] },
    { name: 'junk batch size warns', env: { OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '1.5' }, expect: { processor: { maxBatchSize: 2048 } }, warnings: [/^OTEL_BSP_MAX_EXPORT_BATCH_SIZE="1.5" is not an integer from 1 to 1000000/] },
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
        /^TRACEWRIGHT_RETRY_MAX_ATTEMPTS="0" is not an integer from 1 to 1000000/,
        /^TRACEWRIGHT_RETRY_INITIAL_DELAY_MS="-1" is not an integer from 0 to 2147483647/,
        /^TRACEWRIGHT_RETRY_MAX_DELAY_MS="x" is not an integer from 0 to 2147483647/,
        /^TRACEWRIGHT_RETRY_MULTIPLIER="0.5" is not a number >= 1/,
      ],
    },
  ])('$name', (row) => {
    runRow(row);
  });
});
