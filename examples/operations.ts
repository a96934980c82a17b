/**
 * Domain operations: `traceOperation(kind, name, attributes, fn)` is the design documents' family of
 * `traceUserOperation('login', …)`, `traceFileOperation('upload', …)` helpers in one, with the
 * exported attribute keys (`ATTR_USER_ID`, `ATTR_ORGANIZATION_ID`, …). No backend needed.
 *
 *   npx tsx examples/operations.ts
 *
 * It runs a login, a file upload whose scan and thumbnail are operations of their own (children of
 * the upload), and a refund that fails, prints the trees and exits.
 */
import { SpanKind } from '@opentelemetry/api';
import { initializeTracing, setAttribute, shutdownTracing, traceOperation } from 'tracewright';
import { ATTR_ORGANIZATION_ID, ATTR_USER_ID } from 'tracewright/semconv';

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function login(userId: string): Promise<string> {
  return traceOperation('user', 'login', { [ATTR_USER_ID]: userId, [ATTR_ORGANIZATION_ID]: 'org-7' }, async () => {
    await pause(2);
    return `session-for-${userId}`;
  });
}

async function upload(userId: string, name: string, bytes: number): Promise<void> {
  await traceOperation('file', 'upload', { [ATTR_USER_ID]: userId, 'file.name': name, 'file.size': bytes }, async () => {
    await pause(3);
    const clean = await traceOperation('file', 'scan', { 'file.name': name }, async () => {
      await pause(2);
      setAttribute('app.scan.verdict', 'clean');
      return true;
    });
    if (clean) await traceOperation('image', 'thumbnail', { 'file.name': name }, async () => pause(1));
  });
}

async function refund(orderId: string): Promise<void> {
  await traceOperation('payment', 'refund', { 'app.order.id': orderId }, async () => {
    await pause(1);
    throw new Error(`order ${orderId} was never charged`);
  }, { spanKind: SpanKind.CLIENT });
}

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'operations-example', exporterType: 'console', batchTimeout: 100, logLevel: 'error' });

  console.log(`login: ${await login('u-42')}`);
  await upload('u-42', 'cat.png', 48_213);
  await refund('o-9').catch((error: Error) => console.log(`refund: ${error.message}`));

  const report = await shutdownTracing();
  console.log(`\nexported ${report.exportedSpans} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
