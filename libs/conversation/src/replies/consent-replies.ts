import type { ConversationLocale } from '../intent/intent.types';
import { ConsentScope, SCOPE_LABELS } from './labels';
import { MaskedAccount } from './masked';
import { clip, MESSENGER_LIMITS, quickReply } from './messenger-limits';
import { formatDate, formatDateTime } from './money-format';
import { intentPayload, revokeConsentPayload } from './payloads';
import { AttachmentMessage, TextMessage, TextQuickReply } from './send-api.types';
import { listText } from './text-list';

export interface ConsentSummary {
  consentId: string;
  bankName: string;
  accounts: MaskedAccount[];
  scopes: ConsentScope[];
  /** ISO 8601. */
  expiresAt: string;
}

export interface AccessLogEntry {
  /** ISO 8601 time of the read. */
  at: string;
  scope: ConsentScope;
  consentId: string;
  /** What the read answered, e.g. the intent ("balance") or "fraud alert". */
  purpose: string;
  accountMasked?: MaskedAccount;
}

const T = {
  en: {
    consentsHeading: 'You have allowed Kontor to use:',
    consentLine: (bank: string, accounts: string, scopes: string, until: string) => `• ${bank} (${accounts}): ${scopes} — until ${until}`,
    consentsClosing: 'Tap one to revoke it.',
    noConsents: 'You have not linked a bank. Kontor can show nothing until you do.',
    revoke: (bank: string) => `Revoke ${bank}`,
    link: 'Link my bank',
    linkText: 'Link your bank to see balances, transactions, receipts and fraud alerts here. You choose the accounts and what Kontor may use, and you can revoke it any time.',
    revoked: (bank: string) => `Done: Kontor no longer uses your data from ${bank}. You can link it again any time.`,
    consentRequired: (scope: string) => `To show you ${scope}, Kontor needs your consent. Link your bank and allow ${scope}.`,
    accessHeading: 'This is what Kontor read from your bank data:',
    accessLine: (at: string, scope: string, purpose: string, account: string) => `• ${at}: ${scope}${account ? ` of ${account}` : ''} for “${purpose}”`,
    accessNone: 'Kontor has not read any of your bank data.',
    more: (n: number) => `…and ${n} more`,
    consents: 'My consents',
    linked: (accounts: string, scopes: string, until: string) => `Linked: ${accounts}. Kontor may use ${scopes} until ${until}.`,
    linkFailed: 'Linking did not complete. You can try again any time.',
    expiring: (account: string, until: string) => `Your consent for ${account} ends on ${until}. Link your bank again to keep using Kontor.`,
    nothingRevoked: 'There was nothing to revoke.',
    balance: 'Balance',
    help: 'Help',
  },
  de: {
    consentsHeading: 'Sie haben Kontor erlaubt:',
    consentLine: (bank: string, accounts: string, scopes: string, until: string) => `• ${bank} (${accounts}): ${scopes} – bis ${until}`,
    consentsClosing: 'Tippen Sie auf eine Einwilligung, um sie zu widerrufen.',
    noConsents: 'Sie haben keine Bank verknüpft. Bis dahin kann Kontor nichts anzeigen.',
    revoke: (bank: string) => `${bank} widerrufen`,
    link: 'Bank verknüpfen',
    linkText: 'Verknüpfen Sie Ihre Bank, um hier Kontostände, Umsätze, Belege und Betrugswarnungen zu sehen. Sie wählen die Konten und was Kontor nutzen darf, und können jederzeit widerrufen.',
    revoked: (bank: string) => `Erledigt: Kontor nutzt Ihre Daten von ${bank} nicht mehr. Sie können die Bank jederzeit wieder verknüpfen.`,
    consentRequired: (scope: string) => `Um Ihnen ${scope} zu zeigen, braucht Kontor Ihre Einwilligung. Verknüpfen Sie Ihre Bank und erlauben Sie ${scope}.`,
    accessHeading: 'Das hat Kontor aus Ihren Bankdaten gelesen:',
    accessLine: (at: string, scope: string, purpose: string, account: string) => `• ${at}: ${scope}${account ? ` von ${account}` : ''} für „${purpose}“`,
    accessNone: 'Kontor hat keine Ihrer Bankdaten gelesen.',
    more: (n: number) => `…und ${n} weitere`,
    consents: 'Einwilligungen',
    linked: (accounts: string, scopes: string, until: string) => `Verknüpft: ${accounts}. Kontor darf ${scopes} nutzen, bis ${until}.`,
    linkFailed: 'Die Verknüpfung wurde nicht abgeschlossen. Sie können es jederzeit erneut versuchen.',
    expiring: (account: string, until: string) => `Ihre Einwilligung für ${account} endet am ${until}. Verknüpfen Sie Ihre Bank erneut, um Kontor weiter zu nutzen.`,
    nothingRevoked: 'Es gab nichts zu widerrufen.',
    balance: 'Kontostand',
    help: 'Hilfe',
  },
} as const;

/** The customer's active consents, each with a "Revoke <bank>" quick reply (at most 12, plus "Link my bank"). */
export function consentListReply(input: { locale: ConversationLocale; consents: ConsentSummary[] }): TextMessage {
  const t = T[input.locale];
  const link = quickReply(t.link, intentPayload('link_account'));
  if (input.consents.length === 0) return { text: t.noConsents, quick_replies: [link] };
  const scopes = (s: ConsentScope[]) => s.map((scope) => SCOPE_LABELS[input.locale][scope]).join(', ');
  const lines = input.consents.map((c) => t.consentLine(c.bankName, c.accounts.join(', '), scopes(c.scopes), formatDate(c.expiresAt, input.locale)));
  const revokes = input.consents.slice(0, MESSENGER_LIMITS.quickReplies - 1).map((c) => quickReply(t.revoke(c.bankName), revokeConsentPayload(c.consentId)));
  return { text: listText({ heading: t.consentsHeading, lines, closing: t.consentsClosing, more: t.more }), quick_replies: [...revokes, link] };
}

/** The account-linking button template: Messenger opens `linkUrl` (the bank's login and consent page). */
export function accountLinkingReply(input: { locale: ConversationLocale; linkUrl: string }): AttachmentMessage {
  if (!/^https?:\/\//.test(input.linkUrl)) throw new RangeError('the account linking URL must be http(s)');
  return { attachment: { type: 'template', payload: { template_type: 'button', text: clip(T[input.locale].linkText, MESSENGER_LIMITS.buttonTemplateText), buttons: [{ type: 'account_link', url: input.linkUrl }] } } };
}

/** After the account-linking flow: which accounts are linked, what Kontor may use and until when. */
export function accountLinkedReply(input: { locale: ConversationLocale; accounts: MaskedAccount[]; scopes: ConsentScope[]; expiresAt: string }): TextMessage {
  const t = T[input.locale];
  const scopes = input.scopes.map((scope) => SCOPE_LABELS[input.locale][scope]).join(', ');
  return {
    text: t.linked(input.accounts.join(', '), scopes, formatDate(input.expiresAt, input.locale)),
    quick_replies: [quickReply(t.balance, intentPayload('balance')), quickReply(t.consents, intentPayload('list_consents')), quickReply(t.help, intentPayload('help'))],
  };
}

/** The account-linking flow ended without a link (cancelled, or an unknown or used code). */
export function accountLinkFailedReply(locale: ConversationLocale): TextMessage {
  const t = T[locale];
  return { text: t.linkFailed, quick_replies: [quickReply(t.link, intentPayload('link_account'))] };
}

/** A reminder, sent inside the 24-hour window, that a consent runs out soon. */
export function consentExpiringReply(input: { locale: ConversationLocale; accountMasked: MaskedAccount; expiresAt: string }): TextMessage {
  const t = T[input.locale];
  return { text: t.expiring(input.accountMasked, formatDate(input.expiresAt, input.locale)), quick_replies: [quickReply(t.link, intentPayload('link_account'))] };
}

/** A revoke (tap or "unlink") that found no active consent of this customer. */
export function nothingToRevokeReply(locale: ConversationLocale): TextMessage {
  const t = T[locale];
  return { text: t.nothingRevoked, quick_replies: [quickReply(t.link, intentPayload('link_account'))] };
}

export function revokeConfirmationReply(input: { locale: ConversationLocale; bankName: string }): TextMessage {
  const t = T[input.locale];
  return { text: t.revoked(input.bankName), quick_replies: [quickReply(t.link, intentPayload('link_account')), quickReply(t.consents, intentPayload('list_consents'))] };
}

/** What to answer when the customer asks for data they have not consented to (or whose consent expired). */
export function consentRequiredReply(input: { locale: ConversationLocale; scope: ConsentScope }): TextMessage {
  const t = T[input.locale];
  return { text: t.consentRequired(SCOPE_LABELS[input.locale][input.scope]), quick_replies: [quickReply(t.link, intentPayload('link_account'))] };
}

/** "What did you access?": each read of the customer's data, newest first as given. */
export function accessLogReply(input: { locale: ConversationLocale; entries: AccessLogEntry[]; timeZone?: string }): TextMessage {
  const t = T[input.locale];
  const quick_replies: TextQuickReply[] = [quickReply(t.consents, intentPayload('list_consents'))];
  if (input.entries.length === 0) return { text: t.accessNone, quick_replies };
  const lines = input.entries.map((e) => t.accessLine(formatDateTime(e.at, input.locale, input.timeZone), SCOPE_LABELS[input.locale][e.scope], e.purpose, e.accountMasked ?? ''));
  return { text: listText({ heading: t.accessHeading, lines, more: t.more }), quick_replies };
}
