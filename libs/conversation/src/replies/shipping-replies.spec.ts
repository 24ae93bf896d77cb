import { messengerLimitViolations } from './messenger-limits';
import { shippingStatusReply } from './shipping-replies';

describe('shippingStatusReply', () => {
  it('gives one tracked shipment a Track button', () => {
    const message = shippingStatusReply({
      locale: 'en',
      shipments: [{ merchantName: 'Zalando', orderNumber: '10203040', status: 'in_transit', carrier: 'DHL', trackingNumber: '00340434161234567890', trackingUrl: 'https://track.example/00340434161234567890', estimatedDelivery: '2026-12-03' }],
    });
    expect(message).toEqual({
      attachment: {
        type: 'template',
        payload: {
          template_type: 'button',
          text: 'Zalando order 10203040: on its way via DHL (00340434161234567890), expected 3 Dec 2026',
          buttons: [{ type: 'web_url', title: 'Track parcel', url: 'https://track.example/00340434161234567890' }],
        },
      },
      quick_replies: [{ content_type: 'text', title: 'Receipts', payload: 'INTENT|receipt' }],
    });
    expect(messengerLimitViolations(message)).toEqual([]);
  });

  it('lists several shipments in German', () => {
    const message = shippingStatusReply({
      locale: 'de',
      shipments: [
        { merchantName: 'Otto', status: 'delivered', carrier: 'Hermes', estimatedDelivery: '2026-11-30' },
        { status: 'out_for_delivery' },
      ],
    });
    expect('text' in message && message.text).toBe('Ihre Sendungen:\n• Otto: zugestellt mit Hermes\n• Ihre Bestellung: heute in Zustellung');
  });

  it('says when there is nothing to track', () => {
    const message = shippingStatusReply({ locale: 'en', shipments: [] });
    expect('text' in message && message.text).toMatch(/^I know of no deliveries/);
  });
});

describe('shippingStatusReply with the statuses of MerchantOrderReportedV1', () => {
  it('names delayed and cancelled orders', () => {
    const message = shippingStatusReply({ locale: 'de', shipments: [{ merchantName: 'Otto', orderNumber: 'O-1', status: 'delayed' }, { merchantName: 'Otto', orderNumber: 'O-2', status: 'cancelled' }] });
    expect('text' in message && message.text).toBe('Ihre Sendungen:\n• Otto Bestellung O-1: verspätet\n• Otto Bestellung O-2: storniert');
  });
});

