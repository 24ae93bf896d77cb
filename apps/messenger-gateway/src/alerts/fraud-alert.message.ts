import type { FraudAlertRaisedV1 } from '@kontor/contracts';
import { minorUnitsToDecimal } from '@kontor/money';
import type { CustomerLocale } from '../consent/customer-consent.entity';

export const FRAUD_FEEDBACK_PAYLOAD_PREFIX = 'FRAUD_FEEDBACK';
/**
 * Send API `metadata` of every push: Messenger hands it back in the message echo, which is how the gateway
 * learns that a push left even when it crashed before recording the Send API's answer.
 */
export const PUSH_METADATA_PREFIX = 'kontor-push:';
const MAX_REASONS = 3;

const TEXT = {
  en: {
    intro: (amount: string, merchant: string, card: string) => `Kontor security check: a payment of ${amount}${merchant}${card} looks unusual.`,
    merchant: (name: string) => ` at ${name}`,
    card: (last4: string) => ` with your card ending ${last4}`,
    question: 'Was this you?',
    genuine: 'It was me',
    fraud: 'Not me',
  },
  de: {
    intro: (amount: string, merchant: string, card: string) => `Kontor-Sicherheitscheck: Eine Zahlung über ${amount}${merchant}${card} wirkt ungewöhnlich.`,
    merchant: (name: string) => ` bei ${name}`,
    card: (last4: string) => ` mit Ihrer Karte mit der Endung ${last4}`,
    question: 'Waren Sie das?',
    genuine: 'Ja, das war ich',
    fraud: 'Nein, nicht ich',
  },
} as const;

/** Formats an exact minor-unit amount for the customer; Intl takes the decimal string, never a float. */
export function formatAmount(amountMinor: string, currency: string, locale: CustomerLocale): string {
  const decimal = minorUnitsToDecimal(amountMinor, currency);
  return new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB', { style: 'currency', currency }).format(decimal as unknown as number);
}

/**
 * The Send API request for a fraud alert: ACCOUNT_UPDATE tag (allowed outside the 24-hour window),
 * merchant, amount, card last four, the top reasons in plain language, and the two quick replies whose
 * payloads carry the alert id back as feedback. Nothing else about the account leaves Kontor.
 */
export function fraudAlertMessage(alert: FraudAlertRaisedV1, psid: string, locale: CustomerLocale): Record<string, unknown> {
  const t = TEXT[locale];
  const reasons = alert.reasons.slice(0, MAX_REASONS).map((r) => `• ${locale === 'de' ? r.messageDe : r.messageEn}`);
  const text = [
    t.intro(formatAmount(alert.amountMinor, alert.currency, locale), alert.merchantName ? t.merchant(alert.merchantName) : '', alert.card ? t.card(alert.card.last4) : ''),
    ...reasons,
    t.question,
  ].join('\n');
  return {
    recipient: { id: psid },
    messaging_type: 'MESSAGE_TAG',
    tag: 'ACCOUNT_UPDATE',
    message: {
      text,
      metadata: `${PUSH_METADATA_PREFIX}${alert.alertId}`,
      quick_replies: [
        { content_type: 'text', title: t.genuine, payload: `${FRAUD_FEEDBACK_PAYLOAD_PREFIX}|${alert.alertId}|GENUINE` },
        { content_type: 'text', title: t.fraud, payload: `${FRAUD_FEEDBACK_PAYLOAD_PREFIX}|${alert.alertId}|FRAUD` },
      ],
    },
  };
}
