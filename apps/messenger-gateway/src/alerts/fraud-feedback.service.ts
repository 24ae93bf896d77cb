import { Injectable } from '@nestjs/common';
import { DataSource, In, IsNull } from 'typeorm';
import { FraudFeedbackReceivedV1, FraudVerdict, Topics } from '@kontor/contracts';
import { OutboxWriter } from '@kontor/platform-outbox';
import { uuidV5 } from '@kontor/util';
import { AlertDeliveryEntity } from './alert-delivery.entity';
import { FRAUD_FEEDBACK_PAYLOAD_PREFIX } from './fraud-alert.message';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const VERDICTS: Record<string, FraudVerdict> = { GENUINE: 'genuine', FRAUD: 'fraud' };

/** `FRAUD_FEEDBACK|<alertId>|GENUINE|FRAUD` → its parts, or undefined for anything else. */
export function parseFeedbackPayload(payload: string): { alertId: string; verdict: FraudVerdict } | undefined {
  const [prefix, alertId, answer, ...rest] = payload.split('|');
  if (prefix !== FRAUD_FEEDBACK_PAYLOAD_PREFIX || rest.length > 0 || !UUID.test(alertId ?? '') || !VERDICTS[answer ?? '']) return undefined;
  return { alertId: alertId.toLowerCase(), verdict: VERDICTS[answer] };
}

/**
 * "It was me" / "Not me" becomes a FraudFeedbackReceivedV1 for fraud scoring, through the outbox in the
 * same transaction that records the answer on the delivery. Only the customer the alert was sent to can
 * answer it: a payload naming someone else's alert matches no delivery and is ignored. The feedback id is
 * derived from alert and verdict, so a redelivered webhook makes the same event (deduplicated downstream).
 */
@Injectable()
export class FraudFeedbackService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
  ) {}

  /** The latest fraud alert sent to this customer (confirmed or not) that has no answer yet (for a typed "not me"). */
  async latestUnanswered(psid: string): Promise<string | undefined> {
    const delivery = await this.dataSource.getRepository(AlertDeliveryEntity).findOne({
      where: { psid, kind: 'fraud_alert', status: In(['sent', 'unconfirmed']), feedbackVerdict: IsNull() },
      order: { createdAt: 'DESC' },
    });
    return delivery?.alertId;
  }

  async record(psid: string, alertId: string, verdict: FraudVerdict, answeredAt: Date): Promise<boolean> {
    const recorded = await this.dataSource.transaction(async (manager) => {
      const delivery = await manager.getRepository(AlertDeliveryEntity).findOneBy({ alertId, psid, kind: 'fraud_alert' });
      if (!delivery || !delivery.transactionId || !delivery.bankId || !delivery.accountRef) return false;
      await manager.getRepository(AlertDeliveryEntity).update({ alertId, psid }, { feedbackVerdict: verdict });
      const feedbackId = uuidV5(`fraud-feedback:${alertId}:${verdict}`);
      const payload: FraudFeedbackReceivedV1 = {
        feedbackId,
        alertId,
        transactionId: delivery.transactionId,
        bankId: delivery.bankId,
        accountRef: delivery.accountRef,
        verdict,
        channel: 'messenger',
        answeredAt: answeredAt.toISOString(),
      };
      await this.outbox.enqueue(manager, [{ topic: Topics.fraudFeedbackReceived, key: delivery.accountRef, payload, eventId: feedbackId }]);
      return true;
    });
    if (recorded) this.outbox.flush();
    return recorded;
  }
}
