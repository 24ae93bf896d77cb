import { MessageHeaders, Topics } from '@kontor/contracts';
import { aFraudAlertRaised } from '@kontor/contracts/testing';
import { tokenizeAccount } from '@kontor/privacy';
import { collectAllMessages, eventually, headerValue, uniqueSuffix } from '@kontor/testing';
import { GatewayHarness } from '../gateway.test-harness';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { FraudAlertConsumer } from './fraud-alert.consumer';

const IBAN = 'DE89370400440532013000';

/** A fraud alert goes out, the customer answers with a quick reply, fraud scoring gets FraudFeedbackReceivedV1. */
describe('fraud alert → customer answer → feedback event (real PostgreSQL and Kafka)', () => {
  let gateway: GatewayHarness;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_feedback');
  });

  afterAll(async () => {
    await gateway.close();
  });

  const feedbackTopic = () => `${gateway.config.KAFKA_TOPIC_PREFIX}${Topics.fraudFeedbackReceived.name}`;

  it('publishes the answer once through the outbox, keyed by account, and thanks the customer', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const bankId = `bank-${uniqueSuffix()}`;
    await gateway.grant(psid, bankId, IBAN, ['fraud_alerts']);
    const accountRef = tokenizeAccount(gateway.config.KONTOR_TOKENIZATION_KEY, bankId, IBAN);
    const alert = aFraudAlertRaised({ alertId: crypto.randomUUID(), transactionId: crypto.randomUUID(), bankId, accountRef, merchantName: 'Lucky Star Casino' });
    await gateway.app.get(FraudAlertConsumer).handleBatch([{ message: alert, context: { eventId: `e-${uniqueSuffix()}`, topic: 't', partition: 0, offset: '0', key: null } }]);

    const [push] = await gateway.waitForMessages(psid, 1);
    expect(gateway.sentTo(psid)[0].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE', message: { metadata: `kontor-push:${alert.alertId}` } });
    expect(push).toContain('Lucky Star Casino');
    expect(push).toContain('It was me');
    expect(push).toContain('Not me');
    // Messenger's echo of the push confirms it (the fake delivers echoes like Messenger).
    await eventually(async () => ((await gateway.dataSource.getRepository(AlertDeliveryEntity).findOneBy({ alertId: alert.alertId, psid }))?.status === 'sent' ? true : undefined));

    const mid = `mid.${uniqueSuffix()}`;
    await gateway.userTaps(psid, `FRAUD_FEEDBACK|${alert.alertId}|FRAUD`, 'Not me', mid);
    await gateway.userTaps(psid, `FRAUD_FEEDBACK|${alert.alertId}|FRAUD`, 'Not me', mid); // Meta redelivers the webhook
    const thanks = (await gateway.waitForMessages(psid, 2))[1];
    expect(thanks).toContain('We have told your bank');

    const events = await eventually(async () => {
      const found = (await collectAllMessages(feedbackTopic(), 1500)).filter((m) => m.value!.toString().includes(alert.alertId));
      return found.length > 0 ? found : undefined;
    });
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event.key!.toString()).toBe(accountRef);
    const payload = JSON.parse(event.value!.toString());
    expect(payload).toMatchObject({ alertId: alert.alertId, transactionId: alert.transactionId, bankId, accountRef, verdict: 'fraud', channel: 'messenger' });
    expect(headerValue(event, MessageHeaders.eventId)).toBe(payload.feedbackId);
    expect(event.value!.toString()).not.toContain(psid);
    expect(gateway.sentTo(psid)).toHaveLength(2);
    expect(await gateway.dataSource.getRepository(AlertDeliveryEntity).findOneBy({ alertId: alert.alertId, psid })).toMatchObject({ feedbackVerdict: 'fraud' });
  });

  it('takes a typed "not me" as the answer to the latest unanswered alert, and only once', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const bankId = `bank-${uniqueSuffix()}`;
    await gateway.grant(psid, bankId, IBAN, ['fraud_alerts']);
    const accountRef = tokenizeAccount(gateway.config.KONTOR_TOKENIZATION_KEY, bankId, IBAN);
    const alert = aFraudAlertRaised({ alertId: crypto.randomUUID(), transactionId: crypto.randomUUID(), bankId, accountRef });
    await gateway.app.get(FraudAlertConsumer).handleBatch([{ message: alert, context: { eventId: `e-${uniqueSuffix()}`, topic: 't', partition: 0, offset: '0', key: null } }]);
    await gateway.waitForMessages(psid, 1);
    await eventually(async () => ((await gateway.dataSource.getRepository(AlertDeliveryEntity).findOneBy({ alertId: alert.alertId, psid }))?.status === 'sent' ? true : undefined));

    await gateway.userSays(psid, 'that was not me!');
    expect((await gateway.waitForMessages(psid, 2))[1]).toContain('We have told your bank');
    // Answered: a second typed answer finds no open alert.
    await gateway.userSays(psid, 'it was me');
    expect((await gateway.waitForMessages(psid, 3))[2]).toContain('I found nothing for that.');

    const events = await eventually(async () => {
      const found = (await collectAllMessages(feedbackTopic(), 1500)).filter((m) => m.value!.toString().includes(alert.alertId));
      return found.length > 0 ? found : undefined;
    });
    expect(events.map((e) => JSON.parse(e.value!.toString()).verdict)).toEqual(['fraud']);
  });
});
