/**
 * Service proxies: `instrumentService` traces every method of an existing object without
 * touching its class; `batchInstrumentServices` does a whole registry at once. No backend needed.
 *
 *   npx tsx examples/services.ts
 *
 * It wires three plain services, instruments them (skipping a noisy helper, adding a tenant tag
 * to every span), runs one checkout and one failing checkout, prints the trees and exits.
 */
import { batchInstrumentServices, instrumentService } from 'tracewright';
import { initializeTracing, shutdownTracing, withSpan } from 'tracewright';

class InventoryService {
  #stock = new Map([['sku-1', 3], ['sku-2', 0]]);
  readonly tenant = 'acme';
  async reserve(sku: string, qty: number): Promise<void> {
    await new Promise((r) => setTimeout(r, 3));
    const left = this.#stock.get(sku) ?? 0;
    if (left < qty) throw new Error(`${sku} is out of stock`);
    this.#stock.set(sku, left - qty);
  }
  formatSku(sku: string): string {
    return sku.toUpperCase(); // called a lot, not worth a span: see skipMethods below
  }
}

const payments = {
  async charge(amountCents: number): Promise<string> {
    await new Promise((r) => setTimeout(r, 4));
    return `ch_${amountCents}`;
  },
};
const mailer = {
  send(to: string, template: string): boolean {
    return to.includes('@') && template.length > 0;
  },
};

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'services-example', exporterType: 'console', batchTimeout: 100, logLevel: 'error' });

  const inventory = instrumentService(new InventoryService(), 'InventoryService', {
    skipMethods: ['formatSku'],
    extractServiceTags: (svc, method, args) => ({ 'app.tenant': svc.tenant, 'app.sku': String(args[0]) }),
  });
  const services = batchInstrumentServices({ PaymentService: payments, Mailer: mailer });

  for (const sku of ['sku-1', 'sku-2']) {
    try {
      await withSpan(`checkout ${inventory.formatSku(sku)}`, async () => {
        await inventory.reserve(sku, 1);
        const charge = await services.PaymentService.charge(1999);
        services.Mailer.send('ada@example.com', 'receipt');
        return charge;
      });
      console.log(`checkout ${sku}: ok`);
    } catch (error) {
      console.log(`checkout ${sku}: ${(error as Error).message}`);
    }
  }
  const report = await shutdownTracing();
  console.log(`\nexported ${report.exportedSpans} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
