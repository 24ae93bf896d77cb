import { cardLastFour, maskedAccount, messengerLimitViolations, OutgoingMessage, parseReplyPayload, UnmaskedDataError } from '@kontor/conversation';
import { Reply } from './conversation.port';
import { LibraryConversation } from './library-conversation';

const conversation = new LibraryConversation(() => new Date('2026-12-01T10:00:00Z'));
const account = maskedAccount('DE89 •••• 3000');
const eur = (amountMinor: string) => ({ amountMinor, currency: 'EUR' });
const text = (message: unknown) => (message as { text: string }).text;
const payloads = (message: unknown) => ((message as { quick_replies?: { payload: string }[] }).quick_replies ?? []).map((q) => q.payload);
const ALERT_ID = '0b9f5a3e-1c1d-4c1e-9d7a-5b0b8f1f2a01';
const CONSENT_ID = '4f1c0c8e-7a0b-4b59-9a57-2d0b3f7c9e11';

/** One of each Reply variant, with the data the gateway would hand over. */
const REPLIES: Record<Reply['type'], Reply> = {
  balance: { type: 'balance', accounts: [{ accountMasked: account, booked: eur('123456'), available: eur('100000'), asOf: '2026-12-01T08:00:00.000Z' }] },
  recent_transactions: { type: 'recent_transactions', transactions: [{ accountMasked: account, bookingDate: '2026-11-30', name: 'REWE', amount: eur('2350'), direction: 'debit', cardLast4: cardLastFour('1111') }] },
  spending_by_category: { type: 'spending_by_category', month: '2026-11', categories: [{ category: 'groceries', total: eur('4700'), count: 2 }] },
  search_spending: { type: 'search_spending', merchant: 'Amazon', month: '2026-10', totals: [{ total: eur('5999'), count: 3 }] },
  receipt: {
    type: 'receipt',
    recipientName: account,
    orderNumber: 'Z-10203040',
    merchantName: 'Zalando',
    placedAt: '2026-11-28T12:00:00.000Z',
    cardLast4: cardLastFour('1111'),
    total: eur('8990'),
    shipping: eur('495'),
    items: [{ title: 'Sneakers', quantity: 1, price: eur('8495') }],
  },
  receipt_not_found: { type: 'receipt_not_found' },
  shipping_status: { type: 'shipping_status', orders: [{ merchantName: 'Zalando', orderNumber: 'Z-1', status: 'in_transit', carrier: 'DHL', trackingNumber: '00340434' }, { merchantName: 'Otto', orderNumber: 'O-2', status: 'delayed' }] },
  shipment_update: { type: 'shipment_update', merchantName: 'Zalando', orderNumber: 'Z-1', status: 'out_for_delivery', carrier: 'DHL', trackingUrl: 'https://dhl.example/track/1' },
  help: { type: 'help' },
  greeting: { type: 'greeting' },
  unknown: { type: 'unknown' },
  link_account: { type: 'link_account', url: 'http://127.0.0.1:3000/consent/start?code=abc' },
  linked: { type: 'linked', accounts: [account], scopes: ['balances', 'transactions'], expiresAt: '2027-03-01T00:00:00.000Z' },
  link_failed: { type: 'link_failed' },
  consent_required: { type: 'consent_required', scope: 'balances' },
  consent_list: { type: 'consent_list', consents: [{ consentId: CONSENT_ID, bankId: 'demo-bank', accountMasked: account, scopes: ['balances'], expiresAt: '2027-03-01T00:00:00.000Z' }] },
  consents_revoked: { type: 'consents_revoked', accounts: [account] },
  consent_expiring: { type: 'consent_expiring', accountMasked: account, expiresAt: '2026-12-05T00:00:00.000Z' },
  access_log: { type: 'access_log', entries: [{ accessedAt: '2026-12-01T09:30:00.000Z', consentId: CONSENT_ID, scope: 'balances', purpose: 'balance', accountMasked: account, recordCount: 1 }] },
  feedback_thanks: { type: 'feedback_thanks', verdict: 'fraud' },
  nothing_found: { type: 'nothing_found' },
};

describe('LibraryConversation (ConversationPort backed by @kontor/conversation)', () => {
  describe('render', () => {
    it.each(Object.keys(REPLIES))('renders %s in English and German within Messenger limits, with payloads the gateway parses', (type) => {
      for (const locale of ['en', 'de'] as const) {
        const message = conversation.render(REPLIES[type as Reply['type']], locale);
        expect(messengerLimitViolations(message as OutgoingMessage)).toEqual([]);
        for (const payload of payloads(message)) expect(parseReplyPayload(payload)).toBeDefined();
      }
    });

    it('balance: masked account, exact amount, booked balance', () => {
      expect(text(conversation.render(REPLIES.balance, 'en'))).toBe('Your balance:\n• DE89 •••• 3000: €1,234.56 (as of 1 Dec 2026)');
      expect(text(conversation.render(REPLIES.balance, 'de'))).toBe('Ihr Kontostand:\n• DE89 •••• 3000: 1.234,56\u00a0€ (Stand 1. Dez. 2026)');
    });

    it('recent transactions: debit signed, card by last four only', () => {
      expect(text(conversation.render(REPLIES.recent_transactions, 'en'))).toBe('Your recent transactions:\n• 30 Nov 2026 REWE: -€23.50 · card •1111');
    });

    it('spending by category and search', () => {
      expect(text(conversation.render(REPLIES.spending_by_category, 'en'))).toBe('Your spending in November 2026 by category:\n• Groceries: €47.00 (2 payments)\nTotal: €47.00');
      expect(text(conversation.render(REPLIES.search_spending, 'en'))).toBe('You spent €59.99 at Amazon in October 2026 (3 payments).');
      expect(text(conversation.render({ type: 'search_spending', merchant: 'Amazon', totals: [] }, 'en'))).toBe('I found no spending at Amazon.');
      const twoCurrencies = conversation.render({ type: 'search_spending', merchant: 'Amazon', totals: [{ total: eur('100'), count: 1 }, { total: { amountMinor: '500', currency: 'JPY' }, count: 1 }] }, 'en');
      expect(text(twoCurrencies)).toBe('You spent €1.00 at Amazon (1 payment).\nYou spent JP¥500 at Amazon (1 payment).');
    });

    it('receipt: a receipt template with exact amounts and the card last four', () => {
      expect(conversation.render(REPLIES.receipt, 'en')).toEqual({
        attachment: {
          type: 'template',
          payload: {
            template_type: 'receipt',
            recipient_name: 'DE89 •••• 3000',
            merchant_name: 'Zalando',
            order_number: 'Z-10203040',
            currency: 'EUR',
            payment_method: 'Card 1111',
            timestamp: String(Date.parse('2026-11-28T12:00:00.000Z') / 1000),
            elements: [{ title: 'Sneakers', quantity: 1, price: 84.95, currency: 'EUR' }],
            summary: { total_cost: 89.9, shipping_cost: 4.95 },
          },
        },
      });
    });

    it('receipt paid from the account names the account, not a card', () => {
      const { cardLast4: _card, ...fromAccount } = REPLIES.receipt as Extract<Reply, { type: 'receipt' }>;
      const payload = (conversation.render(fromAccount, 'de') as unknown as { attachment: { payload: { payment_method: string } } }).attachment.payload;
      expect(payload.payment_method).toBe('Konto 3000');
    });

    it('shipping: statuses of MerchantOrderReportedV1 in words; one shipment with tracking gets a button', () => {
      expect(text(conversation.render(REPLIES.shipping_status, 'en'))).toBe('Your deliveries:\n• Zalando order Z-1: on its way via DHL (00340434)\n• Otto order O-2: delayed');
      expect(conversation.render(REPLIES.shipment_update, 'en')).toMatchObject({
        attachment: { payload: { template_type: 'button', text: 'Zalando order Z-1: out for delivery today via DHL', buttons: [{ type: 'web_url', title: 'Track parcel', url: 'https://dhl.example/track/1' }] } },
      });
    });

    it('account linking: a button template with an account_link button', () => {
      expect(conversation.render(REPLIES.link_account, 'en')).toMatchObject({ attachment: { payload: { template_type: 'button', buttons: [{ type: 'account_link', url: 'http://127.0.0.1:3000/consent/start?code=abc' }] } } });
      expect(text(conversation.render(REPLIES.linked, 'en'))).toBe('Linked: DE89 •••• 3000. Kontor may use balances, transactions until 1 Mar 2027.');
      expect(text(conversation.render(REPLIES.link_failed, 'de'))).toContain('Verknüpfung wurde nicht abgeschlossen');
    });

    it('consents: one revoke quick reply per consent, in the payload format the gateway parses', () => {
      const message = conversation.render(REPLIES.consent_list, 'en');
      expect(text(message)).toBe('You have allowed Kontor to use:\n• demo-bank (DE89 •••• 3000): balances — until 1 Mar 2027\nTap one to revoke it.');
      expect(payloads(message)).toEqual([`CONSENT_REVOKE|${CONSENT_ID}`, 'INTENT|link_account']);
      expect(text(conversation.render(REPLIES.consents_revoked, 'en'))).toContain('no longer uses your data from DE89 •••• 3000');
      expect(text(conversation.render({ type: 'consents_revoked', accounts: [] }, 'en'))).toBe('There was nothing to revoke.');
      expect(text(conversation.render(REPLIES.consent_required, 'en'))).toBe('To show you balances, Kontor needs your consent. Link your bank and allow balances.');
      expect(text(conversation.render(REPLIES.consent_expiring, 'en'))).toBe('Your consent for DE89 •••• 3000 ends on 5 Dec 2026. Link your bank again to keep using Kontor.');
    });

    it('access log: who read what, when, under which scope', () => {
      expect(text(conversation.render(REPLIES.access_log, 'en'))).toBe('This is what Kontor read from your bank data:\n• 1 Dec, 09:30: balances of DE89 •••• 3000 for “balance”');
      expect(text(conversation.render({ type: 'access_log', entries: [] }, 'en'))).toBe('Kontor has not read any of your bank data.');
    });

    it('help, greeting, unknown, feedback and nothing found', () => {
      expect(payloads(conversation.render(REPLIES.help, 'en'))).toContain('INTENT|balance');
      expect(text(conversation.render(REPLIES.greeting, 'de'))).toMatch(/^Hallo!/);
      expect(text(conversation.render(REPLIES.unknown, 'en'))).toMatch(/^Sorry, I didn’t get that/);
      expect(text(conversation.render(REPLIES.feedback_thanks, 'en'))).toMatch(/^Thank you. We have told your bank/);
      expect(text(conversation.render(REPLIES.nothing_found, 'en'))).toBe('I found nothing for that.');
      expect(text(conversation.render(REPLIES.receipt_not_found, 'en'))).toMatch(/^I have no receipt/);
    });

    it('takes only masked accounts and card last four (a raw IBAN or PAN does not type-check, nor pass at run time)', () => {
      // @ts-expect-error a plain string is not a MaskedAccount
      const raw: Reply = { type: 'balance', accounts: [{ accountMasked: 'DE89370400440532013000', booked: eur('1'), asOf: '2026-12-01' }] };
      expect(raw.type).toBe('balance');
      // @ts-expect-error a plain string is not a CardLastFour
      const pan: Reply = { type: 'recent_transactions', transactions: [{ accountMasked: account, bookingDate: '2026-12-01', amount: eur('1'), direction: 'debit', cardLast4: '4111111111111111' }] };
      expect(pan.type).toBe('recent_transactions');
      expect(() => maskedAccount('DE89370400440532013000')).toThrow(UnmaskedDataError);
      expect(() => cardLastFour('4111111111111111')).toThrow(UnmaskedDataError);
    });
  });

  describe('recognizeIntent', () => {
    it.each([
      ['Kontostand?', 'balance', 'de'],
      ["what's my balance", 'balance', 'en'],
      ['whats my balnce', 'balance', 'en'],
      ['Link my bank', 'link_account', 'en'],
      ['what did you access?', 'access_log', 'en'],
      ['unlink', 'revoke_consent', 'en'],
      ['Not me', 'fraud_feedback_fraud', 'en'],
    ])('%j → %s (%s)', (phrase, intent, locale) => {
      expect(conversation.recognizeIntent(phrase)).toMatchObject({ intent, locale });
    });

    it('resolves the merchant and month slots against the clock', () => {
      expect(conversation.recognizeIntent('how much at Amazon in October?')).toMatchObject({ intent: 'search_spending', slots: { merchant: 'Amazon', month: '2026-10' } });
    });
  });

  it('offers the Get Started button and a menu whose postbacks the gateway parses', () => {
    const profile = conversation.messengerProfile() as { get_started: { payload: string }; persistent_menu: { call_to_actions: { payload: string }[] }[] };
    expect(profile.get_started.payload).toBe('GET_STARTED');
    for (const menu of profile.persistent_menu) for (const item of menu.call_to_actions) expect(parseReplyPayload(item.payload)).toBeDefined();
  });

  it('parses the fraud alert payload the gateway sends', () => {
    expect(parseReplyPayload(`FRAUD_FEEDBACK|${ALERT_ID}|FRAUD`)).toEqual({ kind: 'fraud_feedback', alertId: ALERT_ID, verdict: 'fraud' });
  });
});
