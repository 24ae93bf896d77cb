import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { AsyncLocalStorageContextManager } from './context-manager';
import { EVENT_ID_KEY, LogRecord, StructuredLogger } from './structured-logger';

describe('StructuredLogger', () => {
  const lines: string[] = [];
  const logger = new StructuredLogger('fraud-scoring', 'log', (line) => lines.push(line));
  const records = () => lines.map((l) => JSON.parse(l) as LogRecord);
  const manager = new AsyncLocalStorageContextManager();
  const provider = new BasicTracerProvider();

  beforeAll(() => context.setGlobalContextManager(manager));
  afterAll(() => context.disable());
  beforeEach(() => (lines.length = 0));

  it('writes one JSON object per line with level, service and context', () => {
    logger.warn('slow batch', 'Consumer');
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    expect(records()[0]).toMatchObject({ level: 'warn', service: 'fraud-scoring', context: 'Consumer', message: 'slow batch' });
  });

  it('adds the trace id, span id and event id of the message being processed', async () => {
    const span = provider.getTracer('test').startSpan('process');
    const active = trace.setSpan(context.active(), span).setValue(EVENT_ID_KEY, 'ev-1');
    await context.with(active, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.log('scored', 'Scoring');
    });
    expect(records()[0]).toMatchObject({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId, eventId: 'ev-1' });
  });

  it('never writes personal data or secrets, in messages or stacks', () => {
    const error = new Error('card 4111111111111111 of jane@example.com, IBAN DE89370400440532013000');
    logger.error(`failed: ${error.message}`, error.stack, 'Scoring');
    logger.log({ note: 'Bearer abcdefghijklmnop' });
    const text = lines.join('');
    for (const secret of ['4111111111111111', 'jane@example.com', 'DE89370400440532013000', 'abcdefghijklmnop']) expect(text).not.toContain(secret);
    expect(records()[0]).toMatchObject({ level: 'error', context: 'Scoring', message: 'failed: card [PAN] of [EMAIL], IBAN [IBAN]' });
    expect(records()[0].stack).toContain('[PAN]');
  });

  it('drops levels below the configured one', () => {
    logger.debug('noise');
    logger.verbose('more noise');
    expect(lines).toEqual([]);
  });
});
