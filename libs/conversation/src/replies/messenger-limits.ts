import { Button, OutgoingMessage, TextQuickReply } from './send-api.types';

/** The Messenger Platform's limits for what Kontor sends (Send API reference, quick replies, templates). */
export const MESSENGER_LIMITS = {
  textLength: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  payloadLength: 1000,
  buttonTemplateText: 640,
  buttons: 3,
  buttonTitle: 20,
  receiptElements: 100,
} as const;

export class MessengerLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MessengerLimitError';
  }
}

/** Cuts text to `max` characters (code points, so no emoji is split), ending in "…" when it had to cut. */
export function clip(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

const length = (text: string) => [...text].length;

/** A payload is data the gateway parses back: cutting it would corrupt it, so an over-long one is an error. */
export function checkedPayload(payload: string): string {
  if (length(payload) > MESSENGER_LIMITS.payloadLength) throw new MessengerLimitError(`payload longer than ${MESSENGER_LIMITS.payloadLength} characters`);
  return payload;
}

export function quickReply(title: string, payload: string): TextQuickReply {
  return { content_type: 'text', title: clip(title, MESSENGER_LIMITS.quickReplyTitle), payload: checkedPayload(payload) };
}

/** Every limit the message breaks, empty when it may be sent. Builders' output always passes. */
export function messengerLimitViolations(message: OutgoingMessage): string[] {
  const problems: string[] = [];
  const quickReplies = message.quick_replies ?? [];
  if (quickReplies.length > MESSENGER_LIMITS.quickReplies) problems.push(`${quickReplies.length} quick replies (max ${MESSENGER_LIMITS.quickReplies})`);
  for (const q of quickReplies) {
    if (length(q.title) > MESSENGER_LIMITS.quickReplyTitle) problems.push(`quick reply title "${q.title}" over ${MESSENGER_LIMITS.quickReplyTitle} characters`);
    if (length(q.title) === 0) problems.push('empty quick reply title');
    if (length(q.payload) > MESSENGER_LIMITS.payloadLength) problems.push(`quick reply payload over ${MESSENGER_LIMITS.payloadLength} characters`);
  }
  const checkButtons = (buttons: Button[]) => {
    if (buttons.length < 1 || buttons.length > MESSENGER_LIMITS.buttons) problems.push(`${buttons.length} buttons (1–${MESSENGER_LIMITS.buttons})`);
    for (const b of buttons) {
      if ((b.type === 'postback' || b.type === 'web_url') && length(b.title) > MESSENGER_LIMITS.buttonTitle) problems.push(`button title "${b.title}" over ${MESSENGER_LIMITS.buttonTitle} characters`);
      if (b.type === 'postback' && length(b.payload) > MESSENGER_LIMITS.payloadLength) problems.push('postback payload too long');
    }
  };
  if ('text' in message) {
    if (length(message.text) > MESSENGER_LIMITS.textLength) problems.push(`text over ${MESSENGER_LIMITS.textLength} characters`);
    if (length(message.text) === 0) problems.push('empty text');
  } else {
    const payload = message.attachment.payload;
    switch (payload.template_type) {
      case 'button':
        if (length(payload.text) > MESSENGER_LIMITS.buttonTemplateText) problems.push(`button template text over ${MESSENGER_LIMITS.buttonTemplateText} characters`);
        checkButtons(payload.buttons);
        break;
      case 'receipt':
        if ((payload.elements?.length ?? 0) > MESSENGER_LIMITS.receiptElements) problems.push(`receipt with more than ${MESSENGER_LIMITS.receiptElements} elements`);
        break;
    }
  }
  return problems;
}
