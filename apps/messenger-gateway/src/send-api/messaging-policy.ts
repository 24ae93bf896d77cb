/**
 * The Messenger Platform's sending rules, as the gateway applies them before every Send API call. Pure.
 *
 * - Standard messaging (`RESPONSE`, `UPDATE`) only within 24 hours of the user's last message, postback,
 *   quick reply or opt-in.
 * - Outside that window only with a message tag, for its approved use: `ACCOUNT_UPDATE` (a non-recurring
 *   change to the account — Kontor's fraud alerts) and `POST_PURCHASE_UPDATE` (receipts and shipment
 *   status of a purchase). Tags are not for promotions or reminders, so consent-expiry reminders are only
 *   sent inside the window (docs/messenger.md).
 */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
export const ALLOWED_TAGS = ['ACCOUNT_UPDATE', 'POST_PURCHASE_UPDATE', 'CONFIRMED_EVENT_UPDATE'] as const;

export type PolicyVerdict = { allowed: true } | { allowed: false; reason: 'outside-24h-window' | 'tag-not-allowed' | 'user-unreachable' | 'missing-messaging-type' };

export interface SendRequestBody {
  recipient: { id: string };
  messaging_type?: string;
  tag?: string;
  message?: unknown;
  sender_action?: string;
}

export function checkMessagingPolicy(body: SendRequestBody, user: { lastUserMessageAt: Date | null; unreachableAt: Date | null } | undefined, now: Date): PolicyVerdict {
  if (user?.unreachableAt) return { allowed: false, reason: 'user-unreachable' };
  const type = body.messaging_type ?? (body.sender_action ? 'RESPONSE' : undefined);
  if (!type) return { allowed: false, reason: 'missing-messaging-type' };
  if (type === 'MESSAGE_TAG') {
    return (ALLOWED_TAGS as readonly string[]).includes(body.tag ?? '') ? { allowed: true } : { allowed: false, reason: 'tag-not-allowed' };
  }
  const last = user?.lastUserMessageAt;
  if (!last || now.getTime() - last.getTime() > STANDARD_WINDOW_MS) return { allowed: false, reason: 'outside-24h-window' };
  return { allowed: true };
}
