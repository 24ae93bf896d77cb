import { cardLastFour, UnmaskedDataError } from './masked';
import { messengerLimitViolations } from './messenger-limits';
import { receiptNotFoundReply, receiptReply, ReceiptInput } from './receipt-template';

const order: ReceiptInput = {
  locale: 'en',
  recipientName: 'Erika Mustermann',
  merchantName: 'Zalando',
  orderNumber: '10203040',
  currency: 'EUR',
  card: { brand: 'Visa', lastFour: cardLastFour('1111') },
  orderedAt: '2026-11-28T10:15:30Z',
  orderUrl: 'https://shop.example/orders/10203040',
  items: [
    { title: 'Sneakers', subtitle: 'Size 42', quantity: 1, priceMinor: '8995' },
    { title: 'Socks', quantity: 2, priceMinor: '1000', imageUrl: 'https://shop.example/socks.png' },
  ],
  summary: { subtotalMinor: '9995', shippingCostMinor: '495', totalTaxMinor: '1675', totalCostMinor: '10490' },
  adjustments: [{ name: 'Welcome voucher', amountMinor: '500' }],
};

describe('receiptReply', () => {
  it('builds Messenger’s receipt template with exact decimal amounts', () => {
    const message = receiptReply(order);
    expect(message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'receipt',
          recipient_name: 'Erika Mustermann',
          merchant_name: 'Zalando',
          order_number: '10203040',
          currency: 'EUR',
          payment_method: 'Visa 1111',
          timestamp: '1795860930',
          order_url: 'https://shop.example/orders/10203040',
          elements: [
            { title: 'Sneakers', subtitle: 'Size 42', quantity: 1, price: 89.95, currency: 'EUR' },
            { title: 'Socks', quantity: 2, price: 10, currency: 'EUR', image_url: 'https://shop.example/socks.png' },
          ],
          summary: { subtotal: 99.95, shipping_cost: 4.95, total_tax: 16.75, total_cost: 104.9 },
          adjustments: [{ name: 'Welcome voucher', amount: 5 }],
        },
      },
    });
    expect(JSON.stringify(message)).toContain('"summary":{"total_cost":104.9,"subtotal":99.95,"shipping_cost":4.95,"total_tax":16.75}');
    expect(messengerLimitViolations(message)).toEqual([]);
  });

  it('names the card "Karte" in German when the brand is unknown', () => {
    const message = receiptReply({ ...order, locale: 'de', card: { lastFour: cardLastFour('4242') } });
    expect(message.attachment.payload).toMatchObject({ payment_method: 'Karte 4242' });
  });

  it('keeps at most 100 elements', () => {
    const items = Array.from({ length: 150 }, (_, i) => ({ title: `Item ${i}`, priceMinor: '100' }));
    const payload = receiptReply({ ...order, items }).attachment.payload;
    expect(payload.template_type === 'receipt' && payload.elements).toHaveLength(100);
  });

  it('never carries more of the card than the last four', () => {
    // @ts-expect-error a PAN is not a CardLastFour
    const typed = () => receiptReply({ ...order, card: { lastFour: '4111111111111111' } });
    expect(typeof typed).toBe('function');
    expect(() => receiptReply({ ...order, card: { brand: 'Visa 4111111111111111', lastFour: cardLastFour('1111') } })).toThrow(UnmaskedDataError);
    expect(() => receiptReply({ ...order, items: [{ title: 'Gift card 4111 1111 1111 1111', priceMinor: '100' }] })).toThrow(UnmaskedDataError);
  });

  it('refuses amounts that are not exact minor units or too large for a JSON number', () => {
    expect(() => receiptReply({ ...order, summary: { totalCostMinor: '12.5' } })).toThrow();
    expect(() => receiptReply({ ...order, summary: { totalCostMinor: '999999999999999999' } })).toThrow('exactly');
  });
});

describe('receiptNotFoundReply', () => {
  it('says there is no receipt, naming the merchant if asked for one', () => {
    expect(receiptNotFoundReply({ locale: 'en', merchant: 'IKEA' }).text).toBe('I have no receipt from IKEA. Receipts appear for purchases whose merchants send order details.');
    expect(receiptNotFoundReply({ locale: 'de' }).text).toMatch(/^Ich habe keinen Beleg\. /);
  });
});
