import { BasicConversation } from './basic-conversation';

describe('BasicConversation (the gateway stand-in for libs/conversation)', () => {
  const conversation = new BasicConversation(() => new Date('2026-12-01T10:00:00Z'));

  it.each([
    ["What's my balance?", 'balance', 'en'],
    ['Kontostand', 'balance', 'de'],
    ['show recent transactions', 'recent_transactions', 'en'],
    ['Spending by category', 'spending_by_category', 'en'],
    ['Link my bank', 'link_account', 'en'],
    ['unlink', 'revoke_consent', 'en'],
    ['stop', 'revoke_consent', 'en'],
    ['What did you access?', 'access_log', 'en'],
    ['Where is my package?', 'shipping_status', 'en'],
    ['receipt', 'receipt', 'en'],
    ['help', 'help', 'en'],
    ['asdfgh', 'unknown', 'en'],
  ])('%s → %s', (text, intent, locale) => {
    expect(conversation.recognizeIntent(text)).toMatchObject({ intent, locale });
  });

  it('fills merchant and month for a search', () => {
    expect(conversation.recognizeIntent('How much at Amazon in October?')).toMatchObject({ intent: 'search_spending', slots: { merchant: 'Amazon', month: '2026-10' } });
    expect(conversation.recognizeIntent('Wie viel bei Rewe im Dezember?')).toMatchObject({ intent: 'search_spending', slots: { merchant: 'Rewe', month: '2026-12' }, locale: 'de' });
  });

  it('renders a receipt template with exact decimal amounts', () => {
    const message = conversation.render(
      { type: 'receipt', recipientName: 'DE89 •••• 3000', orderNumber: 'A-1', merchantName: 'Shop', placedAt: '2026-11-02T10:00:00Z', paymentMethod: '•••• 1111', total: { amountMinor: '4599', currency: 'EUR' }, items: [{ title: 'Book', quantity: 1, price: { amountMinor: '4599', currency: 'EUR' } }] },
      'en',
    );
    expect(message).toMatchObject({ attachment: { type: 'template', payload: { template_type: 'receipt', order_number: 'A-1', currency: 'EUR', payment_method: '•••• 1111', summary: { total_cost: 45.99 }, elements: [{ title: 'Book', price: 45.99 }] } } });
  });

  it('renders the account-link button', () => {
    expect(conversation.render({ type: 'link_account', url: 'https://kontor.example/link/x' }, 'de')).toMatchObject({
      attachment: { payload: { template_type: 'button', buttons: [{ type: 'account_link', url: 'https://kontor.example/link/x' }] } },
    });
  });

  it('has a persistent menu in both languages', () => {
    const profile = conversation.messengerProfile() as { persistent_menu: { locale: string; call_to_actions: unknown[] }[]; get_started: { payload: string } };
    expect(profile.get_started.payload).toBe('GET_STARTED');
    expect(profile.persistent_menu.map((m) => m.locale)).toEqual(['default', 'de_DE']);
    expect(profile.persistent_menu.every((m) => m.call_to_actions.length <= 20)).toBe(true);
  });
});
