import { Controller, Headers, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@kontor/platform-outbox';
import { AuthenticatedBankRequest, BankSignatureGuard } from '../banks/bank-signature.guard';
import { IngestionConfig } from '../ingestion.config';
import { OrderFeedReceipt, OrderFeedService } from './order-feed.service';

/**
 * `POST /v1/feeds/orders`: merchant orders (items, totals, shipment status) as their own feed type,
 * authenticated exactly like feeds (same guard, same KONTOR-HMAC-SHA256-V1 signature, raw body). It
 * lives under /v1/feeds so the raw-body parsing feeds already have applies to it.
 */
@Controller('v1/feeds/orders')
@UseGuards(BankSignatureGuard)
export class OrderFeedController {
  private readonly orders: OrderFeedService;

  // The service is built here rather than registered as a provider, so the feature joins the module with
  // one line (the controller); it needs only the database, the outbox and the config.
  constructor(dataSource: DataSource, outbox: OutboxWriter, config: IngestionConfig) {
    this.orders = new OrderFeedService(dataSource, outbox, config);
  }

  @Post()
  @HttpCode(202)
  submit(@Req() request: AuthenticatedBankRequest, @Headers('traceparent') traceparent: string | undefined): Promise<OrderFeedReceipt> {
    return this.orders.accept(request.bankId, request.rawBody, traceparent);
  }
}
