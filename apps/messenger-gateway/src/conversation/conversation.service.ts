import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { cardLastFour, maskedAccount } from '@kontor/conversation';
import { OutboxWriter } from '@kontor/platform-outbox';
import { AccountLinkingService } from '../consent/account-linking.service';
import { ConsentRepository } from '../consent/consent.repository';
import { ConsentGate, OrderRow, TotalRow } from '../consent/consented-reader';
import { CustomerConsentEntity } from '../consent/customer-consent.entity';
import { GatewayConfig } from '../gateway.config';
import { MessengerSender } from '../messaging/messenger-sender.service';
import { CONVERSATION_PORT, ConversationPort, IntentName, IntentSlots, Locale, Money, Reply } from './conversation.port';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Sums totals across accounts per label and currency, exactly (bigint). */
function sumTotals(rows: TotalRow[]): { label: string | null; total: Money; count: number }[] {
  const sums = new Map<string, { label: string | null; currency: string; minor: bigint; count: number }>();
  for (const row of rows) {
    const key = `${row.label ?? ''}|${row.currency}`;
    const entry = sums.get(key) ?? { label: row.label, currency: row.currency, minor: 0n, count: 0 };
    entry.minor += BigInt(row.total_minor);
    entry.count += row.count;
    sums.set(key, entry);
  }
  return [...sums.values()].sort((a, b) => (b.minor > a.minor ? 1 : b.minor < a.minor ? -1 : 0)).map((s) => ({ label: s.label, total: { amountMinor: s.minor.toString(), currency: s.currency }, count: s.count }));
}

const money = (amountMinor: string, currency: string): Money => ({ amountMinor, currency });

function receiptReply(order: OrderRow): Reply {
  return {
    type: 'receipt',
    recipientName: maskedAccount(order.account_masked),
    orderNumber: order.order_number,
    merchantName: order.merchant_name,
    placedAt: new Date(order.placed_at).toISOString(),
    ...(order.card_last4 ? { cardLast4: cardLastFour(order.card_last4) } : {}),
    total: money(order.total_minor, order.currency),
    ...(order.shipping_minor ? { shipping: money(order.shipping_minor, order.currency) } : {}),
    ...(order.tax_minor ? { tax: money(order.tax_minor, order.currency) } : {}),
    items: order.items.map((i) => ({ title: i.title, quantity: i.quantity, price: money(i.priceMinor, order.currency), ...(i.imageUrl ? { imageUrl: i.imageUrl } : {}) })),
  };
}

/**
 * Answers a customer: the port recognises the intent, this service reads what the answer needs through
 * the ConsentGate (so only consented scopes and accounts, audited), and the port renders the reply.
 * Every answer goes out as a RESPONSE inside the 24-hour window the customer's message just opened.
 */
@Injectable()
export class ConversationService {
  private readonly logger = new Logger('Conversation');

  constructor(
    @Inject(CONVERSATION_PORT) private readonly port: ConversationPort,
    private readonly gate: ConsentGate,
    private readonly consents: ConsentRepository,
    private readonly linking: AccountLinkingService,
    private readonly sender: MessengerSender,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxWriter,
    private readonly config: GatewayConfig,
  ) {}

  recognize(text: string, locale?: Locale) {
    return this.port.recognizeIntent(text, locale);
  }

  /** Answers an intent and, inside the window it just opened, reminds of consents about to run out. */
  async answer(psid: string, intent: IntentName, slots: IntentSlots, locale: Locale, now = new Date()): Promise<Reply> {
    const reply = await this.replyFor(psid, intent, slots, locale, now);
    await this.reply(psid, reply, locale);
    await this.remindOfExpiry(psid, locale, now);
    return reply;
  }

  async reply(psid: string, reply: Reply, locale: Locale): Promise<void> {
    const outcome = await this.sender.send({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: this.port.render(reply, locale) });
    // A reply that cannot go out is not retried: the customer can ask again. Pushes have their own retries.
    if (outcome.kind !== 'sent') this.logger.warn(`reply (${reply.type}) not sent: ${outcome.error}`);
  }

  async replyFor(psid: string, intent: IntentName, slots: IntentSlots, locale: Locale, now: Date): Promise<Reply> {
    switch (intent) {
      case 'balance': {
        const reader = await this.gate.open(psid, 'balances', 'balance');
        if (!reader) return { type: 'consent_required', scope: 'balances' };
        const rows = await reader.balances();
        return {
          type: 'balance',
          accounts: rows.map((r) => ({
            accountMasked: maskedAccount(r.account_masked),
            booked: money(r.booked_minor, r.currency),
            ...(r.available_minor !== null ? { available: money(r.available_minor, r.currency) } : {}),
            asOf: new Date(r.as_of).toISOString(),
          })),
        };
      }
      case 'recent_transactions': {
        const reader = await this.gate.open(psid, 'transactions', 'recent_transactions');
        if (!reader) return { type: 'consent_required', scope: 'transactions' };
        const rows = await reader.recent(Math.min(Math.max(slots.count ?? 5, 1), 20));
        return {
          type: 'recent_transactions',
          transactions: rows.map((r) => ({
            accountMasked: maskedAccount(r.account_masked),
            bookingDate: r.booking_date,
            ...(r.display_name ? { name: r.display_name } : {}),
            amount: money(r.amount_minor, r.currency),
            direction: r.direction,
            ...(r.card_last4 ? { cardLast4: cardLastFour(r.card_last4) } : {}),
          })),
        };
      }
      case 'spending_by_category': {
        const reader = await this.gate.open(psid, 'transactions', 'spending_by_category');
        if (!reader) return { type: 'consent_required', scope: 'transactions' };
        const month = slots.month ?? now.toISOString().slice(0, 7);
        const totals = sumTotals(await reader.spendingByCategory(month));
        return { type: 'spending_by_category', month, categories: totals.map((t) => ({ category: t.label ?? 'other', total: t.total, count: t.count })) };
      }
      case 'search_spending': {
        if (!slots.merchant) return { type: 'help' };
        const reader = await this.gate.open(psid, 'transactions', 'search_spending');
        if (!reader) return { type: 'consent_required', scope: 'transactions' };
        const totals = sumTotals(await reader.spendingAt(slots.merchant, slots.month));
        return { type: 'search_spending', merchant: slots.merchant, ...(slots.month ? { month: slots.month } : {}), totals: totals.map((t) => ({ total: t.total, count: t.count })) };
      }
      case 'receipt':
        return this.receipt(psid);
      case 'shipping_status': {
        const reader = await this.gate.open(psid, 'receipts', 'shipping_status');
        if (!reader) return { type: 'consent_required', scope: 'receipts' };
        const orders = await reader.shipments();
        return {
          type: 'shipping_status',
          orders: orders.map((o) => ({ merchantName: o.merchant_name, orderNumber: o.order_number, status: o.shipment?.status ?? 'ordered', ...stripUndefined({ carrier: o.shipment?.carrier, trackingNumber: o.shipment?.trackingNumber, trackingUrl: o.shipment?.trackingUrl, estimatedDelivery: o.shipment?.estimatedDelivery }) })),
        };
      }
      case 'link_account':
        return { type: 'link_account', url: await this.linking.start(psid, locale, now) };
      case 'list_consents': {
        const active = await this.consents.activeForCustomer(this.dataSource.manager, psid, undefined, now);
        return { type: 'consent_list', consents: active.map((c) => ({ consentId: c.id, bankId: c.bankId, accountMasked: maskedAccount(c.accountMasked), scopes: c.scopes, expiresAt: c.expiresAt.toISOString() })) };
      }
      case 'revoke_consent':
        return this.revoke(psid, 'ALL', now);
      case 'access_log': {
        const entries = await this.gate.accessLog(psid);
        return { type: 'access_log', entries: entries.map((e) => ({ accessedAt: e.accessedAt.toISOString(), consentId: e.consentId, scope: e.scope, purpose: e.purpose, accountMasked: maskedAccount(e.accountMasked), recordCount: e.recordCount })) };
      }
      case 'help':
      case 'greeting':
      case 'unknown':
        return { type: intent };
      case 'fraud_feedback_genuine':
      case 'fraud_feedback_fraud':
        // Typed answers to an alert are recorded by MessengerEventHandler; without an open alert there is nothing to answer.
        return { type: 'nothing_found' };
    }
  }

  /** A receipt for a transaction (from a RECEIPT|<id> payload) or the latest order. */
  async receipt(psid: string, transactionId?: string): Promise<Reply> {
    const reader = await this.gate.open(psid, 'receipts', 'receipt');
    if (!reader) return { type: 'consent_required', scope: 'receipts' };
    const [order] = await reader.receipt(transactionId);
    return order ? receiptReply(order) : { type: 'receipt_not_found' };
  }

  async revoke(psid: string, consentId: string | 'ALL', now = new Date()): Promise<Reply> {
    const revoked = await this.consents.revokeByCustomer(psid, consentId, now);
    this.outbox.flush();
    return { type: 'consents_revoked', accounts: revoked.map((c) => maskedAccount(c.accountMasked)) };
  }

  /** Reminds (once per consent) of consents that run out within CONSENT_REMINDER_DAYS; only called inside the window. */
  async remindOfExpiry(psid: string, locale: Locale, now: Date): Promise<void> {
    const soon = await this.dataSource.getRepository(CustomerConsentEntity).find({
      where: { psid, revokedAt: IsNull(), remindedAt: IsNull(), expiresAt: LessThan(new Date(now.getTime() + this.config.CONSENT_REMINDER_DAYS * DAY_MS)) },
    });
    for (const consent of soon.filter((c) => c.expiresAt > now)) {
      const claimed = await this.dataSource.getRepository(CustomerConsentEntity).update({ id: consent.id, remindedAt: IsNull() }, { remindedAt: now });
      if ((claimed.affected ?? 0) > 0) await this.reply(psid, { type: 'consent_expiring', accountMasked: maskedAccount(consent.accountMasked), expiresAt: consent.expiresAt.toISOString() }, locale);
    }
  }
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
