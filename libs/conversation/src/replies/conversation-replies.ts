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
    nothingFound: 'I found nothing for that.',
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
    nothingFound: 'Dazu habe ich nichts gefunden.',
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

/** A request that matched nothing of this customer's (an answered or foreign alert, an unknown item). */
export function nothingFoundReply(locale: ConversationLocale): TextMessage {
  return { text: T[locale].nothingFound, quick_replies: menuQuickReplies(locale).slice(0, 4) };
}

/** A persistent-menu entry (Messenger Profile API): a postback button, title ≤ 30 characters. */
export interface PersistentMenuItem {
  type: 'postback';
  title: string;
  payload: string;
}

export interface MessengerProfile {
  get_started: { payload: string };
  persistent_menu: { locale: string; composer_input_disabled: boolean; call_to_actions: PersistentMenuItem[] }[];
}

export const GET_STARTED_PAYLOAD = 'GET_STARTED';

/**
 * The body for `POST /me/messenger_profile`: the Get Started button and the persistent menu, English as
 * Messenger's `default` locale and German for `de_DE`. Menu postbacks carry the same payloads as the quick replies.
 */
export function messengerProfile(): MessengerProfile {
  const menu = (locale: ConversationLocale) => MENU[locale].slice(0, 6).map(([intent, title]): PersistentMenuItem => ({ type: 'postback', title, payload: intentPayload(intent) }));
  return {
    get_started: { payload: GET_STARTED_PAYLOAD },
    persistent_menu: [
      { locale: 'default', composer_input_disabled: false, call_to_actions: menu('en') },
      { locale: 'de_DE', composer_input_disabled: false, call_to_actions: menu('de') },
    ],
  };
}
