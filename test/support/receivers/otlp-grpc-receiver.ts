/**
 * An OTLP/gRPC trace receiver: a real @grpc/grpc-js server implementing
 * `opentelemetry.proto.collector.trace.v1.TraceService/Export`, decoding requests with the compiled
 * root of `otlp-decoder`. grpc-js decompresses `grpc-encoding: gzip` messages itself; an
 * interceptor notes the encoding so a test can assert that compression was really used.
 * Beyond the shared faults it can answer a partial success, listen with TLS (and demand a client
 * certificate), and it keeps the metadata of every request.
 */
import {
  Metadata,
  Server,
  ServerCredentials,
  ServerInterceptingCall,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerInterceptor,
  type ServerUnaryCall,
  type ServiceDefinition,
} from '@grpc/grpc-js';
import { Writer } from 'protobufjs/minimal.js';
import { normalizeOtlpRequest } from './otlp-normalize';
import { decodeOtlpProtobuf, encodeEmptyOtlpResponse, loadOtlpTraceRoot } from './otlp-proto';
import { ReceiverState } from './receiver-state';
import type { ReceivedSpan, Receiver, ReceiverOptions } from './types';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const ENCODING_KEY = 'x-receiver-grpc-encoding';

const identity = (buffer: Buffer): Buffer => buffer;
const traceServiceDefinition: ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (message: Uint8Array) => Buffer.from(message),
    responseDeserialize: identity,
    originalName: 'export',
  },
};

/** Copies the (private) incoming encoding of the base call into metadata the handler can read. */
const noteEncoding: ServerInterceptor = (_method, call) =>
  new ServerInterceptingCall(call, {
    start(next) {
      next({
        onReceiveMetadata(metadata, nextMetadata) {
          const encoding = (call as unknown as { incomingEncoding?: string }).incomingEncoding;
          if (encoding) metadata.set(ENCODING_KEY, encoding);
          nextMetadata(metadata);
        },
      });
    },
  });

/** `google.rpc.Status` with one `google.rpc.RetryInfo` detail, as OTLP asks for throttling. */
function encodeRetryStatus(code: number, message: string, retryAfterSeconds: number): Buffer {
  const seconds = Math.floor(retryAfterSeconds);
  const nanos = Math.round((retryAfterSeconds - seconds) * 1e9);
  const duration = Writer.create().uint32(8).int64(seconds).uint32(16).int32(nanos).finish();
  const retryInfo = Writer.create().uint32(10).bytes(duration).finish();
  const any = Writer.create()
    .uint32(10)
    .string('type.googleapis.com/google.rpc.RetryInfo')
    .uint32(18)
    .bytes(retryInfo)
    .finish();
  return Buffer.from(Writer.create().uint32(8).int32(code).uint32(18).string(message).uint32(26).bytes(any).finish());
}

/** The partial-success part of an ExportTraceServiceResponse. */
export interface PartialSuccessAnswer {
  rejectedSpans: number;
  errorMessage?: string;
}

export interface OtlpGrpcReceiverOptions extends ReceiverOptions {
  /** Server credentials, e.g. `ServerCredentials.createSsl(ca, [{ private_key, cert_chain }], true)` for mTLS. Default: plaintext. */
  credentials?: ServerCredentials;
}

export interface OtlpGrpcReceiver extends Receiver {
  /** The metadata of every request, in arrival order (faulted ones included). */
  readonly metadata: Metadata[];
  /** Hung calls that the client cancelled (its deadline passed, or it shut down). */
  readonly cancelled: number;
  /**
   * Accepted requests are answered with this partial success (the spans still count as accepted:
   * the receiver cannot know which ones a real collector would have dropped); `undefined` = none.
   */
  setPartialSuccess(answer: PartialSuccessAnswer | undefined): void;
}

export async function startOtlpGrpcReceiver(options: OtlpGrpcReceiverOptions = {}): Promise<OtlpGrpcReceiver> {
  const host = options.host ?? '127.0.0.1';
  const credentials = options.credentials ?? ServerCredentials.createInsecure();
  const state = new ReceiverState('OTLP/gRPC receiver', options.fault);
  const hung = new Set<sendUnaryData<Uint8Array>>();
  const received: Metadata[] = [];
  let cancelled = 0;
  let answer: Uint8Array = encodeEmptyOtlpResponse();
  let server: Server | undefined;
  let closed = false;

  const releaseHung = (): void => {
    for (const callback of hung) callback({ code: GrpcStatus.UNAVAILABLE, details: 'receiver released a hung call' });
    hung.clear();
  };

  const exportHandler = (call: ServerUnaryCall<Buffer, Uint8Array>, callback: sendUnaryData<Uint8Array>): void => {
    const encoding = call.metadata.get(ENCODING_KEY)[0]?.toString();
    received.push(call.metadata);
    const meta = { contentType: 'application/grpc', ...(encoding && encoding !== 'identity' ? { encoding } : {}) };
    const fault = state.takeFault();
    const carried = (): ReceivedSpan[] => {
      try {
        return normalizeOtlpRequest(decodeOtlpProtobuf(call.request));
      } catch {
        return [];
      }
    };
    if (fault.mode === 'fail') {
      state.record('failed', meta, carried());
      const details = `injected fault: status ${fault.status}`;
      const metadata = new Metadata();
      if (fault.retryAfterSeconds !== undefined) {
        metadata.set('grpc-status-details-bin', encodeRetryStatus(fault.status, details, fault.retryAfterSeconds));
      }
      callback({ code: fault.status, details, metadata });
      return;
    }
    if (fault.mode === 'hang' || fault.mode === 'refuse') {
      state.record('hung', meta, carried());
      hung.add(callback);
      call.on('cancelled', () => {
        if (hung.delete(callback)) cancelled += 1;
      });
      return;
    }
    try {
      const spans = normalizeOtlpRequest(decodeOtlpProtobuf(call.request));
      state.accept(spans, meta);
      callback(null, answer);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      state.record('invalid', meta, [], message);
      callback({ code: GrpcStatus.INVALID_ARGUMENT, details: `cannot decode ExportTraceServiceRequest: ${message}` });
    }
  };

  const listen = (port: number): Promise<number> => {
    const next = new Server({
      interceptors: [noteEncoding],
      ...(options.maxRequestBytes === undefined ? {} : { 'grpc.max_receive_message_length': options.maxRequestBytes }),
    });
    next.addService(traceServiceDefinition, { Export: exportHandler });
    return new Promise((resolve, reject) => {
      next.bindAsync(`${host}:${port}`, credentials, (error, bound) => {
        if (error) return reject(error);
        server = next;
        resolve(bound);
      });
    });
  };
  const stopListening = (): void => {
    releaseHung();
    server?.forceShutdown();
    server = undefined;
  };

  const port = await listen(options.port ?? 0);
  if (state.currentFault.mode === 'refuse') stopListening();

  return {
    url: `http://${host}:${port}`,
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
    get metadata() {
      return received;
    },
    get cancelled() {
      return cancelled;
    },
    setPartialSuccess(partial) {
      answer = partial
        ? loadOtlpTraceRoot().ExportTraceServiceResponse.encode({ partialSuccess: partial } as object).finish()
        : encodeEmptyOtlpResponse();
    },
    async setFault(fault) {
      if (closed) throw new Error('OTLP/gRPC receiver: closed');
      state.setFault(fault);
      if (fault.mode !== 'hang') releaseHung();
      if (fault.mode === 'refuse') stopListening();
      else if (!server) await listen(port);
    },
    waitForSpans: (count, timeoutMs) => state.waitForSpans(count, timeoutMs),
    reset: () => {
      state.reset();
      received.length = 0;
      cancelled = 0;
    },
    async close() {
      if (closed) return;
      closed = true;
      state.rejectWaiters();
      stopListening();
    },
  };
}
