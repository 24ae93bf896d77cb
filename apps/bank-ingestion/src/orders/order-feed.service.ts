import { DataSource } from 'typeorm';
import { ContractViolationError, MerchantOrderReportedV1, OrderFeed, OrderFeedOrder, parseContract, Topics } from '@kontor/contracts';
import { currencyExponent, decimalToMinorUnits, InvalidAmountError } from '@kontor/money';
import { childTraceparent } from '@kontor/platform-kafka';
import { OutboxWriter } from '@kontor/platform-outbox';
import { passesLuhn, redactPans, tokenizeAccount, tokenizeCard } from '@kontor/privacy';
import { uuidV5 } from '@kontor/util';
import { IngestionConfig } from '../ingestion.config';
import { problem } from '../ingestion-problems';

export interface OrderFeedReceipt {
  status: 'accepted';
  orderCount: number;
  orderIds: string[];
}

/** The same order from the same partner always has the same id, so every report of it updates one order. */
export function merchantOrderId(bankId: string, merchantName: string, orderNumber: string): string {
  return uuidV5(`merchant-order|${bankId}|${merchantName}|${orderNumber}`);
}

/**
 * Accepts a merchant-order feed: validates it, tokenizes the card and account at the edge (the PAN never
 * leaves this function), converts amounts exactly, and publishes one MerchantOrderReportedV1 per order
 * through the outbox. The event id is derived from the order and its `updatedAt`, so a repeated request
 * publishes the same events and consumers deduplicate them; no table of its own is needed.
 */
export class OrderFeedService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly config: IngestionConfig,
  ) {}

  async accept(bankId: string, body: Buffer, traceparent?: string): Promise<OrderFeedReceipt> {
    let feed: OrderFeed;
    try {
      feed = parseContract(OrderFeed, JSON.parse(body.toString('utf8')) as unknown);
    } catch (error) {
      if (error instanceof SyntaxError) throw problem('malformed-json', 'The order feed is not JSON.');
      if (error instanceof ContractViolationError) throw problem('invalid-order', redactPans(error.message.replace(/\d{12,19}/g, '****')));
      throw error;
    }
    const events = feed.orders.map((order, index) => this.toEvent(bankId, order, index));
    const requestTrace = childTraceparent(traceparent);
    await this.dataSource.transaction((manager) =>
      this.outbox.enqueue(
        manager,
        events.map((payload) => ({ topic: Topics.merchantOrderReported, key: payload.orderId, payload, eventId: uuidV5(`merchant-order-reported|${payload.orderId}|${payload.reportedAt}`), traceparent: childTraceparent(requestTrace) })),
      ),
    );
    this.outbox.flush();
    return { status: 'accepted', orderCount: events.length, orderIds: events.map((e) => e.orderId) };
  }

  private toEvent(bankId: string, order: OrderFeedOrder, index: number): MerchantOrderReportedV1 {
    const invalid = (detail: string) => problem('invalid-order', `orders[${index}]: ${detail}`);
    const minor = (amount: string) => {
      try {
        return decimalToMinorUnits(amount, order.currency).toString();
      } catch (error) {
        if (error instanceof InvalidAmountError) throw invalid(`${amount} ${order.currency} is not an exact amount`);
        throw error;
      }
    };
    const { pan, accountId, bankEntryId } = order.payment;
    if (!pan && !bankEntryId) throw invalid('payment needs the card number (pan) or the bank entry id of the payment');
    if (pan && !passesLuhn(pan)) throw invalid('payment.pan is not a valid card number');
    return {
      orderId: merchantOrderId(bankId, order.merchantName, order.orderNumber),
      bankId,
      merchantName: order.merchantName,
      orderNumber: order.orderNumber,
      placedAt: new Date(order.placedAt).toISOString(),
      currency: order.currency,
      currencyExponent: currencyExponent(order.currency),
      totalMinor: minor(order.total),
      ...(order.shipping ? { shippingMinor: minor(order.shipping) } : {}),
      ...(order.tax ? { taxMinor: minor(order.tax) } : {}),
      items: order.items.map((item) => ({ title: item.title, quantity: item.quantity, priceMinor: minor(item.price), ...(item.imageUrl ? { imageUrl: item.imageUrl } : {}) })),
      ...(pan ? { card: { token: tokenizeCard(this.config.KONTOR_TOKENIZATION_KEY, pan), last4: pan.slice(-4) } } : {}),
      ...(accountId ? { accountRef: tokenizeAccount(this.config.KONTOR_TOKENIZATION_KEY, bankId, accountId) } : {}),
      ...(bankEntryId ? { bankEntryId } : {}),
      ...(order.shipment ? { shipment: { ...order.shipment, updatedAt: new Date(order.updatedAt).toISOString() } } : {}),
      reportedAt: new Date(order.updatedAt).toISOString(),
    };
  }
}
