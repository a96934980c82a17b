/**
 * The node:http plumbing shared by the OTLP/HTTP and Zipkin receivers: one POST
 * path, body decompression, the fault modes (fail / hang / refuse on the same port) and the
 * request log. Each receiver supplies only `decode(body, request)`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { ReceiverState } from './receiver-state';
import type { ReceivedSpan, Receiver, ReceiverOptions, RequestOutcome } from './types';

/** Thrown by a decoder to answer with `status` and log the request as `outcome`. */
export class RejectRequest extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly outcome: RequestOutcome = 'rejected',
  ) {
    super(message);
  }
}

export interface HttpReply {
  status: number;
  body?: Uint8Array | string;
  contentType?: string;
}

export interface HttpReceiverCoreOptions extends ReceiverOptions {
  label: string;
  path: string;
  /**
   * Decodes a request body. `faulted` is true when the request is being answered with a fault and
   * is decoded only to log what it carried: no side effects then.
   */
  decode(body: Buffer, request: IncomingMessage, faulted: boolean): ReceivedSpan[];
  /** The answer to an accepted request. */
  reply(request: IncomingMessage): HttpReply;
}

const decompressors: Record<string, (input: Buffer) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

async function decompressed(raw: Buffer, encoding: string | undefined): Promise<Buffer> {
  if (!encoding || encoding.toLowerCase() === 'identity') return raw;
  const decompress = decompressors[encoding.toLowerCase()];
  if (!decompress) throw new RejectRequest(415, `unsupported content-encoding ${encoding}`);
  return decompress(raw);
}

function send(response: ServerResponse, reply: HttpReply, headers: Record<string, string> = {}): void {
  const body = reply.body ?? '';
  response.writeHead(reply.status, {
    ...headers,
    ...(reply.contentType ? { 'content-type': reply.contentType } : {}),
    'content-length': String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength),
  });
  response.end(body);
}

export interface HttpReceiverCore {
  state: ReceiverState;
  handle: Receiver;
}

export async function startHttpReceiverCore(options: HttpReceiverCoreOptions): Promise<HttpReceiverCore> {
  const host = options.host ?? '127.0.0.1';
  const state = new ReceiverState(options.label, options.fault);
  const hung = new Set<ServerResponse>();
  let closed = false;
  let listening = false;

  const releaseHung = (): void => {
    for (const response of hung) response.socket?.destroy();
    hung.clear();
  };

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const contentType = request.headers['content-type'];
    const encoding = request.headers['content-encoding'];
    const meta = { ...(contentType ? { contentType } : {}), ...(encoding ? { encoding } : {}) };
    const pathname = new URL(request.url ?? '/', 'http://receiver').pathname;
    if (request.method !== 'POST' || pathname !== options.path) {
      state.requests += 1;
      request.resume();
      const error = `${request.method} ${pathname}: this receiver only takes POST ${options.path}`;
      state.record('rejected', meta, [], error);
      send(response, { status: 404, body: error, contentType: 'text/plain' });
      return;
    }
    const fault = state.takeFault();
    const raw = await readBody(request);
    if (options.maxRequestBytes !== undefined && raw.byteLength > options.maxRequestBytes) {
      state.record('rejected', meta, [], `request of ${raw.byteLength} bytes over the limit of ${options.maxRequestBytes}`);
      send(response, { status: 413, body: 'request entity too large', contentType: 'text/plain' });
      return;
    }
    const carried = async (): Promise<ReceivedSpan[]> => {
      try {
        return options.decode(await decompressed(raw, encoding), request, true);
      } catch {
        return [];
      }
    };
    if (fault.mode === 'fail') {
      state.record('failed', meta, await carried());
      const headers: Record<string, string> =
        fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
      send(response, { status: fault.status, body: `injected fault: ${fault.status}`, contentType: 'text/plain' }, headers);
      return;
    }
    if (fault.mode === 'hang' || fault.mode === 'refuse') {
      state.record('hung', meta, await carried());
      hung.add(response);
      response.on('close', () => hung.delete(response));
      if (fault.mode === 'refuse') response.socket?.destroy();
      return;
    }
    try {
      const spans = options.decode(await decompressed(raw, encoding), request, false);
      state.accept(spans, meta);
      send(response, options.reply(request));
    } catch (error) {
      const reject = error instanceof RejectRequest ? error : undefined;
      const message = error instanceof Error ? error.message : String(error);
      state.record(reject?.outcome ?? 'rejected', meta, [], message);
      send(response, { status: reject?.status ?? 400, body: message, contentType: 'text/plain' });
    }
  };

  const server: Server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      state.record('rejected', {}, [], String(error));
      response.destroy();
    });
  });
  server.keepAliveTimeout = 1000;

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port, host, exclusive: true }, () => {
        server.off('error', reject);
        listening = true;
        resolve((server.address() as AddressInfo).port);
      });
    });
  const stopListening = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const done = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await done;
  };

  const port = await listen(options.port ?? 0);
  if (state.currentFault.mode === 'refuse') await stopListening();
  const url = `http://${host}:${port}${options.path}`;

  const handle: Receiver = {
    url,
    port,
    get spans() {
      return state.spans;
    },
    get requests() {
      return state.requests;
    },
    get log() {
      return state.log;
    },
    async setFault(fault) {
      if (closed) throw new Error(`${options.label}: closed`);
      state.setFault(fault);
      if (fault.mode !== 'hang') releaseHung();
      if (fault.mode === 'refuse') await stopListening();
      else if (!listening) await listen(port);
    },
    waitForSpans: (count, timeoutMs) => state.waitForSpans(count, timeoutMs),
    reset: () => state.reset(),
    async close() {
      if (closed) return;
      closed = true;
      state.rejectWaiters();
      releaseHung();
      await stopListening();
    },
  };
  return { state, handle };
}
