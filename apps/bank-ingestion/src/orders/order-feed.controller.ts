import { Controller, Headers, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxWriter } from '@kontor/platform-outbox';
import { AuthenticatedBankRequest, BankSignatureGuard } from '../banks/bank-signature.guard';
import { IngestionConfig } from '../ingestion.config';
import { problem } from '../ingestion-problems';
import { OrderFeedReceipt, OrderFeedService } from './order-feed.service';

/**
 * `POST /v1/feeds/orders`: merchant orders (items, totals, shipment status) as their own feed type,
 * authenticated exactly like feeds (same guard, same KONTOR-HMAC-SHA256-V1 signature, raw body). It
 * lives under /v1/feeds so the raw-body parsing feeds already have applies to it.
 */
/** Order feeds are small (a few orders per push): read whole, unlike statement feeds. */
export const MAX_ORDER_FEED_BYTES = 5 * 1024 * 1024;

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
  async submit(@Req() request: AuthenticatedBankRequest, @Headers('traceparent') traceparent: string | undefined): Promise<OrderFeedReceipt> {
    if (request.body.size > MAX_ORDER_FEED_BYTES) throw problem('body-too-large', `An order feed holds at most ${MAX_ORDER_FEED_BYTES} bytes.`, { limitBytes: MAX_ORDER_FEED_BYTES });
    const chunks: Buffer[] = [];
    for await (const chunk of request.body.chunks()) chunks.push(chunk);
    return this.orders.accept(request.bankId, Buffer.concat(chunks), traceparent);
  }
}
