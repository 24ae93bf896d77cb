import { ConsoleLogger, INestApplication, LogLevel, Logger } from '@nestjs/common';
import { httpMetricsMiddleware, httpTracingMiddleware, METRICS_PATH, metricsHandler, setMetricsService, StructuredLogger } from '@kontor/platform-observability';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemDetailsFilter } from './problem-details';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's own JSON console logger (kept for tools); services log through StructuredLogger. */
export function jsonLogger(service: string, level: string): ConsoleLogger {
  const index = Math.max(LEVELS.indexOf(level as LogLevel), 1);
  return new ConsoleLogger(service, { json: true, colors: false, logLevels: LEVELS.slice(0, index + 1) });
}

export interface ServiceBootstrapOptions {
  service: string;
  port: number;
  logLevel: string;
  /** Configure body parsers etc. before the app listens. */
  configure?: (app: NestExpressApplication) => void;
}

/** Creates and configures a Kontor HTTP service without listening (tests call init() or listen()). */
export async function createService(rootModule: unknown, options: Omit<ServiceBootstrapOptions, 'port'>): Promise<NestExpressApplication> {
  // Structured JSON logs with trace and event ids, redacted of personal data.
  const logger = new StructuredLogger(options.service, options.logLevel);
  setMetricsService(options.service);
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, { logger, bodyParser: false, abortOnError: false });
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  app.useGlobalFilters(new ProblemDetailsFilter());
  // Metrics first, so request time includes reading the body; the span after the body parsers, whose
  // callbacks run outside the request's async context.
  app.use(httpMetricsMiddleware());
  app.use(METRICS_PATH, metricsHandler());
  options.configure?.(app);
  app.use(httpTracingMiddleware());
  return app;
}

/** Creates, configures and starts a Kontor HTTP service; SIGTERM/SIGINT shut it down gracefully. */
export async function bootstrapService(rootModule: unknown, options: ServiceBootstrapOptions): Promise<INestApplication> {
  const app = await createService(rootModule, options);
  await app.listen(options.port, '0.0.0.0');
  new Logger('Bootstrap').log(`${options.service} listening on port ${options.port}`);
  return app;
}
