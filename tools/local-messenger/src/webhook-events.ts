import { createHmac } from 'node:crypto';
import { hubSignature256 } from '@kontor/request-signing';

/**
 * The Messenger Platform's webhook payloads for what a user does in the chat, in the format Meta sends
 * them: `{ object: 'page', entry: [{ id, time, messaging: [event] }] }`, each event with sender (the PSID),
 * recipient (the page id) and timestamp, plus one of message / postback / account_linking.
 */
export interface Participants {
  psid: string;
  pageId: string;
}

export interface MessagingEvent {
  sender: { id: string };
  recipient: { id: string };
  timestamp: number;
  message?: { mid: string; text: string; quick_reply?: { payload: string } };
  postback?: { mid: string; title: string; payload: string };
  account_linking?: { status: 'linked'; authorization_code: string } | { status: 'unlinked' };
}

export interface WebhookBody {
  object: 'page';
  entry: { id: string; time: number; messaging: MessagingEvent[] }[];
}

export type UserAction =
  | { type: 'text'; text: string }
  | { type: 'quick_reply'; text: string; payload: string }
  | { type: 'postback'; title: string; payload: string }
  | { type: 'account_linking'; status: 'linked'; authorizationCode: string }
  | { type: 'account_linking'; status: 'unlinked' };

/** Message ids look like Meta's ("m_" + opaque text); unique per event. */
export function messageId(timestamp: number, sequence: number): string {
  return `m_local_${timestamp.toString(36)}_${sequence.toString(36)}`;
}

export function messagingEvent(who: Participants, action: UserAction, timestamp: number, mid: string): MessagingEvent {
  const base = { sender: { id: who.psid }, recipient: { id: who.pageId }, timestamp };
  switch (action.type) {
    case 'text':
      return { ...base, message: { mid, text: action.text } };
    case 'quick_reply':
      return { ...base, message: { mid, text: action.text, quick_reply: { payload: action.payload } } };
    case 'postback':
      return { ...base, postback: { mid, title: action.title, payload: action.payload } };
    case 'account_linking':
      return { ...base, account_linking: action.status === 'linked' ? { status: 'linked', authorization_code: action.authorizationCode } : { status: 'unlinked' } };
  }
}

export function webhookBody(pageId: string, events: MessagingEvent[], time: number): WebhookBody {
  return { object: 'page', entry: [{ id: pageId, time, messaging: events }] };
}

/**
 * JSON as Meta writes webhook bodies: every non-ASCII character escaped as \uXXXX with lowercase hex
 * ("ü" → "\u00fc", emoji as surrogate pairs). Meta computes the signature over these escaped bytes, so a
 * receiver that re-serialises the parsed JSON instead of hashing the raw body gets a different signature.
 */
export function serializeLikeMeta(body: unknown): string {
  return JSON.stringify(body).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface SignedWebhookRequest {
  rawBody: string;
  headers: Record<string, string>;
}

/** The POST Meta would send: raw body plus `X-Hub-Signature-256` (and the legacy SHA-1 `X-Hub-Signature`). */
export function signedWebhookRequest(body: WebhookBody, appSecret: string, options: { escapeUnicode?: boolean } = {}): SignedWebhookRequest {
  const rawBody = options.escapeUnicode === false ? JSON.stringify(body) : serializeLikeMeta(body);
  return {
    rawBody,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': hubSignature256(appSecret, rawBody),
      'x-hub-signature': `sha1=${createHmac('sha1', appSecret).update(rawBody).digest('hex')}`,
      'user-agent': 'facebookexternalua',
    },
  };
}
