import { Producer } from 'kafkajs';
import { AccountBalanceV1, MessageHeaders, Topics } from '@kontor/contracts';
import { aNormalizedTransaction } from '@kontor/contracts/testing';
import { eventually, testKafka, uniqueSuffix } from '@kontor/testing';
import { GatewayHarness } from '../gateway.test-harness';
import { AccountBalanceEntity } from './account-balance.entity';
import { AccountTransactionEntity } from './account-transaction.entity';

/** The gateway's own read model, fed from Kafka: highest revision wins, redeliveries and stale updates change nothing. */
describe('read model of transactions and balances (real Kafka and PostgreSQL)', () => {
  let gateway: GatewayHarness;
  let producer: Producer;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_read_model', { MESSENGER_PROFILE_ON_START: 'false' });
    producer = testKafka().producer();
    await producer.connect();
  });

  afterAll(async () => {
    await producer.disconnect();
    await gateway.close();
  });

  const publish = (topic: { name: string }, key: string, payloads: object[]) =>
    producer.send({ topic: `${gateway.config.KAFKA_TOPIC_PREFIX}${topic.name}`, messages: payloads.map((p) => ({ key, value: JSON.stringify(p), headers: { [MessageHeaders.eventId]: crypto.randomUUID() } })) });

  it('keeps the highest revision of a transaction, whatever order the revisions arrive in', async () => {
    const transactionId = crypto.randomUUID();
    const base = aNormalizedTransaction({ transactionId, bankId: `bank-${uniqueSuffix()}` });
    await publish(Topics.transactionNormalized, base.accountRef, [
      { ...base, revision: 1, status: 'pending' },
      { ...base, revision: 3, status: 'reversed' },
      { ...base, revision: 2, status: 'booked' },
      { ...base, revision: 3, status: 'reversed' },
    ]);
    const row = await eventually(async () => {
      const found = await gateway.dataSource.getRepository(AccountTransactionEntity).findOneBy({ transactionId });
      return found?.revision === 3 ? found : undefined;
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await gateway.dataSource.getRepository(AccountTransactionEntity).findOneBy({ transactionId })).toMatchObject({ revision: 3, status: 'reversed', amountMinor: '4250', cardLast4: '1111' });
    expect(row.accountMasked).toBe('DE89 •••• 3000');
  });

  it('keeps the latest balance of an account', async () => {
    const bankId = `bank-${uniqueSuffix()}`;
    const balance = (bookedMinor: string, asOf: string): AccountBalanceV1 => ({
      bankId, accountRef: 'acc_test0000000000000001', accountMasked: 'DE89 •••• 3000', currency: 'EUR', currencyExponent: 2, bookedMinor, asOf, basis: 'statement', check: { status: 'unchecked' }, updatedAt: asOf,
    });
    await publish(Topics.accountBalance, 'acc_test0000000000000001', [balance('100', '2026-11-01T00:00:00Z'), balance('300', '2026-11-03T00:00:00Z'), balance('200', '2026-11-02T00:00:00Z')]);
    await eventually(async () => ((await gateway.dataSource.getRepository(AccountBalanceEntity).findOneBy({ bankId }))?.bookedMinor === '300' ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));
    expect(await gateway.dataSource.getRepository(AccountBalanceEntity).findOneBy({ bankId })).toMatchObject({ bookedMinor: '300' });
  });
});
