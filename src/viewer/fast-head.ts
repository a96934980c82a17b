import { UNKNOWN_SERVICE, type SpanHead } from './otlp-json';

/**
 * Reads the index's fields of a one-span line without `JSON.parse`, which is most of the cost of
 * indexing a large file. Only for the exact shape tracewright's file exporter writes (one request,
 * one resource, one span whose name needs no unescaping); anything else, including a line torn
 * and continued, returns undefined and goes through `JSON.parse`. OTLP/JSON has no free-form keys
 * (attributes are `{"key":…,"value":…}` objects, and a quote inside a string is escaped), so a
 * `"traceId":"` found here is a key, never data. A line that is broken only in the middle passes
 * here and is skipped when its trace is read back.
 */
export function fastSpanHead(text: string): SpanHead | undefined {
  if (!text.startsWith('{"resourceSpans":[{') || text.charCodeAt(text.length - 1) !== 125 /* } */) return undefined;
  const scopeSpans = text.indexOf('"scopeSpans"');
  // The first spans array of the first resource holds the span (later resources without spans don't matter).
  const spans = text.indexOf('"spans":[', scopeSpans);
  if (scopeSpans < 0 || spans < 0 || text.charCodeAt(spans + 9) !== 123 /* { */) return undefined;
  const traceKey = text.indexOf('"traceId":"', spans);
  const traceId = hexAt(text, traceKey + 11, 32);
  const spanKey = text.indexOf('"spanId":"', spans);
  const spanId = hexAt(text, spanKey + 10, 16);
  if (traceKey < 0 || spanKey < 0 || !traceId || !spanId) return undefined;
  // Only spans have a start time: exactly one means exactly one span. A line torn and continued
  // by the next write holds a second request: before this start time (checked here, on the short
  // head of the line), or after it, and then with a second start time.
  const startKey = text.indexOf('"startTimeUnixNano":"', spanKey);
  if (startKey < 0 || text.indexOf('"startTimeUnixNano":"', startKey + 21) >= 0) return undefined;
  if (text.slice(1, startKey).includes('{"resourceSpans"')) return undefined;
  let parentSpanId: string | undefined;
  const parentKey = text.indexOf('"parentSpanId":"', spanKey);
  if (parentKey >= 0 && parentKey < startKey && text.charCodeAt(parentKey + 16) !== 34) {
    parentSpanId = hexAt(text, parentKey + 16, 16);
    if (!parentSpanId) return undefined;
  }
  const name = stringAt(text, text.indexOf('"name":"', spanKey) + 8);
  const start = microsAt(text, startKey + 21);
  const end = microsAt(text, text.indexOf('"endTimeUnixNano":"', startKey) + 19);
  if (name === undefined || start === undefined || end === undefined) return undefined;
  const serviceKey = text.lastIndexOf('{"key":"service.name","value":{"stringValue":"', scopeSpans);
  const service = serviceKey >= 0 ? stringAt(text, serviceKey + 46) : UNKNOWN_SERVICE;
  if (service === undefined) return undefined;
  const status = text.indexOf('"status":{', startKey);
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    service,
    startUs: start,
    endUs: Math.max(start, end),
    error: status >= 0 && text.startsWith('"code":2', status + 10),
  };
}

/** Lowercase hex of exactly `length` characters, closed by a quote. */
function hexAt(text: string, start: number, length: number): string | undefined {
  if (start < length || text.charCodeAt(start + length) !== 34) return undefined;
  for (let i = start; i < start + length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return undefined;
  }
  return text.slice(start, start + length);
}

/** A string value with no escapes in it (one with a backslash goes the slow way). */
function stringAt(text: string, start: number): string | undefined {
  if (start < 8) return undefined;
  const close = text.indexOf('"', start);
  if (close < 0) return undefined;
  const value = text.slice(start, close);
  return value.includes('\\') ? undefined : value;
}

/** Decimal nanoseconds to integral microseconds (the last three digits dropped), digit by digit. */
function microsAt(text: string, start: number): number | undefined {
  if (start < 19) return undefined;
  const close = text.indexOf('"', start);
  if (close <= start) return undefined;
  let micros = 0;
  for (let i = start; i < close; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    if (i < close - 3) micros = micros * 10 + digit;
  }
  return micros;
}
