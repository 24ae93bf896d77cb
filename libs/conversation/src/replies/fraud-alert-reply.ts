import type { FraudReason } from '@kontor/contracts';
import type { ConversationLocale } from '../intent/intent.types';
import { assertNoCardOrAccountNumber, CardLastFour } from './masked';
import { quickReply } from './messenger-limits';
import { formatMoney, MoneyAmount } from './money-format';
import { fraudFeedbackPayload, intentPayload } from './payloads';
import { TextMessage } from './send-api.types';
import { listText } from './text-list';

const MAX_REASONS = 3;

const T = {
  en: {
    intro: (amount: string, merchant: string, card: string) => `Kontor security check: a payment of ${amount}${merchant}${card} looks unusual.`,
    merchant: (name: string) => ` at ${name}`,
    card: (last4: string) => ` with your card ending ${last4}`,
    question: 'Was this you?',
    genuine: 'It was me',
    fraud: 'Not me',
    thanksGenuine: 'Thanks for confirming. Nothing else to do.',
    thanksFraud: 'Thank you. We have told your bank; please also call your bank to block the card.',
    more: (n: number) => `…and ${n} more reasons`,
    help: 'Help',
  },
  de: {
    intro: (amount: string, merchant: string, card: string) => `Kontor-Sicherheitscheck: Eine Zahlung über ${amount}${merchant}${card} wirkt ungewöhnlich.`,
    merchant: (name: string) => ` bei ${name}`,
    card: (last4: string) => ` mit Ihrer Karte mit der Endung ${last4}`,
    question: 'Waren Sie das?',
    genuine: 'Das war ich',
    fraud: 'Das war ich nicht',
    thanksGenuine: 'Danke für die Bestätigung. Sie müssen nichts weiter tun.',
    thanksFraud: 'Danke. Wir haben Ihre Bank informiert; bitte rufen Sie Ihre Bank auch an, um die Karte zu sperren.',
    more: (n: number) => `…und ${n} weitere Gründe`,
    help: 'Hilfe',
  },
} as const;

export interface FraudAlertInput {
  locale: ConversationLocale;
  alertId: string;
  merchantName?: string;
  amount: MoneyAmount;
  cardLastFour?: CardLastFour;
  /** Fraud scoring's reasons, shown in the customer's language (the top three). */
  reasons: FraudReason[];
}

/**
 * A fraud alert: merchant, amount, card last four and the reasons in plain language, with the quick
 * replies "It was me" / "Not me" ("Das war ich" / "Das war ich nicht") whose payloads carry the alert id.
 * The gateway sends it with the ACCOUNT_UPDATE tag.
 */
export function fraudAlertReply(input: FraudAlertInput): TextMessage {
  const t = T[input.locale];
  const reasons = input.reasons.slice(0, MAX_REASONS).map((r) => `• ${input.locale === 'de' ? r.messageDe : r.messageEn}`);
  const intro = t.intro(formatMoney(input.amount, input.locale), input.merchantName ? t.merchant(assertNoCardOrAccountNumber(input.merchantName)) : '', input.cardLastFour ? t.card(input.cardLastFour) : '');
  return {
    text: listText({ heading: intro, lines: reasons, closing: t.question, more: t.more }),
    quick_replies: [quickReply(t.genuine, fraudFeedbackPayload(input.alertId, 'genuine')), quickReply(t.fraud, fraudFeedbackPayload(input.alertId, 'fraud'))],
  };
}

export function fraudFeedbackAcknowledgementReply(input: { locale: ConversationLocale; verdict: 'genuine' | 'fraud' }): TextMessage {
  const t = T[input.locale];
  return { text: input.verdict === 'genuine' ? t.thanksGenuine : t.thanksFraud, quick_replies: [quickReply(t.help, intentPayload('help'))] };
}
