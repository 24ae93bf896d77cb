import { SpanKind, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from './context-manager';
import { ExportResultCode } from '@opentelemetry/core';
import { activeTraceparent, contextFromTraceparent, formatTraceparent, OtlpJsonSpanExporter, otlpTraceRequest, spanRecord } from './tracing';

describe('trace context helpers', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const tracer = provider.getTracer('test');
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager()));
  afterAll(() => context.disable());

  it('continues a traceparent: the span has the same trace id and the header span as its parent', () => {
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const span = tracer.startSpan('child', {}, contextFromTraceparent(parent));
    expect(span.spanContext().traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    span.end();
    expect(spanRecord(exporter.getFinishedSpans().at(-1)!).parentSpanId).toBe('b7ad6b7169203331');
  });

  it('ignores malformed traceparents', () => {
    expect(trace.getSpanContext(contextFromTraceparent('00-nope'))).toBeUndefined();
    expect(trace.getSpanContext(contextFromTraceparent(undefined))).toBeUndefined();
  });

  it('formats the active span as a traceparent, across awaits', async () => {
    const span = tracer.startSpan('outer');
    await context.with(trace.setSpan(context.active(), span), async () => {
      await new Promise((resolve) => setImmediate(resolve));
      expect(activeTraceparent()).toBe(`00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`);
    });
    expect(activeTraceparent()).toBeUndefined();
    expect(formatTraceparent(undefined)).toBeUndefined();
  });

  it('encodes spans as an OTLP/JSON export request', () => {
    const span = tracer.startSpan('kontor.fraud.alert-raised.v1 process', { kind: SpanKind.CONSUMER, attributes: { 'messaging.kafka.offset': 7, ok: true } });
    span.end();
    const request = otlpTraceRequest([exporter.getFinishedSpans().at(-1)!]) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const [encoded] = request.resourceSpans[0].scopeSpans[0].spans;
    expect(encoded).toMatchObject({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
      kind: 5, // OTLP SPAN_KIND_CONSUMER
      attributes: [{ key: 'messaging.kafka.offset', value: { intValue: 7 } }, { key: 'ok', value: { boolValue: true } }],
    });
    expect(encoded.startTimeUnixNano).toMatch(/^\d{19}$/);
  });

  it('posts spans to the collector at <endpoint>/v1/traces as OTLP JSON, and reports a refused export', async () => {
    const span = tracer.startSpan('HTTP POST', { kind: SpanKind.CLIENT });
    span.end();
    const finished = [exporter.getFinishedSpans().at(-1)!];
    const calls: { url: string; init: RequestInit }[] = [];
    const collector = (status: number) =>
      (async (url: string | URL | Request, init?: RequestInit) => {
        calls.push({ url: String(url), init: init! });
        return new Response('{}', { status });
      }) as typeof fetch;
    const result = await new Promise((resolve) => new OtlpJsonSpanExporter('http://otel-collector:4318/', collector(200)).export(finished, resolve));
    expect(result).toEqual({ code: ExportResultCode.SUCCESS });
    expect(calls[0].url).toBe('http://otel-collector:4318/v1/traces');
    expect(calls[0].init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual(JSON.parse(JSON.stringify(otlpTraceRequest(finished))));
    const refused = await new Promise<{ code: number; error?: Error }>((resolve) => new OtlpJsonSpanExporter('http://otel-collector:4318', collector(503)).export(finished, resolve));
    expect(refused.code).toBe(ExportResultCode.FAILED);
    expect(refused.error?.message).toBe('OTLP export: HTTP 503');
  });
});
