import { LoggerService, LogLevel } from '@nestjs/common';
import { context, createContextKey, trace } from '@opentelemetry/api';
import { redact } from './redact';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The context key under which the platform keeps the event id of the message being processed. */
export const EVENT_ID_KEY = createContextKey('kontor.event_id');

/** The correlation ids of the current async context: trace and span of the active span, event id. */
export function correlationIds(): { traceId?: string; spanId?: string; eventId?: string } {
  const active = context.active();
  const spanContext = trace.getSpan(active)?.spanContext();
  const eventId = active.getValue(EVENT_ID_KEY);
  return {
    ...(spanContext && spanContext.traceId !== '00000000000000000000000000000000' ? { traceId: spanContext.traceId, spanId: spanContext.spanId } : {}),
    ...(typeof eventId === 'string' ? { eventId } : {}),
  };
}

export interface LogRecord {
  time: string;
  level: LogLevel;
  service: string;
  context?: string;
  message: string;
  traceId?: string;
  spanId?: string;
  eventId?: string;
  stack?: string;
}

/**
 * One JSON object per line with the correlation ids of the active trace and message, every message
 * passed through redact(): a log line never carries a card number, IBAN, e-mail address or secret.
 */
export class StructuredLogger implements LoggerService {
  private readonly enabled: Set<LogLevel>;

  constructor(
    private readonly service: string,
    level: string,
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    const index = Math.max(LEVELS.indexOf(level as LogLevel), 1);
    this.enabled = new Set(LEVELS.slice(0, index + 1));
  }

  log(message: unknown, ...optional: unknown[]): void {
    this.print('log', message, optional);
  }
  error(message: unknown, ...optional: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const contextName = optional.length > 0 && typeof optional.at(-1) === 'string' ? (optional.at(-1) as string) : undefined;
    const stack = optional.length > 1 && typeof optional[0] === 'string' ? optional[0] : message instanceof Error ? message.stack : undefined;
    this.emit('error', message, contextName, stack);
  }
  warn(message: unknown, ...optional: unknown[]): void {
    this.print('warn', message, optional);
  }
  debug(message: unknown, ...optional: unknown[]): void {
    this.print('debug', message, optional);
  }
  verbose(message: unknown, ...optional: unknown[]): void {
    this.print('verbose', message, optional);
  }
  fatal(message: unknown, ...optional: unknown[]): void {
    this.print('fatal', message, optional);
  }
  setLogLevels(levels: LogLevel[]): void {
    this.enabled.clear();
    for (const level of levels) this.enabled.add(level);
  }

  private print(level: LogLevel, message: unknown, optional: unknown[]): void {
    const contextName = typeof optional.at(-1) === 'string' ? (optional.at(-1) as string) : undefined;
    this.emit(level, message, contextName);
  }

  private emit(level: LogLevel, message: unknown, contextName?: string, stack?: string): void {
    if (!this.enabled.has(level)) return;
    const text = message instanceof Error ? `${message.name}: ${message.message}` : typeof message === 'string' ? message : JSON.stringify(message);
    const record: LogRecord = {
      time: new Date().toISOString(),
      level,
      service: this.service,
      ...(contextName ? { context: contextName } : {}),
      message: redact(text),
      ...correlationIds(),
      ...(stack ? { stack: redact(stack) } : {}),
    };
    this.write(JSON.stringify(record) + '\n');
  }
}
