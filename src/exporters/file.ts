import { appendFile, mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { TracingConfigError } from '../errors';
import { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_FILES } from './file-options';

export interface FileExporterOptions {
  /** File to append to; parent directories are created. (option `filePath`) */
  path: string;
  /**
   * Size bound of the current file in bytes: when a batch would push it past this, the file is
   * rotated first (a single batch larger than the bound still goes into one file).
   * @default 10485760 (10 MiB)
   */
  maxFileBytes?: number;
  /** Rotated files kept: `path.1` (newest) … `path.N` (oldest); older ones are deleted. 0 = truncate instead. @default 3 (env `TRACEWRIGHT_FILE_MAX_FILES`) */
  maxFiles?: number;
}


type Serializer = { serializeRequest(spans: ReadableSpan[]): Uint8Array | undefined };

/**
 * Writes spans as JSON lines: each line is one OTLP/JSON `ExportTraceServiceRequest` holding exactly
 * one span (resource, scope and span, ids as lowercase hex, times as decimal-string nanoseconds), the
 * shape that the OpenTelemetry Collector's file exporter and `otlpjsonfile` receiver use. So a line
 * can be replayed to any OTLP/HTTP JSON endpoint as it is. `readSpanFile()` reads the files back.
 * Writes are serialized: one append per batch.
 */
export function createFileExporter(options: FileExporterOptions): SpanExporter {
  return new FileSpanExporter(options);
}

export class FileSpanExporter implements SpanExporter {
  private readonly path: string;
  private readonly maxFileBytes: number;
  private readonly maxFiles: number;
  private size: number | undefined;
  private chain: Promise<void> = Promise.resolve();
  private serializer: Promise<Serializer> | undefined;
  private stopped = false;

  constructor(options: FileExporterOptions) {
    if (typeof options.path !== 'string' || options.path.trim() === '') {
      throw new TracingConfigError('file.path', options.path, 'a file path');
    }
    this.path = options.path;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
    if (!(this.maxFileBytes > 0)) throw new TracingConfigError('file.maxFileBytes', this.maxFileBytes, 'a number > 0');
    if (!Number.isInteger(this.maxFiles) || this.maxFiles < 0) {
      throw new TracingConfigError('file.maxFiles', this.maxFiles, 'an integer >= 0');
    }
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback({ code: ExportResultCode.FAILED, error: Object.assign(new Error('file exporter is shut down'), { retryable: false }) });
      return;
    }
    const write = this.chain.then(() => this.write(spans));
    this.chain = write.catch(() => undefined);
    write.then(
      () => resultCallback({ code: ExportResultCode.SUCCESS }),
      (error: Error) => resultCallback({ code: ExportResultCode.FAILED, error }),
    );
  }

  async forceFlush(): Promise<void> {
    await this.chain;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    await this.chain;
  }

  toString(): string {
    return `FileSpanExporter(${this.path}, maxFileBytes=${this.maxFileBytes}, maxFiles=${this.maxFiles})`;
  }

  private async write(spans: ReadableSpan[]): Promise<void> {
    if (spans.length === 0) return;
    this.serializer ??= import('@opentelemetry/otlp-transformer').then((m) => m.JsonTraceSerializer);
    const serializer = await this.serializer;
    const decoder = new TextDecoder();
    let text = '';
    for (const span of spans) {
      const line = serializer.serializeRequest([span]);
      if (line) text += decoder.decode(line) + '\n';
    }
    const bytes = Buffer.byteLength(text);
    if (this.size === undefined) {
      await mkdir(dirname(this.path), { recursive: true });
      this.size = await stat(this.path).then((s) => s.size, () => 0);
    }
    if (this.size > 0 && this.size + bytes > this.maxFileBytes) await this.rotate();
    await appendFile(this.path, text);
    this.size += bytes;
  }

  private async rotate(): Promise<void> {
    if (this.maxFiles === 0) {
      await rm(this.path, { force: true });
    } else {
      await rm(`${this.path}.${this.maxFiles}`, { force: true });
      for (let i = this.maxFiles - 1; i >= 1; i--) {
        await rename(`${this.path}.${i}`, `${this.path}.${i + 1}`).catch(ignoreMissing);
      }
      await rename(this.path, `${this.path}.1`).catch(ignoreMissing);
    }
    this.size = 0;
  }
}

function ignoreMissing(error: NodeJS.ErrnoException): void {
  if (error.code !== 'ENOENT') throw error;
}
