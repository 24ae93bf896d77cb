import { currencyExponent } from '@kontor/money';
import type { ConversationLocale } from '../intent/intent.types';
import { assertNoCardOrAccountNumber, CardLastFour, UnmaskedDataError } from './masked';
import { clip, MESSENGER_LIMITS, quickReply } from './messenger-limits';
import { receiptNumber } from './money-format';
import { intentPayload } from './payloads';
import { AttachmentMessage, ReceiptAddress, ReceiptElement, ReceiptTemplatePayload, TextMessage } from './send-api.types';

export interface ReceiptItem {
  title: string;
  subtitle?: string;
  quantity?: number;
  /** Price of the line in minor units of the order's currency. "0" for free items. */
  priceMinor: string;
  imageUrl?: string;
}

export interface ReceiptInput {
  locale: ConversationLocale;
  recipientName: string;
  merchantName?: string;
  /** The merchant's order number (Messenger wants it unique per receipt). */
  orderNumber: string;
  currency: string;
  /** The card the order was paid with: its brand and last four digits, never more. */
  card: { brand?: string; lastFour: CardLastFour };
  /** When the order was placed, ISO 8601. */
  orderedAt?: string;
  orderUrl?: string;
  address?: ReceiptAddress;
  items: ReceiptItem[];
  summary: { subtotalMinor?: string; shippingCostMinor?: string; totalTaxMinor?: string; totalCostMinor: string };
  adjustments?: { name: string; amountMinor: string }[];
}

const CARD = { en: 'Card', de: 'Karte' } as const;

/**
 * A Messenger receipt template (attachment type `template`, `template_type: receipt`) for an order paid by
 * card. Amounts are minor-unit strings in and exact decimal numbers out (see `receiptNumber`); the payment
 * method is the brand and the last four digits. Messenger shows at most 100 elements, so further items are
 * left out of the list (the summary still states the full total).
 */
export function receiptReply(input: ReceiptInput): AttachmentMessage {
  currencyExponent(input.currency);
  if (input.orderedAt && Number.isNaN(Date.parse(input.orderedAt))) throw new RangeError(`not a date: ${input.orderedAt}`);
  const amount = (minor: string) => receiptNumber(minor, input.currency);
  const brand = input.card.brand ?? CARD[input.locale];
  if (/\d/.test(brand)) throw new UnmaskedDataError('card brand with digits');
  const summary: ReceiptTemplatePayload['summary'] = { total_cost: amount(input.summary.totalCostMinor) };
  if (input.summary.subtotalMinor !== undefined) summary.subtotal = amount(input.summary.subtotalMinor);
  if (input.summary.shippingCostMinor !== undefined) summary.shipping_cost = amount(input.summary.shippingCostMinor);
  if (input.summary.totalTaxMinor !== undefined) summary.total_tax = amount(input.summary.totalTaxMinor);
  const payload: ReceiptTemplatePayload = {
    template_type: 'receipt',
    recipient_name: assertNoCardOrAccountNumber(input.recipientName),
    order_number: input.orderNumber,
    currency: input.currency,
    payment_method: `${brand} ${input.card.lastFour}`,
    summary,
  };
  if (input.merchantName) payload.merchant_name = assertNoCardOrAccountNumber(input.merchantName);
  if (input.orderedAt) payload.timestamp = String(Math.floor(Date.parse(input.orderedAt) / 1000));
  if (input.orderUrl) payload.order_url = input.orderUrl;
  if (input.address) payload.address = input.address;
  if (input.items.length > 0) {
    payload.elements = input.items.slice(0, MESSENGER_LIMITS.receiptElements).map((item) => {
      const element: ReceiptElement = { title: clip(assertNoCardOrAccountNumber(item.title), 80), price: amount(item.priceMinor), currency: input.currency };
      if (item.subtitle) element.subtitle = clip(assertNoCardOrAccountNumber(item.subtitle), 80);
      if (item.quantity !== undefined) element.quantity = item.quantity;
      if (item.imageUrl) element.image_url = item.imageUrl;
      return element;
    });
  }
  if (input.adjustments?.length) payload.adjustments = input.adjustments.map((a) => ({ name: assertNoCardOrAccountNumber(a.name), amount: amount(a.amountMinor) }));
  return { attachment: { type: 'template', payload } };
}

const NOT_FOUND = {
  en: { none: (merchant: string) => `I have no receipt${merchant ? ` from ${merchant}` : ''}. Receipts appear for purchases whose merchants send order details.`, transactions: 'Transactions' },
  de: { none: (merchant: string) => `Ich habe keinen Beleg${merchant ? ` von ${merchant}` : ''}. Belege gibt es für Einkäufe, deren Händler Bestelldaten schicken.`, transactions: 'Umsätze' },
} as const;

/** When no merchant order matches the customer's question. */
export function receiptNotFoundReply(input: { locale: ConversationLocale; merchant?: string }): TextMessage {
  const t = NOT_FOUND[input.locale];
  return { text: t.none(input.merchant ? assertNoCardOrAccountNumber(input.merchant) : ''), quick_replies: [quickReply(t.transactions, intentPayload('recent_transactions'))] };
}
