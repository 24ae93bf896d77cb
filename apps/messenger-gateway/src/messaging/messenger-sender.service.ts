import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CustomerLocale } from '../consent/customer-consent.entity';
import { checkMessagingPolicy, SendRequestBody } from '../send-api/messaging-policy';
import { SendApiClient, SendOutcome } from '../send-api/send-api.client';
import { MessengerUserEntity } from './messenger-user.entity';

/**
 * Every message to a customer goes through here: the Messenger rules are checked against what the
 * gateway knows of the user (24-hour window, allowed tags, reachability) before the Send API is called,
 * and a permanent refusal by Messenger is recorded so the user is not tried again and again.
 */
@Injectable()
export class MessengerSender {
  private readonly logger = new Logger('MessengerSender');

  constructor(
    private readonly dataSource: DataSource,
    private readonly client: SendApiClient,
  ) {}

  /** The user wrote, tapped or opted in: the 24-hour window opens (or stays open) from `at`. */
  async recordUserActivity(manager: EntityManager, psid: string, at: Date, locale?: CustomerLocale): Promise<void> {
    await manager.query(
      `INSERT INTO gateway.messenger_user (psid, locale, last_user_message_at, updated_at) VALUES ($1, COALESCE($2, 'en'), $3, now())
       ON CONFLICT (psid) DO UPDATE SET last_user_message_at = GREATEST(messenger_user.last_user_message_at, EXCLUDED.last_user_message_at),
         locale = COALESCE($2, messenger_user.locale), unreachable_at = NULL, updated_at = now()`,
      [psid, locale ?? null, at],
    );
  }

  async user(psid: string): Promise<MessengerUserEntity | null> {
    return this.dataSource.getRepository(MessengerUserEntity).findOneBy({ psid });
  }

  async send(body: SendRequestBody, now = new Date()): Promise<SendOutcome> {
    const psid = body.recipient.id;
    const verdict = checkMessagingPolicy(body, (await this.user(psid)) ?? undefined, now);
    if (!verdict.allowed) return { kind: 'permanent-failure', error: `not sent: ${verdict.reason}` };
    const outcome = await this.client.send(body);
    if (outcome.kind === 'permanent-failure') {
      this.logger.warn(`message to a user refused permanently: ${outcome.error}`);
      await this.dataSource.query(
        `INSERT INTO gateway.messenger_user (psid, last_send_error, unreachable_at, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (psid) DO UPDATE SET last_send_error = EXCLUDED.last_send_error,
           unreachable_at = COALESCE(EXCLUDED.unreachable_at, messenger_user.unreachable_at), updated_at = now()`,
        [psid, outcome.error, outcome.userUnreachable ? now : null],
      );
    }
    return outcome;
  }
}
