import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { producerStateLost } from './event-publisher';

// What kafkajs throws when the broker answers with a protocol error code (here the ones of an idempotent producer).
const protocolError = (type: string, code: number) => new KafkaJSProtocolError({ type, code, retriable: false, message: type } as never);

describe('producerStateLost', () => {
  it('recognises a broker refusing the idempotent producer, however kafkajs wrapped it', () => {
    const outOfOrder = protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45);
    expect(producerStateLost(outOfOrder)).toBe(true);
    expect(producerStateLost(Object.assign(new KafkaJSNonRetriableError(outOfOrder), { cause: outOfOrder }))).toBe(true); // as the retrier wraps it
    expect(producerStateLost(new KafkaJSNumberOfRetriesExceeded(protocolError('UNKNOWN_PRODUCER_ID', 59), { retryCount: 3, retryTime: 1000 }))).toBe(true);
    expect(producerStateLost(protocolError('INVALID_PRODUCER_EPOCH', 47))).toBe(true);
  });

  it('leaves every other failure to the ordinary retry with the same producer', () => {
    expect(producerStateLost(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(producerStateLost(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBe(false);
    expect(producerStateLost(new Error('boom'))).toBe(false);
    expect(producerStateLost('not an error')).toBe(false);
  });
});
