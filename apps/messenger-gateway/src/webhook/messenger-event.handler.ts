import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { maskedAccount } from '@kontor/conversation';
import { AlertDeliveryService } from '../alerts/alert-delivery.service';
import { PUSH_METADATA_PREFIX } from '../alerts/fraud-alert.message';
import { FraudFeedbackService, parseFeedbackPayload } from '../alerts/fraud-feedback.service';
import { AccountLinkingService } from '../consent/account-linking.service';
import { ConversationService } from '../conversation/conversation.service';
import { IntentName, Locale } from '../conversation/conversation.port';
import { MessengerSender } from '../messaging/messenger-sender.service';
import { accountLinking, echoMetadata, eventText, MessengerEvent } from './messenger-webhook';

const INTENTS: readonly IntentName[] = [
  'balance', 'recent_transactions', 'spending_by_category', 'search_spending', 'receipt', 'shipping_status', 'help',
  'link_account', 'list_consents', 'revoke_consent', 'access_log', 'greeting', 'unknown',
];

/**
 * Acts on one stored Messenger event. Runs from the inbox, at least once per event: everything it does is
 * safe to repeat (feedback and consents are keyed, linking codes single-use) except that a reply may be
 * sent twice if the gateway dies between sending it and marking the event done.
 */
@Injectable()
export class MessengerEventHandler {
  private readonly logger = new Logger('MessengerEvents');

  constructor(
    private readonly dataSource: DataSource,
    private readonly sender: MessengerSender,
    private readonly conversation: ConversationService,
    private readonly linking: AccountLinkingService,
    private readonly feedback: FraudFeedbackService,
    private readonly deliveries: AlertDeliveryService,
  ) {}

  async handle(event: MessengerEvent, receivedAt: Date): Promise<void> {
    // Another app owns the thread (handover protocol): Kontor listens but must not answer.
    if (event.standby || !event.psid) return;
    const psid = event.psid;
    if (event.kind === 'echo') return this.onEcho(event);
    // The user acted: the 24-hour window opens. Kontor counts from when the event reached it (Meta delivers
    // within seconds, and the Send API still refuses a late answer, which is then recorded), not from the
    // event's own timestamp, which comes from Meta's clock and is 0 in some payloads.
    const at = receivedAt;
    const user = await this.sender.user(psid);
    const { text, payload } = eventText(event);
    const recognized = text ? this.conversation.recognize(text) : undefined;
    const locale: Locale = recognized && recognized.confidence > 0 ? recognized.locale : (user?.locale ?? 'en');
    await this.sender.recordUserActivity(this.dataSource.manager, psid, at, recognized && recognized.confidence > 0 ? locale : undefined);

    switch (event.kind) {
      case 'account_linking':
        return this.onAccountLinking(event, psid, locale);
      case 'optin':
      case 'referral':
        await this.conversation.answer(psid, 'greeting', {}, locale);
        return;
      case 'message':
      case 'quick_reply':
      case 'postback':
        if (payload && (await this.onPayload(psid, payload, locale, at))) return;
        if (text && recognized && (recognized.intent === 'fraud_feedback_genuine' || recognized.intent === 'fraud_feedback_fraud')) {
          await this.onTypedFeedback(psid, recognized.intent === 'fraud_feedback_genuine' ? 'genuine' : 'fraud', locale, at);
          return;
        }
        if (text && recognized) {
          await this.conversation.answer(psid, recognized.intent, recognized.slots, locale);
          return;
        }
        // Stickers, images, likes: nothing to understand; offer help.
        await this.conversation.answer(psid, 'help', {}, locale);
        return;
      case 'reaction':
      case 'delivery':
      case 'read':
      case 'other':
        return;
    }
  }

  /** Payloads Kontor put into buttons and quick replies; true when handled. Payloads are user input: never trusted. */
  private async onPayload(psid: string, payload: string, locale: Locale, at: Date): Promise<boolean> {
    const feedback = parseFeedbackPayload(payload);
    if (feedback) {
      const recorded = await this.feedback.record(psid, feedback.alertId, feedback.verdict, at);
      await this.conversation.reply(psid, recorded ? { type: 'feedback_thanks', verdict: feedback.verdict } : { type: 'nothing_found' }, locale);
      return true;
    }
    const [kind, argument, ...rest] = payload.split('|');
    if (rest.length > 0) return false;
    if (payload === 'GET_STARTED') {
      await this.conversation.answer(psid, 'greeting', {}, locale);
      return true;
    }
    if (kind === 'INTENT' && (INTENTS as readonly string[]).includes(argument ?? '')) {
      await this.conversation.answer(psid, argument as IntentName, {}, locale);
      return true;
    }
    if (kind === 'CONSENT_REVOKE' && argument) {
      const target = argument === 'ALL' ? 'ALL' : /^[0-9a-f-]{36}$/i.test(argument) ? argument : undefined;
      if (!target) return false;
      await this.conversation.reply(psid, await this.conversation.revoke(psid, target), locale);
      return true;
    }
    if (kind === 'RECEIPT' && argument && /^[0-9a-f-]{36}$/i.test(argument)) {
      await this.conversation.reply(psid, await this.conversation.receipt(psid, argument), locale);
      return true;
    }
    return false;
  }

  /** "It was me" / "not me" typed instead of tapped: the answer is to the customer's latest unanswered alert. */
  private async onTypedFeedback(psid: string, verdict: 'genuine' | 'fraud', locale: Locale, at: Date): Promise<void> {
    const alertId = await this.feedback.latestUnanswered(psid);
    const recorded = alertId ? await this.feedback.record(psid, alertId, verdict, at) : false;
    await this.conversation.reply(psid, recorded ? { type: 'feedback_thanks', verdict } : { type: 'nothing_found' }, locale);
  }

  private async onAccountLinking(event: MessengerEvent, psid: string, locale: Locale): Promise<void> {
    const { status, authorizationCode } = accountLinking(event);
    if (status === 'linked' && authorizationCode) {
      const consents = await this.linking.complete(psid, authorizationCode);
      if (!consents || consents.length === 0) {
        this.logger.warn('account_linking event with an unknown, expired, used or foreign authorization code');
        await this.conversation.reply(psid, { type: 'link_failed' }, locale);
        return;
      }
      await this.conversation.reply(psid, { type: 'linked', accounts: consents.map((c) => maskedAccount(c.accountMasked)), scopes: consents[0].scopes, expiresAt: consents[0].expiresAt.toISOString() }, locale);
      return;
    }
    if (status === 'unlinked') {
      await this.conversation.reply(psid, await this.conversation.revoke(psid, 'ALL'), locale);
    }
  }

  private async onEcho(event: MessengerEvent): Promise<void> {
    const { metadata, mid } = echoMetadata(event);
    if (!metadata?.startsWith(PUSH_METADATA_PREFIX) || !event.psid) return;
    const pushId = metadata.slice(PUSH_METADATA_PREFIX.length);
    if (!/^[0-9a-f-]{36}$/i.test(pushId)) return;
    await this.deliveries.confirmByEcho(pushId, event.psid, mid);
  }
}
