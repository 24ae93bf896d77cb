import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from '@kontor/platform-observability';
import { childTraceparent, newTraceparent } from './trace-context';

describe('childTraceparent', () => {
  const tracer = new BasicTracerProvider().getTracer('test');
  const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  beforeAll(() => context.setGlobalContextManager(new AsyncLocalStorageContextManager()));
  afterAll(() => context.disable());
  const inSpan = <T>(traceparentOfSpan: { traceId: string } | undefined, fn: (spanTraceparent: string) => T): T => {
    const span = traceparentOfSpan
      ? tracer.startSpan('s', {}, trace.setSpanContext(context.active(), { traceId: traceparentOfSpan.traceId, spanId: 'b7ad6b7169203331', traceFlags: 1 }))
      : tracer.startSpan('s');
    const own = `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
    return context.with(trace.setSpan(context.active(), span), () => fn(own));
  };

  it('names the active span when it belongs to the same trace', () => {
    inSpan({ traceId: '0af7651916cd43dd8448eb211c80319c' }, (own) => expect(childTraceparent(parent)).toBe(own));
  });

  it('continues the active span when there is no parent', () => {
    inSpan(undefined, (own) => expect(childTraceparent(undefined)).toBe(own));
  });

  it('names the parent itself when the active span is another trace (a batch) or nothing is active', () => {
    inSpan(undefined, () => expect(childTraceparent(parent)).toBe(parent));
    expect(childTraceparent(parent)).toBe(parent);
  });

  it('starts a new trace from nothing or from a malformed parent', () => {
    expect(childTraceparent(undefined)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(childTraceparent('garbage')).not.toContain('garbage');
    expect(newTraceparent()).not.toBe(newTraceparent());
  });
});
