/**
 * Decorators: `@Trace()` and `@withTracing('name')` on class methods, plus `withTracing(handler)`
 * around a fetch-style route handler. No backend needed.
 *
 *   npx tsx examples/decorators.ts
 *
 * TypeScript 5 standard decorators are used here (no `experimentalDecorators`); the same
 * decorators work unchanged in a project that turns `experimentalDecorators` on. It prints one
 * trace tree per handled request (one of them fails on purpose) and exits by itself.
 */
import { SpanKind } from '@opentelemetry/api';
import { Trace, withTracing } from 'tracewright';
import { initializeTracing, shutdownTracing } from 'tracewright';

class UserRepository {
  private readonly rows = new Map([['1', { id: '1', name: 'Ada' }]]);

  @Trace() // span "UserRepository.findById"
  async findById(id: string): Promise<{ id: string; name: string } | undefined> {
    await new Promise((r) => setTimeout(r, 5));
    return this.rows.get(id);
  }
}

class UserService {
  constructor(private readonly repo: UserRepository) {}

  @withTracing('UserService.getProfile', { attributes: { 'app.layer': 'service' } })
  async getProfile(id: string): Promise<{ id: string; name: string }> {
    const user = await this.repo.findById(id);
    if (!user) throw new Error(`user ${id} not found`);
    return user;
  }

  @Trace('UserService.greeting', { kind: SpanKind.INTERNAL }) // a sync method: the span ends on return
  greeting(name: string): string {
    return `Hello, ${name}!`;
  }
}

const service = new UserService(new UserRepository());

// A fetch-style route handler (Next.js app router, Hono, Bun.serve): one SERVER span per request.
export const GET = withTracing(
  async (request: Request): Promise<Response> => {
    const id = new URL(request.url).pathname.split('/').pop() ?? '';
    try {
      const user = await service.getProfile(id);
      return Response.json({ message: service.greeting(user.name) });
    } catch (error) {
      return Response.json({ error: (error as Error).message }, { status: 404 });
    }
  },
  { route: '/api/users/[id]' },
);

async function main(): Promise<void> {
  await initializeTracing({ serviceName: 'decorators-example', exporterType: 'console', batchTimeout: 100, logLevel: 'error' });
  for (const id of ['1', '2']) {
    const response = await GET(new Request(`http://127.0.0.1/api/users/${id}`));
    console.log(`GET /api/users/${id} -> ${response.status} ${JSON.stringify(await response.json())}`);
  }
  const report = await shutdownTracing();
  console.log(`\nexported ${report.exportedSpans} spans`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
