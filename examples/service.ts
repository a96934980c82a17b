/**
 * A small catalog service, traced end to end: an Express API backed by PostgreSQL (`pg`), a Redis
 * cache (`ioredis`), and an outgoing HTTP call to a pricing service.
 *
 *   GET  /products/:id   Redis cache → PostgreSQL on a miss → fill the cache → fetch the price
 *   POST /orders         one PostgreSQL transaction (insert the order, decrement the stock)
 *   GET  /health         not traced (ignorePaths)
 *
 * Unlike the quick start, this needs real servers. Run it with:
 *
 *   DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db REDIS_URL=redis://127.0.0.1:6379 \
 *   PRICING_URL=http://127.0.0.1:4000 OTEL_TRACES_EXPORTER=console npx tsx examples/service.ts
 *
 * It is also importable: `startService(deps)` is what test/integration/example-service.test.ts
 * starts against a real PostgreSQL and Redis, asserting the whole trace tree.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { getInstrumentation, initializeTracing, shutdownTracing, type Instrumentation } from 'tracewright';

export interface ServiceDeps {
  /** PostgreSQL connection string. */
  databaseUrl: string;
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redisUrl: string;
  /** Base URL of the pricing service; `GET {pricingUrl}/prices/:id` returns `{ price }`. */
  pricingUrl: string;
  /** The helpers to trace with. Default: `getInstrumentation()` (the running tracing setup). */
  instrumentation?: Instrumentation;
  /** Port to listen on (127.0.0.1). Default 0: any free port. */
  port?: number;
}

export interface RunningService {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startService(deps: ServiceDeps): Promise<RunningService> {
  const inst = deps.instrumentation ?? getInstrumentation();
  const pool = new pg.Pool({ connectionString: deps.databaseUrl, max: 4 });
  // An idle client whose server restarts emits 'error' on the pool: without a listener it would
  // crash the process (pg's own advice).
  pool.on('error', (error) => console.error(`postgres pool: ${error.message}`));
  const redis = new Redis(deps.redisUrl, { maxRetriesPerRequest: 2 });
  const db = new URL(deps.databaseUrl);
  const where = { dbType: 'postgresql', database: db.pathname.slice(1), host: db.hostname, port: Number(db.port || 5432) };
  const cache = new URL(deps.redisUrl);
  const redisWhere = { db: 0, host: cache.hostname, port: Number(cache.port || 6379) };

  /** Every query goes through the helper: sanitized text, rows, errors. */
  const query = <R extends pg.QueryResultRow>(client: pg.Pool | pg.PoolClient, text: string, values?: unknown[]) =>
    inst.instrumentDatabaseQuery({ ...where, query: text }, () => client.query<R>(text, values));

  await pool.query(`CREATE TABLE IF NOT EXISTS products (id integer PRIMARY KEY, name text NOT NULL, stock integer NOT NULL)`);
  await pool.query(`CREATE TABLE IF NOT EXISTS orders (id serial PRIMARY KEY, product_id integer REFERENCES products(id), quantity integer NOT NULL)`);
  await pool.query(`INSERT INTO products (id, name, stock) VALUES (1, 'Lamp', 10), (2, 'Desk', 2) ON CONFLICT (id) DO NOTHING`);

  const app = express();
  app.use(express.json());
  app.use(inst.expressMiddleware());
  app.get('/health', (_req, res) => {
    res.send('ok');
  });

  app.get('/products/:id', async (req, res) => {
    const id = Number(req.params.id);
    const key = `product:${id}`;
    const cached = await inst.instrumentRedisCommand({ command: 'GET', key, ...redisWhere }, () => redis.get(key));
    let product = cached ? (JSON.parse(cached) as { id: number; name: string; stock: number }) : undefined;
    if (!product) {
      const result = await query<{ id: number; name: string; stock: number }>(pool, 'SELECT id, name, stock FROM products WHERE id = $1', [id]);
      product = result.rows[0];
      if (!product) {
        res.status(404).json({ error: 'no such product' });
        return;
      }
      const value = JSON.stringify(product);
      await inst.instrumentRedisCommand({ command: 'SET', key, args: [value, 'EX', 60], ...redisWhere }, () => redis.set(key, value, 'EX', 60));
    }
    const priceResponse = await inst.traceFetch(`${deps.pricingUrl}/prices/${id}`);
    if (!priceResponse.ok) {
      res.status(502).json({ error: `pricing answered ${priceResponse.status}` });
      return;
    }
    const { price } = (await priceResponse.json()) as { price: number };
    res.json({ ...product, price });
  });

  app.post('/orders', async (req, res, next) => {
    const { productId, quantity } = req.body as { productId: number; quantity: number };
    try {
      const order = await inst.instrumentDatabaseTransaction('place order', async () => {
        const client = await pool.connect();
        try {
          await query(client, 'BEGIN');
          const inserted = await query<{ id: number }>(client, 'INSERT INTO orders (product_id, quantity) VALUES ($1, $2) RETURNING id', [productId, quantity]);
          await query(client, 'UPDATE products SET stock = stock - $1 WHERE id = $2 AND stock >= $1', [quantity, productId]).then((r) => {
            if (r.rowCount !== 1) throw Object.assign(new Error('not enough stock'), { status: 409 });
          });
          await query(client, 'COMMIT');
          return inserted.rows[0]!;
        } catch (error) {
          await query(client, 'ROLLBACK');
          throw error;
        } finally {
          client.release();
        }
      });
      await inst.instrumentRedisCommand({ command: 'DEL', key: `product:${productId}`, ...redisWhere }, () => redis.del(`product:${productId}`));
      res.status(201).json(order);
    } catch (error) {
      next(error);
    }
  });

  app.use(inst.expressErrorHandler());
  app.use((error: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(error.status ?? 500).json({ error: error.message });
  });

  const server = app.listen(deps.port ?? 0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all([pool.end(), redis.quit()]);
    },
  };
}

async function main(): Promise<void> {
  const { DATABASE_URL, REDIS_URL, PRICING_URL } = process.env;
  if (!DATABASE_URL || !REDIS_URL || !PRICING_URL) {
    console.error(
      [
        'examples/service.ts needs three real servers (it is not the no-backend demo: try `npm run demo` for that):',
        '  DATABASE_URL  a PostgreSQL connection string, e.g. postgres://postgres:secret@127.0.0.1:5432/postgres',
        '  REDIS_URL     a Redis URL, e.g. redis://127.0.0.1:6379',
        '  PRICING_URL   a service answering GET /prices/:id with {"price": number}',
        'Traces go to OTLP (localhost:4317) by default; OTEL_TRACES_EXPORTER=console prints them instead.',
      ].join('\n'),
    );
    process.exitCode = 1;
    return;
  }
  await initializeTracing({ serviceName: 'catalog', ignorePaths: ['/health'] });
  const service = await startService({ databaseUrl: DATABASE_URL, redisUrl: REDIS_URL, pricingUrl: PRICING_URL, port: Number(process.env.PORT ?? 3000) });
  console.log(`catalog listening on ${service.url} (GET /products/1, POST /orders {"productId":1,"quantity":1})`);
  const stop = async () => {
    await service.close();
    await shutdownTracing();
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void main();
}
