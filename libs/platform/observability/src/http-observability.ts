import type { IncomingMessage, ServerResponse } from 'node:http';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { kontorMetrics } from './metrics';
import { contextFromTraceparent, tracer } from './tracing';

type Next = (error?: unknown) => void;
type ExpressRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; method?: string };

export const METRICS_PATH = '/metrics';

/** The route template (`/v1/feeds`, `/health/:check`), never the raw URL: raw paths would explode the label set. */
function routeOf(request: ExpressRequest): string {
  const path = request.route?.path;
  if (typeof path === 'string') return `${request.baseUrl ?? ''}${path}`;
  return 'unmatched';
}

/**
 * Counts and times every request (`kontor_http_requests_total`, `kontor_http_request_duration_seconds`).
 * Mount it first, so the time includes reading the body.
 */
export function httpMetricsMiddleware() {
  return (request: ExpressRequest, response: ServerResponse, next: Next): void => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      if ((request as { originalUrl?: string }).originalUrl?.split('?')[0] === METRICS_PATH) return;
      const route = routeOf(request);
      const labels = { method: request.method ?? 'GET', route, status: String(response.statusCode) };
      const metrics = kontorMetrics();
      metrics.httpRequests.inc(labels);
      metrics.httpRequestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/**
 * A SERVER span per request, continuing the caller's `traceparent` (a bank may send one), active while
 * the handler runs so everything the request causes joins its trace. Mount it after the body parsers:
 * their callbacks run outside the request's async context.
 */
export function httpTracingMiddleware() {
  return (request: ExpressRequest, response: ServerResponse, next: Next): void => {
    // Probes and scrapes every few seconds would drown the traces that matter.
    const path = ((request as { originalUrl?: string }).originalUrl ?? request.url ?? '').split('?')[0];
    if (path.startsWith('/health/') || path === METRICS_PATH) return next();
    const header = request.headers.traceparent;
    const parent = contextFromTraceparent(Array.isArray(header) ? header[0] : header);
    const method = request.method ?? 'GET';
    const span = tracer().startSpan(`${method}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': method } }, parent);
    response.once('finish', () => {
      const route = routeOf(request);
      span.updateName(`${method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': response.statusCode });
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => next());
  };
}

/** GET /metrics in the Prometheus text format. */
export function metricsHandler() {
  return (_request: IncomingMessage, response: ServerResponse): void => {
    const { registry } = kontorMetrics();
    registry.metrics().then(
      (text) => {
        response.statusCode = 200;
        response.setHeader('content-type', registry.contentType);
        response.end(text);
      },
      (error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      },
    );
  };
}
