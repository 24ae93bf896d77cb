/**
 * The part of the Messenger Send API's `message` object Kontor sends: text with quick replies, and
 * template attachments (button, receipt). Field names are Messenger's own (snake_case), so a value of
 * these types is the JSON body's `message` as it is.
 */
export interface TextQuickReply {
  content_type: 'text';
  /** ≤ 20 characters. */
  title: string;
  /** ≤ 1000 characters; comes back in the webhook's `message.quick_reply.payload`. */
  payload: string;
}

export interface PostbackButton {
  type: 'postback';
  title: string;
  payload: string;
}

export interface UrlButton {
  type: 'web_url';
  title: string;
  url: string;
}

/** Starts account linking; Messenger labels it itself ("Log in"), so it has no title. */
export interface AccountLinkButton {
  type: 'account_link';
  url: string;
}

export interface AccountUnlinkButton {
  type: 'account_unlink';
}

export type Button = PostbackButton | UrlButton | AccountLinkButton | AccountUnlinkButton;

export interface ButtonTemplatePayload {
  template_type: 'button';
  /** ≤ 640 characters. */
  text: string;
  /** 1–3 buttons. */
  buttons: Button[];
}

export interface ReceiptElement {
  title: string;
  subtitle?: string;
  quantity?: number;
  /** Decimal number in major units (see receipt-template.ts on how it stays exact). */
  price: number;
  currency?: string;
  image_url?: string;
}

export interface ReceiptAddress {
  street_1: string;
  street_2?: string;
  city: string;
  postal_code: string;
  state: string;
  country: string;
}

export interface ReceiptSummary {
  subtotal?: number;
  shipping_cost?: number;
  total_tax?: number;
  total_cost: number;
}

export interface ReceiptAdjustment {
  name: string;
  amount: number;
}

export interface ReceiptTemplatePayload {
  template_type: 'receipt';
  sharable?: boolean;
  recipient_name: string;
  merchant_name?: string;
  order_number: string;
  currency: string;
  /** Card brand and last four only, e.g. "Visa 1111". */
  payment_method: string;
  /** Seconds since the epoch, as a string. */
  timestamp?: string;
  order_url?: string;
  /** ≤ 100 elements. */
  elements?: ReceiptElement[];
  address?: ReceiptAddress;
  summary: ReceiptSummary;
  adjustments?: ReceiptAdjustment[];
}

export type TemplatePayload = ButtonTemplatePayload | ReceiptTemplatePayload;

export interface TemplateAttachment {
  type: 'template';
  payload: TemplatePayload;
}

export interface TextMessage {
  /** ≤ 2000 characters. */
  text: string;
  /** ≤ 13. */
  quick_replies?: TextQuickReply[];
}

export interface AttachmentMessage {
  attachment: TemplateAttachment;
  quick_replies?: TextQuickReply[];
}

/** What goes into the Send API request's `message` field. */
export type OutgoingMessage = TextMessage | AttachmentMessage;

export function isTextMessage(message: OutgoingMessage): message is TextMessage {
  return 'text' in message;
}
