import { Controller, Get, Headers, HttpCode, Logger, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { hubSignatureMatches } from '@kontor/request-signing';
import { GatewayConfig } from '../gateway.config';
import { parseMessengerWebhook } from './messenger-webhook';
import { WebhookInbox } from './webhook-inbox.service';

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * The Messenger Platform webhook. GET: Meta's subscription handshake. POST: events, accepted only with a
 * valid X-Hub-Signature-256 over the exact bytes received; stored in the inbox before the 200, processed
 * after it. Answers are plain (no problem+json) because Meta reads only the status code.
 */
@Controller('webhooks/messenger')
export class WebhookController {
  private readonly logger = new Logger('MessengerWebhook');

  constructor(
    private readonly config: GatewayConfig,
    private readonly inbox: WebhookInbox,
  ) {}

  @Get()
  verify(@Query('hub.mode') mode: string | undefined, @Query('hub.verify_token') token: string | undefined, @Query('hub.challenge') challenge: string | undefined, @Res() response: Response): void {
    const expected = this.config.MESSENGER_VERIFY_TOKEN;
    if (mode === 'subscribe' && expected && typeof token === 'string' && typeof challenge === 'string' && constantTimeEquals(token, expected)) {
      response.status(200).type('text/plain').send(challenge);
      return;
    }
    response.sendStatus(403);
  }

  @Post()
  @HttpCode(200)
  async receive(@Req() request: Request, @Headers('x-hub-signature-256') signature: string | undefined, @Res() response: Response): Promise<void> {
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    if (!this.config.MESSENGER_APP_SECRET || !body || typeof signature !== 'string' || !hubSignatureMatches(this.config.MESSENGER_APP_SECRET, body, signature)) {
      response.sendStatus(403);
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      response.sendStatus(400);
      return;
    }
    const webhook = parseMessengerWebhook(parsed);
    if (webhook.object !== 'page') {
      // Meta's own example answers other objects with 404; nothing is stored.
      response.sendStatus(404);
      return;
    }
    // Meta tells the app here that it restricted the page: worth an operator's attention, nothing to answer.
    for (const event of webhook.events) if (event.event['policy-enforcement']) this.logger.error(`Messenger policy enforcement for page ${event.pageId}: ${JSON.stringify(event.event['policy-enforcement'])}`);
    // Durable before the 200: if this throws, Meta gets a 5xx and delivers again.
    await this.inbox.store(webhook.events);
    response.status(200).type('text/plain').send('EVENT_RECEIVED');
    this.inbox.processInBackground();
  }
}
