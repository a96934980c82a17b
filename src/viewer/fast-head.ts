import { UNKNOWN_SERVICE, type SpanHead } from './otlp-json';

/**
 * Reads the index's fields of a one-span line without `JSON.parse`, which is most of the cost of
 * indexing a large file. Only for the exact shape tracewright's file exporter writes (one request,
 * one resource, one span whose name needs no unescaping); anything else, including a line torn
 * and continued, returns undefined and goes through `JSON.parse`. OTLP/JSON has no free-form keys
 * (attributes are `{"key":…,"value":…}` objects, and a quote inside a string is escaped), so a
 * `"traceId":"` found here is a key, never data.
 */
export function fastSpanHead(text: string): SpanHead | undefined {
  if (!text.startsWith('{"resourceSpans":[{') || text.charCodeAt(text.length - 1) !== 125 /* } */) return undefined;
  // A torn line continued by the next write: two requests on one line.
  if (text.indexOf('{"resourceSpans"', 1) >= 0) return undefined;
  const spans = text.indexOf('"spans":[{');
  if (spans < 0 || text.indexOf('"spans":[', spans + 1) >= 0) return undefined;
  // Only spans have a start time: exactly one means exactly one span.
  const startKey = text.indexOf('"startTimeUnixNano":"', spans);
  if (startKey < 0 || text.indexOf('"startTimeUnixNano":"', startKey + 1) >= 0) return undefined;
  const traceId = hexAfter(text, '"traceId":"', spans, 32);
  const spanId = hexAfter(text, '"spanId":"', spans, 16);
  if (!traceId || !spanId) return undefined;
  let parentSpanId: string | undefined;
  const parentKey = text.indexOf('"parentSpanId":"', spans);
  if (parentKey >= 0) {
    const at = parentKey + 16;
    if (text.charCodeAt(at) !== 34) {
      parentSpanId = hexAfter(text, '"parentSpanId":"', spans, 16);
      if (!parentSpanId) return undefined;
    }
  }
  const name = stringAfter(text, '"name":"', text.indexOf('"spanId":"', spans));
  const start = digitsAfter(text, '"startTimeUnixNano":"', spans);
  const end = digitsAfter(text, '"endTimeUnixNano":"', spans);
  if (name === undefined || start === undefined || end === undefined) return undefined;
  const scopeSpans = text.indexOf('"scopeSpans"');
  const serviceKey = text.lastIndexOf('{"key":"service.name","value":{"stringValue":"', scopeSpans);
  const service = serviceKey >= 0 ? stringAfter(text, '"stringValue":"', serviceKey) : UNKNOWN_SERVICE;
  if (service === undefined) return undefined;
  const status = text.indexOf('"status":{', spans);
  const startUs = start;
  return {
    traceId,
    spanId,
    parentSpanId,
    name,
    service,
    startUs,
    endUs: Math.max(startUs, end),
    error: status >= 0 && text.startsWith('"code":2', status + 10),
  };
}

function hexAfter(text: string, key: string, from: number, length: number): string | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  const start = at + key.length;
  const value = text.slice(start, start + length);
  return text.charCodeAt(start + length) === 34 && /^[0-9a-f]+$/.test(value) ? value : undefined;
}

/** A string value with no escapes in it (one with a backslash goes the slow way). */
function stringAfter(text: string, key: string, from: number): string | undefined {
  if (from < 0) return undefined;
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  const start = at + key.length;
  const close = text.indexOf('"', start);
  if (close < 0) return undefined;
  const value = text.slice(start, close);
  return value.includes('\\') ? undefined : value;
}

/** Decimal nanoseconds to integral microseconds (the last three digits dropped), digit by digit. */
function digitsAfter(text: string, key: string, from: number): number | undefined {
  const at = text.indexOf(key, from);
  if (at < 0) return undefined;
  const start = at + key.length;
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
