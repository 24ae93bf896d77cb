import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO4217CurrencyCode, IsISO8601, IsOptional, IsString, IsUrl, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { DECIMAL_AMOUNT } from '../messages/common';
import { ShipmentDetails } from '../messages/merchant-order-reported.v1';

/**
 * The merchant-order feed a partner posts to `POST /v1/feeds/orders` (docs/messenger.md, "Receipts and
 * shipping"): amounts as decimal strings in the order's currency, the card as the PAN (tokenized
 * at the edge by bank-ingestion, like in feeds) or the bank's entry id of the payment.
 */
export class OrderFeedItem {
  @IsString()
  @Length(1, 140)
  title!: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  /** Price of the line (all units). */
  @Matches(DECIMAL_AMOUNT)
  price!: string;

  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true })
  imageUrl?: string;
}

export class OrderFeedPayment {
  @IsOptional()
  @Matches(/^\d{12,19}$/)
  pan?: string;

  @IsOptional()
  @IsString()
  @Length(6, 34)
  accountId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  bankEntryId?: string;
}

/** The shipment as the partner reports it (no `updatedAt`: the order's own `updatedAt` dates it). */
export class OrderFeedShipment extends ShipmentDetails {}

export class OrderFeedOrder {
  @IsString()
  @Length(1, 64)
  orderNumber!: string;

  @IsString()
  @Length(1, 140)
  merchantName!: string;

  @IsISO8601({ strict: true })
  placedAt!: string;

  /** When the merchant's data was this state; a later report of the same order must carry a later time. */
  @IsISO8601({ strict: true })
  updatedAt!: string;

  @IsISO4217CurrencyCode()
  currency!: string;

  @Matches(DECIMAL_AMOUNT)
  total!: string;

  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  shipping?: string;

  @IsOptional()
  @Matches(DECIMAL_AMOUNT)
  tax?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => OrderFeedItem)
  items!: OrderFeedItem[];

  @ValidateNested()
  @Type(() => OrderFeedPayment)
  payment!: OrderFeedPayment;

  @IsOptional()
  @ValidateNested()
  @Type(() => OrderFeedShipment)
  shipment?: OrderFeedShipment;
}

export class OrderFeed {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => OrderFeedOrder)
  orders!: OrderFeedOrder[];
}
