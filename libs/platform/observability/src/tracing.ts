import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  Attributes,
  Context,
  Link,
  ROOT_CONTEXT,
  Span,
  SpanContext,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  propagation,
  trace,
} from '@opentelemetry/api';
import { ExportResult, ExportResultCode, W3CTraceContextPropagator, hrTimeToMicroseconds } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ReadableSpan, SimpleSpanProcessor, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from './context-manager';

export const TRACER_NAME = '@kontor/platform-observability';

/** Where finished spans go: nowhere, one JSON line per span on stdout, a file per service, or OTLP/HTTP. */
export type TracesExporter = 'none' | 'console' | 'file' | 'otlp';

export interface TracingOptions {
  service: string;
  exporter: TracesExporter;
  /** For `file`: the path; `{service}` is replaced by the service name. */
  file?: string;
  /** For `otlp`: the collector's base URL, e.g. http://otel-collector:4318 (spans go to /v1/traces). */
  otlpEndpoint?: string;
}

/** A span as one JSON object: what the console and file exporters write, and what tests read back. */
export interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: string;
  service: string;
  startTimeUnixMicros: number;
  durationMicros: number;
  status: 'unset' | 'ok' | 'error';
  attributes: Attributes;
  links: { traceId: string; spanId: string }[];
}

export function spanRecord(span: ReadableSpan): SpanRecord {
  const { traceId, spanId } = span.spanContext();
  return {
    traceId,
    spanId,
    parentSpanId: span.parentSpanContext?.spanId,
    name: span.name,
    kind: SpanKind[span.kind],
    service: String(span.resource.attributes['service.name'] ?? ''),
    startTimeUnixMicros: Math.round(hrTimeToMicroseconds(span.startTime)),
    durationMicros: Math.round(hrTimeToMicroseconds(span.duration)),
    status: span.status.code === SpanStatusCode.ERROR ? 'error' : span.status.code === SpanStatusCode.OK ? 'ok' : 'unset',
    attributes: span.attributes,
    links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
  };
}

/** Writes each span as a JSON line through `write` (stdout, or a file). */
export class JsonLinesSpanExporter implements SpanExporter {
  constructor(private readonly write: (line: string) => void) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    try {
      for (const span of spans) this.write(JSON.stringify({ span: spanRecord(span) }) + '\n');
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  /** Nothing buffered: every line is written when its span is exported. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** OTLP/HTTP with the JSON encoding (the collector's /v1/traces), so no exporter package is needed. */
export class OtlpJsonSpanExporter implements SpanExporter {
  constructor(
    private readonly endpoint: string,
    private readonly send: typeof fetch = fetch,
  ) {}

  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    this.send(`${this.endpoint.replace(/\/$/, '')}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(otlpTraceRequest(spans)),
      signal: AbortSignal.timeout(10_000),
    }).then(
      (response) => done(response.ok ? { code: ExportResultCode.SUCCESS } : { code: ExportResultCode.FAILED, error: new Error(`OTLP export: HTTP ${response.status}`) }),
      (error: unknown) => done({ code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  /** Nothing buffered here: the BatchSpanProcessor in front of it flushes on shutdown. */
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

const nanos = (time: [number, number]) => (BigInt(time[0]) * 1_000_000_000n + BigInt(time[1])).toString();
const anyValue = (value: unknown) =>
  typeof value === 'number' ? (Number.isInteger(value) ? { intValue: value } : { doubleValue: value }) : typeof value === 'boolean' ? { boolValue: value } : { stringValue: String(value) };
const keyValues = (attributes: Attributes) => Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));

/** The OTLP ExportTraceServiceRequest for spans, in its JSON encoding (ids as hex, times as nanosecond strings). */
export function otlpTraceRequest(spans: readonly ReadableSpan[]): object {
  const byResource = new Map<ReadableSpan['resource'], ReadableSpan[]>();
  for (const span of spans) byResource.set(span.resource, [...(byResource.get(span.resource) ?? []), span]);
  return {
    resourceSpans: [...byResource].map(([resource, list]) => ({
      resource: { attributes: keyValues(resource.attributes) },
      scopeSpans: [
        {
          scope: { name: TRACER_NAME },
          spans: list.map((span) => ({
            traceId: span.spanContext().traceId,
            spanId: span.spanContext().spanId,
            parentSpanId: span.parentSpanContext?.spanId,
            name: span.name,
            // OTLP numbers kinds from 1 (internal); the API numbers them from 0.
            kind: span.kind + 1,
            startTimeUnixNano: nanos(span.startTime),
            endTimeUnixNano: nanos(span.endTime),
            attributes: keyValues(span.attributes),
            links: span.links.map((l) => ({ traceId: l.context.traceId, spanId: l.context.spanId })),
            status: { code: span.status.code, message: span.status.message },
          })),
        },
      ],
    })),
  };
}

function spanProcessor(options: TracingOptions): SpanProcessor | undefined {
  switch (options.exporter) {
    case 'none':
      return undefined;
    case 'console':
      return new SimpleSpanProcessor(new JsonLinesSpanExporter((line) => process.stdout.write(line)));
    case 'file': {
      if (!options.file) throw new Error('the file traces exporter needs KONTOR_TRACES_FILE');
      const path = options.file.replaceAll('{service}', options.service);
      mkdirSync(dirname(path), { recursive: true });
      // Synchronous appends: a span is on disk when it ends, so a test (or a crash) never misses one.
      return new SimpleSpanProcessor(new JsonLinesSpanExporter((line) => appendFileSync(path, line)));
    }
    case 'otlp':
      if (!options.otlpEndpoint) throw new Error('the otlp traces exporter needs OTEL_EXPORTER_OTLP_ENDPOINT');
      return new BatchSpanProcessor(new OtlpJsonSpanExporter(options.otlpEndpoint));
  }
}

let provider: BasicTracerProvider | undefined;

/**
 * Registers the process's tracer provider, W3C propagator and async context. Spans are always created
 * (their ids correlate logs and messages); the exporter decides whether they leave the process.
 * Idempotent: the first call wins.
 */
export function initTracing(options: TracingOptions): void {
  if (provider) return;
  const processor = spanProcessor(options);
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service, 'service.namespace': 'kontor' }),
    spanProcessors: processor ? [processor] : [],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  instrumentFetch();
}

/** Flushes and stops the exporter (graceful shutdown). */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

const W3C = new W3CTraceContextPropagator();
const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** The context a W3C `traceparent` value describes (ROOT when it is missing or malformed). */
export function contextFromTraceparent(traceparent: string | undefined, base: Context = ROOT_CONTEXT): Context {
  if (!traceparent || !TRACEPARENT.test(traceparent)) return base;
  // The propagator itself, not the global one: this must work before (or without) initTracing.
  return W3C.extract(base, { traceparent }, { get: (carrier, key) => carrier[key as 'traceparent'], keys: (carrier) => Object.keys(carrier) });
}

/** `00-<trace id>-<span id>-<flags>` for a span context, or undefined when it is not valid. */
export function formatTraceparent(spanContext: SpanContext | undefined): string | undefined {
  if (!spanContext || !isSpanContextValid(spanContext)) return undefined;
  return `00-${spanContext.traceId}-${spanContext.spanId}-${(spanContext.traceFlags & 0xff).toString(16).padStart(2, '0')}`;
}

/** The active span's traceparent, if a span is active. */
export function activeTraceparent(): string | undefined {
  return formatTraceparent(trace.getActiveSpan()?.spanContext());
}

/** Runs `fn` in a new span (child of the active one, or of `parent`), ending it and recording failure. */
export async function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes; parent?: Context; links?: Link[] },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer().startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes, links: options.links }, options.parent ?? context.active());
  try {
    return await context.with(trace.setSpan(options.parent ?? context.active(), span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
    throw error;
  } finally {
    span.end();
  }
}

let fetchInstrumented = false;

/**
 * Outgoing HTTP calls made with fetch (the Send API client) become CLIENT spans of the active trace.
 * Only method, host and path are recorded: query strings and headers may carry tokens.
 */
function instrumentFetch(): void {
  if (fetchInstrumented || typeof globalThis.fetch !== 'function') return;
  fetchInstrumented = true;
  const original = globalThis.fetch;
  globalThis.fetch = async function tracedFetch(input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]): Promise<Response> {
    if (!trace.getActiveSpan()) return original(input, init);
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    return inSpan(
      `HTTP ${method}`,
      { kind: SpanKind.CLIENT, attributes: { 'http.request.method': method, 'server.address': url.hostname, 'url.path': url.pathname } },
      async (span) => {
        const response = await original(input, init);
        span.setAttribute('http.response.status_code', response.status);
        if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
        return response;
      },
    );
  } as typeof fetch;
}
