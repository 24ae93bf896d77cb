import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { MerchantOrderReportedV1, Topics } from '@kontor/contracts';
import { ConsumedMessage, ContractConsumer, EventPublisher, KafkaClient } from '@kontor/platform-kafka';
import { uuidV5 } from '@kontor/util';
import { AlertDeliveryEntity } from '../alerts/alert-delivery.entity';
import { AlertDeliveryService } from '../alerts/alert-delivery.service';
import { PUSH_METADATA_PREFIX } from '../alerts/fraud-alert.message';
import { ConsentRepository } from '../consent/consent.repository';
import { ConsentGate } from '../consent/consented-reader';
import { CONVERSATION_PORT, ConversationPort } from '../conversation/conversation.port';
import { GatewayConfig } from '../gateway.config';
import { ConsumerLifecycle } from '../messaging/consumer-lifecycle';

const ORDERS_GROUP = 'messenger-gateway.orders';

/**
 * Links an order to its card transaction: the partner's bank entry id when it sent one, else the same
 * card token, bank, currency and amount, booked between a day before and a week after the order (card
 * payments book later than they are authorised). The oldest unlinked match wins.
 */
export async function findPaymentFor(manager: EntityManager, order: MerchantOrderReportedV1): Promise<string | undefined> {
  const rows = (await manager.query(
    `SELECT t.transaction_id FROM gateway.account_transaction t
      WHERE t.bank_id = $1 AND t.direction = 'debit' AND (
            ($2::text IS NOT NULL AND t.bank_entry_id = $2)
         OR ($3::text IS NOT NULL AND t.card_token = $3 AND t.amount_minor = $4::bigint AND t.currency = $5
             AND t.booking_date BETWEEN ($6::timestamptz AT TIME ZONE 'UTC')::date - 1 AND ($6::timestamptz AT TIME ZONE 'UTC')::date + 7))
        AND NOT EXISTS (SELECT 1 FROM gateway.merchant_order o WHERE o.transaction_id = t.transaction_id AND o.order_id <> $7)
      ORDER BY (t.bank_entry_id = $2) DESC NULLS LAST, t.booking_date ASC LIMIT 1`,
    [order.bankId, order.bankEntryId ?? null, order.card?.token ?? null, order.totalMinor, order.currency, order.placedAt, order.orderId],
  )) as { transaction_id: string }[];
  return rows[0]?.transaction_id;
}

/**
 * Merchant orders into the gateway's read model; a shipment status that changed becomes a post-purchase
 * update (POST_PURCHASE_UPDATE tag) for every customer whose valid consent for the paying account has the
 * `receipts` scope — one push per order, status and customer, however often the report arrives.
 */
@Injectable()
export class MerchantOrderConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly consumer: ContractConsumer<MerchantOrderReportedV1>;

  constructor(
    client: KafkaClient,
    publisher: EventPublisher,
    config: GatewayConfig,
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
    private readonly deliveries: AlertDeliveryService,
    @Inject(CONVERSATION_PORT) private readonly port: ConversationPort,
  ) {
    this.consumer = new ContractConsumer(client, publisher, {
      groupId: ORDERS_GROUP,
      topic: Topics.merchantOrderReported,
      deadLetterTopic: Topics.deadLetterMessengerGateway,
      maxAttempts: config.GATEWAY_MAX_ATTEMPTS,
      handleBatch: (items) => this.handleBatch(items),
    });
  }

  private lifecycle?: ConsumerLifecycle;

  onApplicationBootstrap(): void {
    this.lifecycle = new ConsumerLifecycle(this.consumer, new Logger(this.constructor.name));
    this.lifecycle.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.lifecycle?.stop();
  }

  async handleBatch(items: readonly ConsumedMessage<MerchantOrderReportedV1>[]): Promise<void> {
    const pushIds = await this.dataSource.transaction(async (manager) => {
      const ids: string[] = [];
      for (const { message: order } of items) ids.push(...(await this.apply(manager, order)));
      return ids;
    });
    if (pushIds.length > 0) this.deliveries.deliverInBackground(pushIds);
  }

  private async apply(manager: EntityManager, order: MerchantOrderReportedV1): Promise<string[]> {
    const [previous] = (await manager.query(`SELECT shipment, reported_at, transaction_id FROM gateway.merchant_order WHERE order_id = $1 FOR UPDATE`, [order.orderId])) as {
      shipment: { status: string } | null;
      reported_at: Date;
      transaction_id: string | null;
    }[];
    // An older or repeated report changes nothing (reports of one order arrive in order, but may repeat).
    if (previous && new Date(previous.reported_at).getTime() >= Date.parse(order.reportedAt)) return [];
    const transactionId = previous?.transaction_id ?? (await findPaymentFor(manager, order)) ?? null;
    await manager.query(
      `INSERT INTO gateway.merchant_order (order_id, bank_id, merchant_name, order_number, placed_at, currency, total_minor, shipping_minor, tax_minor, items,
         card_token, card_last4, account_ref, bank_entry_id, shipment, reported_at, transaction_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
       ON CONFLICT (order_id) DO UPDATE SET merchant_name = EXCLUDED.merchant_name, total_minor = EXCLUDED.total_minor, shipping_minor = EXCLUDED.shipping_minor,
         tax_minor = EXCLUDED.tax_minor, items = EXCLUDED.items, shipment = EXCLUDED.shipment, reported_at = EXCLUDED.reported_at, transaction_id = EXCLUDED.transaction_id`,
      [
        order.orderId, order.bankId, order.merchantName, order.orderNumber, order.placedAt, order.currency, order.totalMinor, order.shippingMinor ?? null, order.taxMinor ?? null,
        JSON.stringify(order.items), order.card?.token ?? null, order.card?.last4 ?? null, order.accountRef ?? null, order.bankEntryId ?? null,
        order.shipment ? JSON.stringify(order.shipment) : null, order.reportedAt, transactionId,
      ],
    );
    const status = order.shipment?.status;
    if (!status || status === previous?.shipment?.status || !transactionId) return [];
    const [account] = (await manager.query(`SELECT bank_id, account_ref FROM gateway.account_transaction WHERE transaction_id = $1`, [transactionId])) as { bank_id: string; account_ref: string }[];
    if (!account) return [];
    const consents = await this.consents.activeFor(manager, account.bank_id, account.account_ref, 'receipts');
    if (consents.length === 0) return [];
    const pushId = uuidV5(`shipment-update:${order.orderId}:${status}`);
    await manager
      .createQueryBuilder()
      .insert()
      .into(AlertDeliveryEntity)
      .values(
        consents.map((consent) => ({
          alertId: pushId,
          psid: consent.psid,
          kind: 'shipment_update' as const,
          consentId: consent.id,
          locale: consent.locale,
          bankId: account.bank_id,
          accountRef: account.account_ref,
          transactionId,
          status: 'pending' as const,
          message: {
            recipient: { id: consent.psid },
            messaging_type: 'MESSAGE_TAG',
            tag: 'POST_PURCHASE_UPDATE',
            message: {
              ...this.port.render(
                { type: 'shipment_update', merchantName: order.merchantName, orderNumber: order.orderNumber, status, ...strip({ carrier: order.shipment?.carrier, trackingNumber: order.shipment?.trackingNumber, trackingUrl: order.shipment?.trackingUrl }) },
                consent.locale,
              ),
              metadata: `${PUSH_METADATA_PREFIX}${pushId}`,
            },
          },
        })),
      )
      .orIgnore()
      .execute();
    for (const consent of consents) {
      await ConsentGate.auditPush(manager, { psid: consent.psid, consentId: consent.id, scope: 'receipts', purpose: 'shipment_update', accountMasked: consent.accountMasked });
    }
    return [pushId];
  }
}

function strip<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
