import type { FraudAlertRaisedV1 } from '@kontor/contracts';
import { cardLastFour, fraudAlertReply } from '@kontor/conversation';
import type { CustomerLocale } from '../consent/customer-consent.entity';

export const FRAUD_FEEDBACK_PAYLOAD_PREFIX = 'FRAUD_FEEDBACK';
/**
 * Send API `metadata` of every push: Messenger hands it back in the message echo, which is how the gateway
 * learns that a push left even when it crashed before recording the Send API's answer.
 */
export const PUSH_METADATA_PREFIX = 'kontor-push:';
/**
 * The Send API request for a fraud alert: ACCOUNT_UPDATE tag (allowed outside the 24-hour window), and the
 * message from @kontor/conversation's `fraudAlertReply` — merchant, amount, card last four, the top reasons in
 * plain language, and "It was me" / "Not me" ("Das war ich" / "Das war ich nicht") quick replies whose
 * `FRAUD_FEEDBACK|<alertId>|GENUINE|FRAUD` payloads carry the alert id back as feedback. Nothing else about
 * the account leaves Kontor.
 */
export function fraudAlertMessage(alert: FraudAlertRaisedV1, psid: string, locale: CustomerLocale): Record<string, unknown> {
  const message = fraudAlertReply({
    locale,
    alertId: alert.alertId,
    ...(alert.merchantName ? { merchantName: alert.merchantName } : {}),
    amount: { amountMinor: alert.amountMinor, currency: alert.currency, currencyExponent: alert.currencyExponent },
    ...(alert.card ? { cardLastFour: cardLastFour(alert.card.last4) } : {}),
    reasons: alert.reasons,
  });
  return {
    recipient: { id: psid },
    messaging_type: 'MESSAGE_TAG',
    tag: 'ACCOUNT_UPDATE',
    message: { text: message.text, metadata: `${PUSH_METADATA_PREFIX}${alert.alertId}`, quick_replies: message.quick_replies },
  };
}
