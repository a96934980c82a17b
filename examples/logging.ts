/**
 * Log correlation: every log line written inside a span carries its trace_id, span_id,
 * trace_flags and correlation_id, with pino and with winston.
 *
 *   npx tsx examples/logging.ts
 *
 * It initializes tracing with no backend, handles one "request" whose headers carry a W3C
 * traceparent, an x-request-id and baggage, logs from inside it with both loggers, and prints
 * what a log search for that trace id would find. It exits by itself.
 */
import pino from 'pino';
import winston from 'winston';
import {
  getBaggage,
  getContextManager,
  getLogContext,
  initializeTracing,
  pinoLogMixin,
  shutdownTracing,
  winstonLogFormat,
  withCorrelationId,
  withSpan,
} from 'tracewright';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { resolveCorrelationId } from 'tracewright';

const pinoLog = pino({ base: { service: 'checkout' }, mixin: pinoLogMixin });
const winstonLog = winston.createLogger({
  defaultMeta: { service: 'checkout' },
  format: winston.format.combine(winstonLogFormat(), winston.format.json()),
  transports: [new winston.transports.Console()],
});

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'checkout', exporterType: 'none' });

  // What an HTTP middleware does with the incoming headers.
  const incoming = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    'x-request-id': 'req-7f3a',
    baggage: 'tenant=acme',
  };
  const parent = getContextManager().extractContext(incoming, ROOT_CONTEXT);

  await context.with(parent, () =>
    withSpan('POST /checkout', async () => {
      const correlationId = resolveCorrelationId(incoming, undefined);
      await withCorrelationId(correlationId, async () => {
        pinoLog.info({ tenant: getBaggage('tenant') }, 'charging card');
        await withSpan('charge card', async () => {
          winstonLog.info('card charged', { amount: 42 });
        });
        console.log('\ngetLogContext() inside the request:', getLogContext());
      });
    }),
  );

  pinoLog.info('outside any span: no trace fields');
  await shutdownTracing();
  console.log('\nSearch your logs for trace_id=0af7651916cd43dd8448eb211c80319c or correlation_id=req-7f3a.');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
