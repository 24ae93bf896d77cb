import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ACCOUNT_REF, CardReference, MINOR_UNITS } from './common';

export type ShipmentStatus = 'ordered' | 'shipped' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'delayed' | 'returned' | 'cancelled';
export const SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['ordered', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'delayed', 'returned', 'cancelled'];

export class OrderItem {
  @IsString()
  @Length(1, 140)
  title!: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  /** Price of the line (all units), unsigned minor units of the order's currency. */
  @Matches(MINOR_UNITS)
  priceMinor!: string;

  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  imageUrl?: string;
}

/** A shipment's state as a merchant reports it; shared by the inbound order feed and the published event. */
export class ShipmentDetails {
  @IsIn(SHIPMENT_STATUSES)
  status!: ShipmentStatus;

  @IsOptional()
  @IsString()
  @Length(1, 60)
  carrier?: string;

  @IsOptional()
  @IsString()
  @Length(1, 80)
  trackingNumber?: string;

  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  trackingUrl?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  estimatedDelivery?: string;

}

export class Shipment extends ShipmentDetails {
  @IsISO8601({ strict: true })
  updatedAt!: string;
}

/**
 * A merchant's order as a partner reported it through the ingestion API (orders feed): items, totals and
 * the shipment's latest state. The card is tokenized at the edge like in feeds; the order links to the card
 * transaction by card token, amount and date, or by the partner's transaction reference.
 */
export class MerchantOrderReportedV1 {
  /** Deterministic per partner and order number: every report of an order carries the same id. */
  @IsUUID()
  orderId!: string;

  @IsString()
  @Length(1, 64)
  bankId!: string;

  @IsString()
  @Length(1, 140)
  merchantName!: string;

  @IsString()
  @Length(1, 64)
  orderNumber!: string;

  @IsISO8601({ strict: true })
  placedAt!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsInt()
  @Min(0)
  @Max(4)
  currencyExponent!: number;

  @Matches(MINOR_UNITS)
  totalMinor!: string;

  @IsOptional()
  @Matches(MINOR_UNITS)
  shippingMinor?: string;

  @IsOptional()
  @Matches(MINOR_UNITS)
  taxMinor?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderItem)
  items!: OrderItem[];

  @IsOptional()
  @ValidateNested()
  @Type(() => CardReference)
  card?: CardReference;

  @IsOptional()
  @Matches(ACCOUNT_REF)
  accountRef?: string;

  /** The bank's entry id of the card transaction, when the partner knows it. */
  @IsOptional()
  @IsString()
  @Length(1, 128)
  bankEntryId?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => Shipment)
  shipment?: Shipment;

  /** When the partner reported this state; consumers keep the latest. */
  @IsISO8601({ strict: true })
  reportedAt!: string;
}
