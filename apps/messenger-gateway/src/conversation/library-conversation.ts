import { currencyExponent } from '@kontor/money';
import {
  accessLogReply,
  accountLinkedReply,
  accountLinkFailedReply,
  accountLinkingReply,
  balanceReply,
  cardLastFour,
  consentExpiringReply,
  consentListReply,
  consentRequiredReply,
  fraudFeedbackAcknowledgementReply,
  greetingReply,
  helpReply,
  MoneyAmount,
  messengerProfile,
  nothingFoundReply,
  nothingToRevokeReply,
  OutgoingMessage,
  receiptNotFoundReply,
  receiptReply,
  recentTransactionsReply,
  recognizeIntent,
  revokeConfirmationReply,
  searchSpendingReply,
  ShipmentStatus,
  shippingStatusReply,
  spendingByCategoryReply,
  unknownReply,
} from '@kontor/conversation';
import { ConversationPort, Locale, Money, RecognizedIntent, Reply, SendApiMessage } from './conversation.port';

/** The gateway's exact amounts with the exponent the library checks them against. */
export function moneyAmount(money: Money): MoneyAmount {
  return { amountMinor: money.amountMinor, currency: money.currency, currencyExponent: currencyExponent(money.currency) };
}

/** The last four digits of a masked account ("DE89 •••• 3000" → "3000"), for a receipt paid from the account. */
function accountLastFour(accountMasked: string) {
  return cardLastFour(accountMasked.replace(/\D/g, '').slice(-4).padStart(4, '0'));
}

const ACCOUNT_BRAND = { en: 'Account', de: 'Konto' } as const;

const SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['ordered', 'shipped', 'in_transit', 'out_for_delivery', 'delivered', 'delayed', 'cancelled', 'failed_attempt', 'exception', 'returned'];

/** The stored status (MerchantOrderReportedV1's, all known to the library); anything else reads as on its way. */
function shipmentStatus(status: string): ShipmentStatus {
  return (SHIPMENT_STATUSES as readonly string[]).includes(status) ? (status as ShipmentStatus) : 'in_transit';
}

/**
 * `ConversationPort` backed by `@kontor/conversation`: its typo-tolerant EN/DE intent recognition and its
 * reply builders (Messenger limits, exact money, masked-only types). Payloads the library puts into quick
 * replies and menus (`INTENT|…`, `CONSENT_REVOKE|…`, `FRAUD_FEEDBACK|…`, `GET_STARTED`) are the ones the
 * gateway's event handler parses.
 */
export class LibraryConversation implements ConversationPort {
  constructor(private readonly clock: () => Date = () => new Date()) {}

  recognizeIntent(text: string, locale?: Locale): RecognizedIntent {
    const recognized = recognizeIntent(text, locale, { now: this.clock() });
    const { merchant, month, category, count } = recognized.slots;
    // `period` is folded into `month` where it names one; the gateway's reads are by month.
    const slots = Object.fromEntries(Object.entries({ merchant, month, category, count }).filter(([, v]) => v !== undefined));
    return { intent: recognized.intent, slots, locale: recognized.locale, confidence: recognized.confidence };
  }

  render(reply: Reply, locale: Locale): SendApiMessage {
    return this.build(reply, locale) as SendApiMessage;
  }

  private build(reply: Reply, locale: Locale): OutgoingMessage {
    switch (reply.type) {
      case 'balance':
        return balanceReply({ locale, accounts: reply.accounts.map((a) => ({ accountMasked: a.accountMasked, balance: moneyAmount(a.booked), asOf: a.asOf })) });
      case 'recent_transactions':
        return recentTransactionsReply({
          locale,
          transactions: reply.transactions.map((t) => ({
            bookingDate: t.bookingDate,
            ...(t.name ? { displayName: t.name } : {}),
            amount: moneyAmount(t.amount),
            direction: t.direction,
            // The read model keeps booked transactions only (pending ones are superseded when booked).
            status: 'booked' as const,
            ...(t.cardLast4 ? { cardLastFour: t.cardLast4 } : {}),
          })),
        });
      case 'spending_by_category':
        return spendingByCategoryReply({ locale, month: reply.month, categories: reply.categories.map((c) => ({ primary: c.category, total: moneyAmount(c.total), count: c.count })) });
      case 'search_spending': {
        // One total per currency; the library states one sum, so several currencies are listed one by one.
        const [first, ...others] = reply.totals;
        const base = { locale, merchant: reply.merchant, ...(reply.month ? { month: reply.month } : {}) };
        if (!first || others.length === 0) return searchSpendingReply({ ...base, ...(first ? { total: moneyAmount(first.total) } : {}), count: first?.count ?? 0 });
        const parts = reply.totals.map((t) => searchSpendingReply({ ...base, total: moneyAmount(t.total), count: t.count }));
        return { text: parts.map((p) => ('text' in p ? p.text : '')).join('\n'), quick_replies: parts[0].quick_replies };
      }
      case 'receipt':
        return receiptReply({
          locale,
          recipientName: reply.recipientName,
          merchantName: reply.merchantName,
          orderNumber: reply.orderNumber,
          currency: reply.total.currency,
          card: reply.cardLast4 ? { lastFour: reply.cardLast4 } : { brand: ACCOUNT_BRAND[locale], lastFour: accountLastFour(reply.recipientName) },
          orderedAt: reply.placedAt,
          items: reply.items.map((i) => ({ title: i.title, quantity: i.quantity, priceMinor: i.price.amountMinor, ...(i.imageUrl ? { imageUrl: i.imageUrl } : {}) })),
          summary: {
            totalCostMinor: reply.total.amountMinor,
            ...(reply.shipping ? { shippingCostMinor: reply.shipping.amountMinor } : {}),
            ...(reply.tax ? { totalTaxMinor: reply.tax.amountMinor } : {}),
          },
        });
      case 'receipt_not_found':
        return receiptNotFoundReply({ locale });
      case 'shipping_status':
        return shippingStatusReply({
          locale,
          shipments: reply.orders.map((o) => ({
            merchantName: o.merchantName,
            orderNumber: o.orderNumber,
            status: shipmentStatus(o.status),
            ...stripUndefined({ carrier: o.carrier, trackingNumber: o.trackingNumber, trackingUrl: o.trackingUrl, estimatedDelivery: o.estimatedDelivery }),
          })),
        });
      case 'shipment_update':
        return shippingStatusReply({
          locale,
          shipments: [{ merchantName: reply.merchantName, orderNumber: reply.orderNumber, status: shipmentStatus(reply.status), ...stripUndefined({ carrier: reply.carrier, trackingNumber: reply.trackingNumber, trackingUrl: reply.trackingUrl }) }],
        });
      case 'help':
        return helpReply(locale);
      case 'greeting':
        return greetingReply(locale);
      case 'unknown':
        return unknownReply(locale);
      case 'link_account':
        return accountLinkingReply({ locale, linkUrl: reply.url });
      case 'linked':
        return accountLinkedReply({ locale, accounts: reply.accounts, scopes: reply.scopes, expiresAt: reply.expiresAt });
      case 'link_failed':
        return accountLinkFailedReply(locale);
      case 'consent_required':
        return consentRequiredReply({ locale, scope: reply.scope });
      case 'consent_list':
        return consentListReply({ locale, consents: reply.consents.map((c) => ({ consentId: c.consentId, bankName: c.bankId, accounts: [c.accountMasked], scopes: c.scopes, expiresAt: c.expiresAt })) });
      case 'consents_revoked':
        return reply.accounts.length === 0 ? nothingToRevokeReply(locale) : revokeConfirmationReply({ locale, bankName: reply.accounts.join(', ') });
      case 'consent_expiring':
        return consentExpiringReply({ locale, accountMasked: reply.accountMasked, expiresAt: reply.expiresAt });
      case 'access_log':
        return accessLogReply({ locale, entries: reply.entries.map((e) => ({ at: e.accessedAt, scope: e.scope, consentId: e.consentId, purpose: e.purpose, accountMasked: e.accountMasked })) });
      case 'feedback_thanks':
        return fraudFeedbackAcknowledgementReply({ locale, verdict: reply.verdict });
      case 'nothing_found':
        return nothingFoundReply(locale);
    }
  }

  messengerProfile(): Record<string, unknown> {
    return { ...messengerProfile() };
  }
}

function stripUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
