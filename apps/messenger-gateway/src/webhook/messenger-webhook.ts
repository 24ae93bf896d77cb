import { createHash } from 'node:crypto';

/**
 * What a Messenger Platform webhook POST contains, split into the events Kontor acts on. Pure: no I/O.
 *
 * Meta batches: one POST can carry several `entry` items (one per page and time slice), each with several
 * `messaging` events; `standby` carries events of threads another app controls (handover protocol). An
 * event is recognised by which field it has (`message`, `postback`, `account_linking`, ...), never by its
 * position. Anything unknown is acknowledged and ignored, so new webhook fields never break intake.
 */
export type MessengerEventKind =
  | 'message'
  | 'quick_reply'
  | 'postback'
  | 'account_linking'
  | 'optin'
  | 'referral'
  /** A reaction (emoji) to a message: opens the 24-hour window, needs no answer. */
  | 'reaction'
  /** The page's own outgoing message; kept only when it names a Kontor push (see `metadata`). */
  | 'echo'
  | 'delivery'
  | 'read'
  | 'other';

/** The kinds the gateway stores and processes; the rest are acknowledged and dropped at once. */
export const PROCESSED_KINDS: ReadonlySet<MessengerEventKind> = new Set(['message', 'quick_reply', 'postback', 'account_linking', 'optin', 'referral', 'reaction', 'echo']);

export interface MessengerEvent {
  kind: MessengerEventKind;
  /** Stable across Meta's redeliveries of the same event: the message id where there is one. */
  dedupKey: string;
  pageId: string;
  /** The customer's page-scoped id (the recipient for echoes); absent for plugin opt-ins by user_ref. */
  psid?: string;
  /** Milliseconds since the epoch, as Meta stated it (0 when it did not). */
  timestamp: number;
  /** True for events from the `standby` channel: another app owns the thread, so Kontor must not answer. */
  standby: boolean;
  event: Record<string, unknown>;
}

export type ParsedWebhook = { object: 'page'; events: MessengerEvent[] } | { object: string; events: [] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined);
const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);

export function classify(event: Json): MessengerEventKind {
  const message = event.message;
  if (isObject(message)) {
    if (message.is_echo === true) return 'echo';
    if (isObject(message.quick_reply)) return 'quick_reply';
    return 'message';
  }
  if (isObject(event.postback)) return 'postback';
  if (isObject(event.account_linking)) return 'account_linking';
  if (isObject(event.optin)) return 'optin';
  if (isObject(event.referral)) return 'referral';
  if (isObject(event.reaction)) return 'reaction';
  if (isObject(event.delivery)) return 'delivery';
  if (isObject(event.read)) return 'read';
  return 'other';
}

function dedupKey(kind: MessengerEventKind, event: Json, psid: string | undefined, timestamp: number): string {
  const message = isObject(event.message) ? event.message : undefined;
  const mid = asString(message?.mid) ?? (isObject(event.postback) ? asString(event.postback.mid) : undefined);
  // Message ids are unique per message and survive redelivery; events without one are keyed by their content.
  if (mid) return `${kind}:${mid}`;
  return `${kind}:${psid ?? '-'}:${timestamp}:${digest(event[kind === 'quick_reply' ? 'message' : kind] ?? event)}`;
}

function toEvent(raw: unknown, pageId: string, standby: boolean): MessengerEvent | undefined {
  if (!isObject(raw)) return undefined;
  const kind = classify(raw);
  const sender = isObject(raw.sender) ? asString(raw.sender.id) : undefined;
  const recipient = isObject(raw.recipient) ? asString(raw.recipient.id) : undefined;
  const psid = kind === 'echo' ? recipient : sender;
  const timestamp = typeof raw.timestamp === 'number' && Number.isFinite(raw.timestamp) ? raw.timestamp : 0;
  return { kind, dedupKey: dedupKey(kind, raw, psid, timestamp), pageId, psid, timestamp, standby, event: raw };
}

/** Splits a webhook body (already authenticated) into events; `object` other than `page` yields none. */
export function parseMessengerWebhook(body: unknown): ParsedWebhook {
  if (!isObject(body)) return { object: '', events: [] };
  const object = asString(body.object) ?? '';
  if (object !== 'page') return { object, events: [] };
  const events: MessengerEvent[] = [];
  for (const entry of Array.isArray(body.entry) ? body.entry : []) {
    if (!isObject(entry)) continue;
    const pageId = asString(entry.id) ?? '';
    for (const [channel, standby] of [['messaging', false], ['standby', true]] as const) {
      const list = entry[channel];
      if (!Array.isArray(list)) continue;
      for (const raw of list) {
        const event = toEvent(raw, pageId, standby);
        if (event) events.push(event);
      }
    }
  }
  return { object, events };
}

/** The text the customer typed, the quick-reply payload, or the postback payload. */
export function eventText(event: MessengerEvent): { text?: string; payload?: string } {
  const message = isObject(event.event.message) ? event.event.message : undefined;
  const postback = isObject(event.event.postback) ? event.event.postback : undefined;
  return {
    text: asString(message?.text) ?? asString(postback?.title),
    payload: asString(isObject(message?.quick_reply) ? message.quick_reply.payload : undefined) ?? asString(postback?.payload),
  };
}

export function accountLinking(event: MessengerEvent): { status?: string; authorizationCode?: string } {
  const linking = isObject(event.event.account_linking) ? event.event.account_linking : {};
  return { status: asString(linking.status), authorizationCode: asString(linking.authorization_code) };
}

export function echoMetadata(event: MessengerEvent): { metadata?: string; mid?: string } {
  const message = isObject(event.event.message) ? event.event.message : {};
  return { metadata: asString(message.metadata), mid: asString(message.mid) };
}
