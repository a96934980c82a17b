import { ExportResultCode, isTracingSuppressed, type ExportResult } from '@opentelemetry/core';
import { context } from '@opentelemetry/api';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/** What the scripted exporter does with one export call. */
export type Step = 'ok' | 'hang' | { fail: unknown };

/**
 * An in-process SpanExporter the test controls: each call takes the next step of the script (the
 * last step repeats). `hang` keeps the call pending until `release()`.
 */
export class ScriptedExporter implements SpanExporter {
  readonly batches: string[][] = [];
  readonly suppressed: boolean[] = [];
  private readonly hanging: Array<{ names: string[]; done: (r: ExportResult) => void }> = [];
  private calls = 0;
  onExport: (() => void) | undefined;

  constructor(private readonly script: Step[] = ['ok']) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.suppressed.push(isTracingSuppressed(context.active()));
    this.onExport?.();
    const step = this.script[Math.min(this.calls++, this.script.length - 1)];
    if (step === 'hang') {
      this.hanging.push({ names: spans.map((s) => s.name), done });
      return;
    }
    if (step === 'ok') this.batches.push(spans.map((s) => s.name));
    const result: ExportResult =
      step === 'ok' ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: step?.fail as Error };
    setImmediate(() => done(result));
  }

  /** Export calls received so far. */
  get callCount(): number {
    return this.calls;
  }

  /** Answers every hanging call with success (its spans count as delivered). */
  release(): void {
    for (const { names, done } of this.hanging.splice(0)) {
      this.batches.push(names);
      done({ code: ExportResultCode.SUCCESS });
    }
  }

  get delivered(): string[] {
    return this.batches.flat();
  }

  async shutdown(): Promise<void> {}
  async forceFlush(): Promise<void> {}
}

/** A gRPC-like ServiceError as @grpc/grpc-js reports it. */
export function grpcError(code: number, details = 'test'): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}
