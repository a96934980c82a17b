import type { TextMapPropagator } from '@opentelemetry/api';
import { TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace';
import { describe, it } from 'vitest';
import { SAMPLER_NAMES } from '../../src/config/resolve-sampling';
import { runRow, type Row } from './helpers';

const ratioSampler = new TraceIdRatioBasedSampler(0.5);
const propagator: TextMapPropagator = { inject() {}, extract: (c) => c, fields: () => ['x-custom'] };

describe('sampler from options', () => {
  it.each<Row>([
    { name: 'default parentbased_always_on', expect: { sampler: { name: 'parentbased_always_on' } } },
    ...SAMPLER_NAMES.map((name): Row => ({ name: `sampler '${name}'`, options: { sampler: name }, expect: { sampler: { name } } })),
    { name: 'samplingRate -> parentbased_traceidratio', options: { samplingRate: 0.25 }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.25 } } },
    { name: 'samplingRate 0 and 1 allowed', options: { samplingRate: 0 }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0 } } },
    { name: 'samplingRate is the arg of an explicit ratio sampler', options: { sampler: 'traceidratio', samplingRate: 0.1 }, expect: { sampler: { name: 'traceidratio', arg: 0.1 } } },
    { name: 'samplerArg beats samplingRate', options: { sampler: 'parentbased_traceidratio', samplerArg: 0.3, samplingRate: 0.1 }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.3 } } },
    { name: 'ratelimiting with traces per second', options: { sampler: 'ratelimiting', samplerArg: 50 }, expect: { sampler: { name: 'ratelimiting', arg: 50 } } },
    { name: 'jaeger_remote with its string arg, read once into settings', options: { sampler: 'parentbased_jaeger_remote', samplerArg: 'endpoint=http://agent:5778/sampling' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://agent:5778/sampling' } } } },
    { name: 'sampler instance passes through', options: { sampler: ratioSampler }, expect: { sampler: ratioSampler } },
    { name: 'sampler option beats every env source', options: { sampler: 'always_off' }, env: { OTEL_TRACES_SAMPLER: 'always_on', JAEGER_SAMPLER: 'const', OTEL_SAMPLING_RATE: '0.5' }, expect: { sampler: { name: 'always_off' } } },
    { name: 'samplingRate option beats OTEL_TRACES_SAMPLER', options: { samplingRate: 0.5 }, env: { OTEL_TRACES_SAMPLER: 'always_off' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.5 } } },
    { name: 'samplingRate option beats OTEL_SAMPLING_RATE', options: { samplingRate: 0.5 }, env: { OTEL_SAMPLING_RATE: '0.1' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.5 } } },
    { name: 'samplerArg applies to the ratio sampler chosen by env', options: { samplerArg: 0.2 }, env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.9' }, expect: { sampler: { name: 'traceidratio', arg: 0.2 } } },
    { name: 'samplerArg applies to the rate sampler chosen by env', options: { samplerArg: 10 }, env: { OTEL_TRACES_SAMPLER: 'ratelimiting' }, expect: { sampler: { name: 'ratelimiting', arg: 10 } } },
    { name: 'samplerArg applies to JAEGER_SAMPLER=probabilistic', options: { samplerArg: 0.05 }, env: { JAEGER_SAMPLER: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.5' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.05 } } },
    { name: 'samplerArg skips a junk OTEL_TRACES_SAMPLER_ARG (no warning)', options: { samplerArg: 0.2 }, env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'junk' }, expect: { sampler: { name: 'traceidratio', arg: 0.2 } } },
    { name: 'samplerArg is ignored by a sampler without an argument', options: { samplerArg: 0.2 }, env: { OTEL_TRACES_SAMPLER: 'always_off' }, expect: { sampler: { name: 'always_off' } } },
    { name: 'samplerArg alone is ignored by the default sampler', options: { samplerArg: 0.2 }, expect: { sampler: { name: 'parentbased_always_on' } } },
    { name: 'explicit sampler skips junk sampler env (no warning)', options: { sampler: 'always_on' }, env: { OTEL_TRACES_SAMPLER: 'junk' }, expect: { sampler: { name: 'always_on' } } },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG', () => {
  it.each<Row>([
    ...SAMPLER_NAMES.map((name): Row => ({ name: `OTEL_TRACES_SAMPLER=${name}`, env: { OTEL_TRACES_SAMPLER: name }, expect: { sampler: { name } } })),
    { name: 'name is case-insensitive', env: { OTEL_TRACES_SAMPLER: 'ParentBased_TraceIdRatio', OTEL_TRACES_SAMPLER_ARG: '0.2' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.2 } } },
    { name: 'traceidratio with arg', env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.75' }, expect: { sampler: { name: 'traceidratio', arg: 0.75 } } },
    { name: 'ratio arg 0 and 1 allowed', env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' }, expect: { sampler: { name: 'traceidratio', arg: 1 } } },
    { name: 'ratio arg above 1 falls back with a warning', env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '1.5' }, expect: { sampler: { name: 'traceidratio' } }, warnings: [/^OTEL_TRACES_SAMPLER_ARG="1.5" is not a ratio from 0 to 1; using the default\.$/] },
    { name: 'negative ratio arg falls back', env: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '-0.1' }, expect: { sampler: { name: 'parentbased_traceidratio' } }, warnings: [/^OTEL_TRACES_SAMPLER_ARG="-0.1"/] },
    { name: 'junk ratio arg falls back', env: { OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: 'half' }, expect: { sampler: { name: 'traceidratio' } }, warnings: [/^OTEL_TRACES_SAMPLER_ARG="half" is not a ratio/] },
    { name: 'ratelimiting arg', env: { OTEL_TRACES_SAMPLER: 'parentbased_ratelimiting', OTEL_TRACES_SAMPLER_ARG: '100' }, expect: { sampler: { name: 'parentbased_ratelimiting', arg: 100 } } },
    { name: 'ratelimiting arg 0 falls back', env: { OTEL_TRACES_SAMPLER: 'ratelimiting', OTEL_TRACES_SAMPLER_ARG: '0' }, expect: { sampler: { name: 'ratelimiting' } }, warnings: [/^OTEL_TRACES_SAMPLER_ARG="0" is not traces per second, a number above 0/] },
    { name: 'ratelimiting arg Infinity falls back', env: { OTEL_TRACES_SAMPLER: 'ratelimiting', OTEL_TRACES_SAMPLER_ARG: 'Infinity' }, expect: { sampler: { name: 'ratelimiting' } }, warnings: [/^OTEL_TRACES_SAMPLER_ARG="Infinity"/] },
    { name: 'jaeger_remote arg read into settings', env: { OTEL_TRACES_SAMPLER: 'jaeger_remote', OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://agent:5778,pollingIntervalMs=5000,initialSamplingRate=0.25' }, expect: { sampler: { name: 'jaeger_remote', arg: { endpoint: 'http://agent:5778', pollingIntervalMs: 5000, initialSamplingRate: 0.25 } } } },
    { name: 'parentbased_jaeger_remote arg kept', env: { OTEL_TRACES_SAMPLER: 'parentbased_jaeger_remote', OTEL_TRACES_SAMPLER_ARG: 'endpoint=http://a:5778' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://a:5778' } } } },
    { name: 'arg ignored for always_on', env: { OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_SAMPLER_ARG: '0.5' }, expect: { sampler: { name: 'always_on' } } },
    { name: 'arg without a sampler is ignored', env: { OTEL_TRACES_SAMPLER_ARG: '0.5' }, expect: { sampler: { name: 'parentbased_always_on' } } },
    { name: 'unknown sampler name warns', env: { OTEL_TRACES_SAMPLER: 'sometimes' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^OTEL_TRACES_SAMPLER="sometimes" is not one of always_on, always_off, traceidratio, .*parentbased_ratelimiting; using the default\.$/] },
    { name: 'OTEL_TRACES_SAMPLER beats JAEGER_SAMPLER and OTEL_SAMPLING_RATE', env: { OTEL_TRACES_SAMPLER: 'always_off', JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '1', OTEL_SAMPLING_RATE: '0.5' }, expect: { sampler: { name: 'always_off' } } },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('JAEGER_SAMPLER, OTEL_SAMPLING_RATE and TRACING_SAMPLE_RATE', () => {
  it.each<Row>([
    { name: 'const 1', env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '1' }, expect: { sampler: { name: 'parentbased_always_on' } } },
    { name: 'const 0', env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '0' }, expect: { sampler: { name: 'parentbased_always_off' } } },
    { name: 'const without param', env: { JAEGER_SAMPLER: 'const' }, expect: { sampler: { name: 'parentbased_always_on' } } },
    { name: 'const with 0.5 warns', env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '0.5' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER_PARAM="0.5" does not fit JAEGER_SAMPLER=const; using the default\.$/] },
    { name: 'const with junk warns', env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: 'on' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER_PARAM="on" does not fit JAEGER_SAMPLER=const/] },
    { name: 'probabilistic', env: { JAEGER_SAMPLER: 'probabilistic', JAEGER_SAMPLER_PARAM: '0.1' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.1 } } },
    { name: 'Probabilistic, any case', env: { JAEGER_SAMPLER: 'Probabilistic', JAEGER_SAMPLER_PARAM: '0' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0 } } },
    { name: 'probabilistic above 1 warns', env: { JAEGER_SAMPLER: 'probabilistic', JAEGER_SAMPLER_PARAM: '2' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER_PARAM="2" does not fit JAEGER_SAMPLER=probabilistic/] },
    { name: 'probabilistic without param warns', env: { JAEGER_SAMPLER: 'probabilistic' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER_PARAM is not set, and JAEGER_SAMPLER=probabilistic needs it; using the default\.$/] },
    { name: 'rateLimiting', env: { JAEGER_SAMPLER: 'rateLimiting', JAEGER_SAMPLER_PARAM: '2.5' }, expect: { sampler: { name: 'parentbased_ratelimiting', arg: 2.5 } } },
    { name: 'ratelimiting 0 warns', env: { JAEGER_SAMPLER: 'ratelimiting', JAEGER_SAMPLER_PARAM: '0' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER_PARAM="0" does not fit JAEGER_SAMPLER=ratelimiting/] },
    { name: 'remote with the default manager', env: { JAEGER_SAMPLER: 'remote' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://localhost:5778/sampling' } } } },
    { name: 'remote with an initial rate', env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_PARAM: '0.25' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://localhost:5778/sampling', initialSamplingRate: 0.25 } } } },
    { name: 'remote with JAEGER_SAMPLER_MANAGER_HOST_PORT', env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_MANAGER_HOST_PORT: 'jaeger-agent:5778' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://jaeger-agent:5778/sampling' } } } },
    { name: 'remote manager given with a scheme', env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_MANAGER_HOST_PORT: 'http://agent:5778' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://agent:5778/sampling' } } } },
    { name: 'remote with a param out of range ignores it', env: { JAEGER_SAMPLER: 'remote', JAEGER_SAMPLER_PARAM: '5' }, expect: { sampler: { name: 'parentbased_jaeger_remote', arg: { endpoint: 'http://localhost:5778/sampling' } } } },
    { name: 'unknown JAEGER_SAMPLER warns', env: { JAEGER_SAMPLER: 'adaptive' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^JAEGER_SAMPLER="adaptive" is not one of const, probabilistic, rateLimiting, remote; using the default\.$/] },
    { name: 'JAEGER_SAMPLER beats OTEL_SAMPLING_RATE', env: { JAEGER_SAMPLER: 'const', JAEGER_SAMPLER_PARAM: '0', OTEL_SAMPLING_RATE: '0.5' }, expect: { sampler: { name: 'parentbased_always_off' } } },
    { name: 'OTEL_SAMPLING_RATE', env: { OTEL_SAMPLING_RATE: '0.3' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.3 } } },
    { name: 'TRACING_SAMPLE_RATE alias', env: { TRACING_SAMPLE_RATE: '0.4' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.4 } } },
    { name: 'OTEL_SAMPLING_RATE beats TRACING_SAMPLE_RATE', env: { OTEL_SAMPLING_RATE: '0.3', TRACING_SAMPLE_RATE: '0.4' }, expect: { sampler: { name: 'parentbased_traceidratio', arg: 0.3 } } },
    { name: 'OTEL_SAMPLING_RATE above 1 warns', env: { OTEL_SAMPLING_RATE: '1.5' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^OTEL_SAMPLING_RATE="1.5" is not a number from 0 to 1; using the default\.$/] },
    { name: 'TRACING_SAMPLE_RATE junk warns', env: { TRACING_SAMPLE_RATE: '50%' }, expect: { sampler: { name: 'parentbased_always_on' } }, warnings: [/^TRACING_SAMPLE_RATE="50%"/] },
  ])('$name', (row) => {
    runRow(row);
  });
});

describe('propagators', () => {
  it.each<Row>([
    { name: 'default tracecontext, baggage', expect: { propagators: ['tracecontext', 'baggage'] } },
    ...['tracecontext', 'baggage', 'b3', 'b3multi', 'jaeger'].map((name): Row => ({ name: `OTEL_PROPAGATORS=${name}`, env: { OTEL_PROPAGATORS: name }, expect: { propagators: [name] } })),
    { name: 'comma list in order, trimmed, lower-cased', env: { OTEL_PROPAGATORS: ' B3 , TraceContext,jaeger' }, expect: { propagators: ['b3', 'tracecontext', 'jaeger'] } },
    { name: 'deduped', env: { OTEL_PROPAGATORS: 'b3,tracecontext,b3,baggage,tracecontext' }, expect: { propagators: ['b3', 'tracecontext', 'baggage'] } },
    { name: 'none', env: { OTEL_PROPAGATORS: 'none' }, expect: { propagators: [] } },
    { name: 'none with others wins', env: { OTEL_PROPAGATORS: 'tracecontext,none' }, expect: { propagators: [] } },
    { name: 'unknown names dropped with a warning', env: { OTEL_PROPAGATORS: 'tracecontext,xray,ottrace' }, expect: { propagators: ['tracecontext'] }, warnings: [/^OTEL_PROPAGATORS names unknown propagators xray, ottrace; known: tracecontext, baggage, b3, b3multi, jaeger, none\.$/] },
    { name: 'only unknown names: warning and default', env: { OTEL_PROPAGATORS: 'xray' }, expect: { propagators: ['tracecontext', 'baggage'] }, warnings: [/unknown propagators xray/] },
    { name: 'only blanks: default', env: { OTEL_PROPAGATORS: ',, ,' }, expect: { propagators: ['tracecontext', 'baggage'] } },
    { name: 'option beats env', options: { propagators: ['b3multi'] }, env: { OTEL_PROPAGATORS: 'jaeger' }, expect: { propagators: ['b3multi'] } },
    { name: 'option skips junk env', options: { propagators: ['b3'] }, env: { OTEL_PROPAGATORS: 'xray' }, expect: { propagators: ['b3'] } },
    { name: 'option empty list', options: { propagators: [] }, expect: { propagators: [] } },
    { name: 'option none', options: { propagators: ['none'] }, expect: { propagators: [] } },
    { name: 'option deduped', options: { propagators: ['b3', 'b3', 'baggage'] }, expect: { propagators: ['b3', 'baggage'] } },
    { name: 'option instance with names', options: { propagators: [propagator, 'tracecontext', propagator] }, expect: { propagators: [propagator, 'tracecontext'] } },
  ])('$name', (row) => {
    runRow(row);
  });
});
