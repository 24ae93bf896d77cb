import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { OrderItem, Shipment } from '@kontor/contracts';

/** A merchant order (kontor.orders.merchant-order-reported.v1), latest report wins, linked to its card transaction. */
@Entity({ name: 'merchant_order' })
@Index('merchant_order_transaction', ['transactionId'])
@Index('merchant_order_unlinked_card', ['cardToken', 'totalMinor'])
export class MerchantOrderEntity {
  @PrimaryColumn('uuid', { name: 'order_id' })
  orderId!: string;

  @Column('text', { name: 'bank_id' })
  bankId!: string;

  @Column('text', { name: 'merchant_name' })
  merchantName!: string;

  @Column('text', { name: 'order_number' })
  orderNumber!: string;

  @Column('timestamptz', { name: 'placed_at' })
  placedAt!: Date;

  @Column('text')
  currency!: string;

  @Column('bigint', { name: 'total_minor' })
  totalMinor!: string;

  @Column('bigint', { name: 'shipping_minor', nullable: true })
  shippingMinor!: string | null;

  @Column('bigint', { name: 'tax_minor', nullable: true })
  taxMinor!: string | null;

  @Column('jsonb')
  items!: OrderItem[];

  @Column('text', { name: 'card_token', nullable: true })
  cardToken!: string | null;

  @Column('text', { name: 'card_last4', nullable: true })
  cardLast4!: string | null;

  @Column('text', { name: 'account_ref', nullable: true })
  accountRef!: string | null;

  @Column('text', { name: 'bank_entry_id', nullable: true })
  bankEntryId!: string | null;

  @Column('jsonb', { nullable: true })
  shipment!: Shipment | null;

  @Column('timestamptz', { name: 'reported_at' })
  reportedAt!: Date;

  /** The card transaction this order was paid with, once found. */
  @Column('uuid', { name: 'transaction_id', nullable: true })
  transactionId!: string | null;
}
