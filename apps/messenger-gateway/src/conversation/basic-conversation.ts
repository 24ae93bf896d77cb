import { minorUnitsToDecimal } from '@kontor/money';
import { formatAmount } from '../alerts/fraud-alert.message';
import { ConversationPort, IntentName, Locale, Money, Payloads, QuickReply, RecognizedIntent, Reply, SendApiMessage } from './conversation.port';

/**
 * The gateway's stand-in for libs/conversation: keyword intents in English and German and plain replies.
 * Deliberately small (no typo tolerance); the library replaces it.
 */
const RULES: { intent: IntentName; en: RegExp; de: RegExp }[] = [
  { intent: 'access_log', en: /what did you access|access log|who (read|saw)/, de: /worauf.*zugegriffen|zugriffs?protokoll/ },
  { intent: 'revoke_consent', en: /\b(unlink|stop|revoke)\b/, de: /\b(trennen|widerrufen|stopp)\b/ },
  { intent: 'list_consents', en: /\bconsents?\b|permissions/, de: /einwilligung|berechtigung/ },
  { intent: 'link_account', en: /\blink\b|connect my bank/, de: /verknüpf|verbinden/ },
  { intent: 'search_spending', en: /how much .*\bat\b/, de: /wie ?viel .*\bbei\b/ },
  { intent: 'spending_by_category', en: /categor|spending|spent/, de: /kategorie|ausgaben/ },
  { intent: 'receipt', en: /receipt/, de: /beleg|quittung/ },
  { intent: 'shipping_status', en: /ship|deliver|track|parcel|package/, de: /versand|lieferung|paket|sendung/ },
  { intent: 'recent_transactions', en: /transaction|payments|recent/, de: /umsätze|umsaetze|buchungen|transaktion/ },
  { intent: 'balance', en: /balance|how much (money|do i have)/, de: /kontostand|guthaben/ },
  { intent: 'help', en: /\bhelp\b|what can you do/, de: /\bhilfe\b|was kannst du/ },
  { intent: 'greeting', en: /^(hi|hello|hey)\b/, de: /^(hallo|moin|guten (tag|morgen|abend))\b/ },
];

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  januar: 1, februar: 2, märz: 3, maerz: 3, juni: 6, juli: 7, oktober: 10, dezember: 12,
};

function guessLocale(text: string): Locale {
  return /\b(ich|mein|meine|wie|was|bei|hilfe|kontostand|umsätze|im)\b|[äöüß]/.test(text) ? 'de' : 'en';
}

function monthSlot(text: string, now: Date): string | undefined {
  for (const [name, month] of Object.entries(MONTHS)) {
    if (new RegExp(`\\b${name}\\b`).test(text)) {
      const year = month > now.getUTCMonth() + 1 ? now.getUTCFullYear() - 1 : now.getUTCFullYear();
      return `${year}-${String(month).padStart(2, '0')}`;
    }
  }
  return undefined;
}

const T = {
  en: {
    balance: 'Balance', available: 'available', recent: 'Your recent transactions:', spending: (m: string) => `Your spending in ${m}:`,
    search: (merchant: string, m?: string) => `At ${merchant}${m ? ` in ${m}` : ''} you spent`, payments: (n: number) => `${n} payment${n === 1 ? '' : 's'}`,
    help: 'I can show your balance, recent transactions, spending by category, how much you spent at a shop, receipts and shipping status. Say "unlink" to revoke access, "what did you access?" to see what I read.',
    greeting: 'Hello! How can I help?', unknown: 'Sorry, I did not understand. Try "balance" or "help".',
    link: 'Link your bank account to Kontor. You choose which accounts and what I may see.', linkButton: 'Link my bank',
    linked: (a: string, s: string, e: string) => `Linked ${a}. I may show: ${s}, until ${e}.`, linkFailed: 'Linking did not complete. You can try again any time.',
    consentRequired: (s: string) => `You have not allowed me to see your ${s}. Link your bank and choose "${s}" to use this.`,
    consentList: 'Your consents:', noConsents: 'You have no active consents.', revokeAll: 'Revoke all',
    revoke: (a: string) => `Revoke ${a}`, revoked: (a: string) => (a ? `Done. I can no longer see ${a}.` : 'There was nothing to revoke.'),
    expiring: (a: string, e: string) => `Your consent for ${a} ends on ${e}. Link again to keep using Kontor.`,
    accessLog: 'What I read recently:', noAccess: 'I have not read any of your data.', thanksGenuine: 'Thanks, noted that it was you.',
    thanksFraud: 'Thanks. We told your bank, which will contact you. Consider blocking your card in your banking app.',
    nothing: 'I found nothing.', shipping: 'Your orders:', shipmentUpdate: (m: string, o: string, s: string) => `Update on your order ${o} at ${m}: ${s}.`,
    menu: { balance: 'Balance', transactions: 'Recent transactions', more: 'More', spending: 'Spending this month', consents: 'My consents', access: 'What did you access?', help: 'Help' },
  },
  de: {
    balance: 'Kontostand', available: 'verfügbar', recent: 'Ihre letzten Umsätze:', spending: (m: string) => `Ihre Ausgaben im ${m}:`,
    search: (merchant: string, m?: string) => `Bei ${merchant}${m ? ` im ${m}` : ''} haben Sie ausgegeben`, payments: (n: number) => `${n} Zahlung${n === 1 ? '' : 'en'}`,
    help: 'Ich zeige Kontostand, letzte Umsätze, Ausgaben nach Kategorie, Ausgaben bei einem Händler, Belege und Versandstatus. Mit „trennen“ widerrufen Sie den Zugriff, „Worauf hast du zugegriffen?“ zeigt, was ich gelesen habe.',
    greeting: 'Hallo! Wie kann ich helfen?', unknown: 'Das habe ich nicht verstanden. Versuchen Sie „Kontostand“ oder „Hilfe“.',
    link: 'Verknüpfen Sie Ihr Bankkonto mit Kontor. Sie wählen, welche Konten und was ich sehen darf.', linkButton: 'Bank verknüpfen',
    linked: (a: string, s: string, e: string) => `${a} verknüpft. Ich darf zeigen: ${s}, bis ${e}.`, linkFailed: 'Die Verknüpfung wurde nicht abgeschlossen.',
    consentRequired: (s: string) => `Sie haben mir nicht erlaubt, ${s} zu sehen. Verknüpfen Sie Ihre Bank und wählen Sie „${s}“.`,
    consentList: 'Ihre Einwilligungen:', noConsents: 'Sie haben keine gültigen Einwilligungen.', revokeAll: 'Alle widerrufen',
    revoke: (a: string) => `${a} widerrufen`, revoked: (a: string) => (a ? `Erledigt. Ich kann ${a} nicht mehr sehen.` : 'Es gab nichts zu widerrufen.'),
    expiring: (a: string, e: string) => `Ihre Einwilligung für ${a} endet am ${e}. Verknüpfen Sie erneut, um Kontor weiter zu nutzen.`,
    accessLog: 'Was ich zuletzt gelesen habe:', noAccess: 'Ich habe keine Ihrer Daten gelesen.', thanksGenuine: 'Danke, wir haben vermerkt, dass Sie es waren.',
    thanksFraud: 'Danke. Wir haben Ihre Bank informiert, sie meldet sich bei Ihnen. Sperren Sie Ihre Karte am besten in Ihrer Banking-App.',
    nothing: 'Ich habe nichts gefunden.', shipping: 'Ihre Bestellungen:', shipmentUpdate: (m: string, o: string, s: string) => `Neuigkeiten zu Ihrer Bestellung ${o} bei ${m}: ${s}.`,
    menu: { balance: 'Kontostand', transactions: 'Letzte Umsätze', more: 'Mehr', spending: 'Ausgaben diesen Monat', consents: 'Meine Einwilligungen', access: 'Worauf hast du zugegriffen?', help: 'Hilfe' },
  },
} as const;

export class BasicConversation implements ConversationPort {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  recognizeIntent(text: string, locale?: Locale): RecognizedIntent {
    const normalized = text.toLowerCase().trim();
    const detected = locale ?? guessLocale(normalized);
    for (const rule of RULES) {
      if (rule.en.test(normalized) || rule.de.test(normalized)) {
        const slots: RecognizedIntent['slots'] = {};
        const month = monthSlot(normalized, this.clock());
        if (month) slots.month = month;
        const merchant = /\b(?:at|bei)\s+(.+?)(?:\s+(?:in|im)\s+\p{L}+)?[?!.]*$/u.exec(text.trim());
        if (rule.intent === 'search_spending' && merchant) slots.merchant = merchant[1].trim();
        return { intent: rule.intent, slots, locale: detected, confidence: 0.8 };
      }
    }
    return { intent: 'unknown', slots: {}, locale: detected, confidence: 0 };
  }

  render(reply: Reply, locale: Locale): SendApiMessage {
    const t = T[locale];
    const money = (m: Money) => formatAmount(m.amountMinor, m.currency, locale);
    const text = (value: string, quickReplies?: QuickReply[]): SendApiMessage => (quickReplies ? { text: value, quick_replies: quickReplies } : { text: value });
    const scopeList = (scopes: readonly string[]) => scopes.join(', ');
    switch (reply.type) {
      case 'balance':
        if (reply.accounts.length === 0) return text(t.nothing);
        return text(reply.accounts.map((a) => `${t.balance} ${a.accountMasked}: ${money(a.booked)}${a.available ? ` (${money(a.available)} ${t.available})` : ''}`).join('\n'));
      case 'recent_transactions':
        if (reply.transactions.length === 0) return text(t.nothing);
        return text(
          [t.recent, ...reply.transactions.map((x) => `${x.bookingDate} ${x.name ?? ''} ${x.direction === 'debit' ? '−' : '+'}${money(x.amount)}${x.cardLast4 ? ` (•••• ${x.cardLast4})` : ''} · ${x.accountMasked}`)].join('\n'),
        );
      case 'spending_by_category':
        if (reply.categories.length === 0) return text(t.nothing);
        return text([t.spending(reply.month), ...reply.categories.map((c) => `• ${c.category}: ${money(c.total)} (${t.payments(c.count)})`)].join('\n'));
      case 'search_spending':
        if (reply.totals.length === 0) return text(t.nothing);
        return text(`${t.search(reply.merchant, reply.month)} ${reply.totals.map((x) => `${money(x.total)} (${t.payments(x.count)})`).join(', ')}.`);
      case 'receipt':
        return {
          attachment: {
            type: 'template',
            payload: {
              template_type: 'receipt',
              recipient_name: reply.recipientName,
              order_number: reply.orderNumber,
              currency: reply.total.currency,
              payment_method: reply.paymentMethod,
              timestamp: String(Math.floor(Date.parse(reply.placedAt) / 1000)),
              elements: reply.items.map((i) => ({ title: i.title, quantity: i.quantity, price: Number(decimal(i.price)), currency: i.price.currency, ...(i.imageUrl ? { image_url: i.imageUrl } : {}) })),
              summary: {
                total_cost: Number(decimal(reply.total)),
                ...(reply.shipping ? { shipping_cost: Number(decimal(reply.shipping)) } : {}),
                ...(reply.tax ? { total_tax: Number(decimal(reply.tax)) } : {}),
              },
            },
          },
        };
      case 'shipping_status':
        if (reply.orders.length === 0) return text(t.nothing);
        return text([t.shipping, ...reply.orders.map((o) => `• ${o.merchantName} ${o.orderNumber}: ${o.status}${o.carrier ? `, ${o.carrier}` : ''}${o.trackingNumber ? ` ${o.trackingNumber}` : ''}`)].join('\n'));
      case 'shipment_update':
        return text(`${t.shipmentUpdate(reply.merchantName, reply.orderNumber, reply.status)}${reply.carrier ? ` ${reply.carrier}` : ''}${reply.trackingNumber ? ` ${reply.trackingNumber}` : ''}`);
      case 'help':
        return text(t.help, this.mainQuickReplies(locale));
      case 'greeting':
        return text(t.greeting, this.mainQuickReplies(locale));
      case 'unknown':
        return text(t.unknown, this.mainQuickReplies(locale));
      case 'link_account':
        return { attachment: { type: 'template', payload: { template_type: 'button', text: t.link, buttons: [{ type: 'account_link', url: reply.url }] } } };
      case 'linked':
        return text(t.linked(reply.accounts.join(', '), scopeList(reply.scopes), reply.expiresAt.slice(0, 10)), this.mainQuickReplies(locale));
      case 'link_failed':
        return text(t.linkFailed);
      case 'consent_required':
        return text(t.consentRequired(reply.scope), [{ content_type: 'text', title: t.linkButton, payload: Payloads.intent('link_account') }]);
      case 'consent_list':
        if (reply.consents.length === 0) return text(t.noConsents);
        return text(
          [t.consentList, ...reply.consents.map((c) => `• ${c.accountMasked}: ${scopeList(c.scopes)} (→ ${c.expiresAt.slice(0, 10)})`)].join('\n'),
          [...reply.consents.slice(0, 10).map((c) => ({ content_type: 'text' as const, title: t.revoke(c.accountMasked).slice(0, 20), payload: Payloads.revokeConsent(c.consentId) })), { content_type: 'text', title: t.revokeAll, payload: Payloads.revokeConsent('ALL') }],
        );
      case 'consents_revoked':
        return text(t.revoked(reply.accounts.join(', ')));
      case 'consent_expiring':
        return text(t.expiring(reply.accountMasked, reply.expiresAt.slice(0, 10)), [{ content_type: 'text', title: t.linkButton, payload: Payloads.intent('link_account') }]);
      case 'access_log':
        if (reply.entries.length === 0) return text(t.noAccess);
        return text([t.accessLog, ...reply.entries.map((e) => `• ${e.accessedAt.slice(0, 16).replace('T', ' ')} ${e.scope} (${e.purpose}) ${e.accountMasked}: ${e.recordCount}`)].join('\n'));
      case 'feedback_thanks':
        return text(reply.verdict === 'genuine' ? t.thanksGenuine : t.thanksFraud);
      case 'nothing_found':
        return text(t.nothing);
    }
  }

  private mainQuickReplies(locale: Locale): QuickReply[] {
    const m = T[locale].menu;
    return [
      { content_type: 'text', title: m.balance, payload: Payloads.intent('balance') },
      { content_type: 'text', title: m.transactions, payload: Payloads.intent('recent_transactions') },
      { content_type: 'text', title: m.spending.slice(0, 20), payload: Payloads.intent('spending_by_category') },
    ];
  }

  messengerProfile(): Record<string, unknown> {
    const menu = (locale: Locale, name: string) => {
      const m = T[locale].menu;
      return {
        locale: name,
        composer_input_disabled: false,
        call_to_actions: [
          { type: 'postback', title: m.balance, payload: Payloads.intent('balance') },
          { type: 'postback', title: m.transactions, payload: Payloads.intent('recent_transactions') },
          { type: 'postback', title: m.consents, payload: Payloads.intent('list_consents') },
          { type: 'postback', title: m.access, payload: Payloads.intent('access_log') },
          { type: 'postback', title: m.help, payload: Payloads.intent('help') },
        ],
      };
    };
    return {
      get_started: { payload: Payloads.getStarted },
      greeting: [
        { locale: 'default', text: 'Kontor: your bank accounts in Messenger, only with your consent.' },
        { locale: 'de_DE', text: 'Kontor: Ihre Bankkonten im Messenger, nur mit Ihrer Einwilligung.' },
      ],
      persistent_menu: [menu('en', 'default'), menu('de', 'de_DE')],
    };
  }
}

/** Receipt templates take numbers; the exact decimal string goes in, and the template only displays it. */
function decimal(money: Money): string {
  return minorUnitsToDecimal(money.amountMinor, money.currency);
}
