import type { ConversationLocale, IntentName } from '../intent/intent.types';
import { quickReply } from './messenger-limits';
import { intentPayload } from './payloads';
import { TextMessage, TextQuickReply } from './send-api.types';

const MENU: Record<ConversationLocale, [IntentName, string][]> = {
  en: [
    ['balance', 'Balance'],
    ['recent_transactions', 'Transactions'],
    ['spending_by_category', 'Spending'],
    ['receipt', 'Receipts'],
    ['shipping_status', 'Deliveries'],
    ['list_consents', 'My consents'],
    ['access_log', 'Data access'],
    ['link_account', 'Link my bank'],
  ],
  de: [
    ['balance', 'Kontostand'],
    ['recent_transactions', 'Umsätze'],
    ['spending_by_category', 'Ausgaben'],
    ['receipt', 'Belege'],
    ['shipping_status', 'Sendungen'],
    ['list_consents', 'Einwilligungen'],
    ['access_log', 'Datenzugriffe'],
    ['link_account', 'Bank verknüpfen'],
  ],
};

const T = {
  en: {
    help: [
      'I can tell you about your linked accounts:',
      '• “What’s my balance?”',
      '• “Recent transactions” or “last 5 payments”',
      '• “Spending by category this month”',
      '• “How much at Amazon in October?”',
      '• “Receipt for my Zalando order”, “Where is my package?”',
      '• “My consents”, “unlink”, “What did you access?”',
      'Tap a button or just type.',
    ].join('\n'),
    greeting: 'Hi! I’m Kontor. Ask me about your balance, transactions or spending, or tap a button.',
    unknown: 'Sorry, I didn’t get that. Try “balance”, “transactions” or “help”.',
  },
  de: {
    help: [
      'Ich gebe Ihnen Auskunft zu Ihren verknüpften Konten:',
      '• „Kontostand“',
      '• „Letzte Umsätze“ oder „letzte 5 Zahlungen“',
      '• „Ausgaben nach Kategorie diesen Monat“',
      '• „Wie viel habe ich bei Amazon im Oktober ausgegeben?“',
      '• „Beleg für meine Zalando-Bestellung“, „Wo ist mein Paket?“',
      '• „Meine Einwilligungen“, „widerrufen“, „Was hast du abgerufen?“',
      'Tippen Sie auf eine Schaltfläche oder schreiben Sie einfach.',
    ].join('\n'),
    greeting: 'Hallo! Ich bin Kontor. Fragen Sie mich nach Kontostand, Umsätzen oder Ausgaben – oder tippen Sie auf eine Schaltfläche.',
    unknown: 'Das habe ich leider nicht verstanden. Versuchen Sie „Kontostand“, „Umsätze“ oder „Hilfe“.',
  },
} as const;

/** The main menu as quick replies (also what the persistent menu offers). */
export function menuQuickReplies(locale: ConversationLocale): TextQuickReply[] {
  return MENU[locale].map(([intent, title]) => quickReply(title, intentPayload(intent)));
}

export function helpReply(locale: ConversationLocale): TextMessage {
  return { text: T[locale].help, quick_replies: menuQuickReplies(locale) };
}

export function greetingReply(locale: ConversationLocale): TextMessage {
  return { text: T[locale].greeting, quick_replies: menuQuickReplies(locale).slice(0, 4) };
}

export function unknownReply(locale: ConversationLocale): TextMessage {
  return { text: T[locale].unknown, quick_replies: menuQuickReplies(locale).slice(0, 4) };
}
