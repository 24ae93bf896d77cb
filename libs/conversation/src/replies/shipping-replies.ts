import type { ConversationLocale } from '../intent/intent.types';
import { assertNoCardOrAccountNumber } from './masked';
import { clip, MESSENGER_LIMITS, quickReply } from './messenger-limits';
import { formatDate } from './money-format';
import { intentPayload } from './payloads';
import { OutgoingMessage } from './send-api.types';
import { listText } from './text-list';

/** The statuses of `MerchantOrderReportedV1` (delayed, cancelled) and carriers' own (failed_attempt, exception). */
export type ShipmentStatus = 'ordered' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'delayed' | 'cancelled' | 'failed_attempt' | 'exception' | 'returned';

export interface ShipmentInfo {
  merchantName?: string;
  orderNumber?: string;
  status: ShipmentStatus;
  carrier?: string;
  trackingNumber?: string;
  /** The carrier's tracking page; with one shipment it becomes a button. */
  trackingUrl?: string;
  /** ISO date. */
  estimatedDelivery?: string;
}

const T = {
  en: {
    status: { ordered: 'ordered, not shipped yet', shipped: 'shipped', in_transit: 'on its way', out_for_delivery: 'out for delivery today', delivered: 'delivered', delayed: 'delayed', cancelled: 'cancelled', failed_attempt: 'delivery attempted, nobody home', exception: 'held up — check with the carrier', returned: 'returned to the merchant' } satisfies Record<ShipmentStatus, string>,
    heading: 'Your deliveries:',
    none: 'I know of no deliveries for your recent purchases. Merchants that report shipping show up here.',
    order: (merchant: string, number?: string) => `${merchant}${number ? ` order ${number}` : ''}`,
    yourOrder: 'Your order',
    via: (carrier: string, tracking?: string) => ` via ${carrier}${tracking ? ` (${tracking})` : ''}`,
    eta: (date: string) => `, expected ${date}`,
    track: 'Track parcel',
    more: (n: number) => `…and ${n} more`,
    receipts: 'Receipts',
  },
  de: {
    status: { ordered: 'bestellt, noch nicht versandt', shipped: 'versandt', in_transit: 'unterwegs', out_for_delivery: 'heute in Zustellung', delivered: 'zugestellt', delayed: 'verspätet', cancelled: 'storniert', failed_attempt: 'Zustellversuch, niemand angetroffen', exception: 'verzögert – bitte beim Zusteller nachfragen', returned: 'an den Händler zurückgeschickt' } satisfies Record<ShipmentStatus, string>,
    heading: 'Ihre Sendungen:',
    none: 'Zu Ihren letzten Einkäufen kenne ich keine Sendungen. Händler, die den Versand melden, erscheinen hier.',
    order: (merchant: string, number?: string) => `${merchant}${number ? ` Bestellung ${number}` : ''}`,
    yourOrder: 'Ihre Bestellung',
    via: (carrier: string, tracking?: string) => ` mit ${carrier}${tracking ? ` (${tracking})` : ''}`,
    eta: (date: string) => `, voraussichtlich ${date}`,
    track: 'Sendung verfolgen',
    more: (n: number) => `…und ${n} weitere`,
    receipts: 'Belege',
  },
} as const;

/** Shipping status of purchases whose merchants report it. One shipment with a tracking page gets a "Track" button. */
export function shippingStatusReply(input: { locale: ConversationLocale; shipments: ShipmentInfo[] }): OutgoingMessage {
  const t = T[input.locale];
  const quick_replies = [quickReply(t.receipts, intentPayload('receipt'))];
  if (input.shipments.length === 0) return { text: t.none, quick_replies };
  const line = (s: ShipmentInfo) => {
    const what = s.merchantName ? t.order(assertNoCardOrAccountNumber(s.merchantName), s.orderNumber) : t.yourOrder;
    return `• ${what}: ${t.status[s.status]}${s.carrier ? t.via(s.carrier, s.trackingNumber) : ''}${s.estimatedDelivery && s.status !== 'delivered' ? t.eta(formatDate(s.estimatedDelivery, input.locale)) : ''}`;
  };
  const [only] = input.shipments;
  if (input.shipments.length === 1 && only.trackingUrl) {
    return {
      attachment: {
        type: 'template',
        payload: { template_type: 'button', text: clip(line(only).slice(2), MESSENGER_LIMITS.buttonTemplateText), buttons: [{ type: 'web_url', title: t.track, url: only.trackingUrl }] },
      },
      quick_replies,
    };
  }
  return { text: listText({ heading: t.heading, lines: input.shipments.map(line), more: t.more }), quick_replies };
}
