import { INTENT_NAMES, IntentName } from '../intent/intent.types';
import { checkedPayload } from './messenger-limits';

/**
 * Quick-reply and postback payloads Kontor's replies carry, and their parser. `FRAUD_FEEDBACK|<alertId>|GENUINE`
 * is the format messenger-gateway already sends with alerts.
 */
export type ReplyPayload =
  | { kind: 'intent'; intent: IntentName }
  | { kind: 'revoke_consent'; consentId: string }
  | { kind: 'fraud_feedback'; alertId: string; verdict: 'genuine' | 'fraud' };

export const intentPayload = (intent: IntentName) => checkedPayload(`INTENT|${intent}`);
export const revokeConsentPayload = (consentId: string) => checkedPayload(`CONSENT_REVOKE|${consentId}`);
export const fraudFeedbackPayload = (alertId: string, verdict: 'genuine' | 'fraud') => checkedPayload(`FRAUD_FEEDBACK|${alertId}|${verdict === 'genuine' ? 'GENUINE' : 'FRAUD'}`);

const ID = /^[A-Za-z0-9_-]{1,128}$/;

/** Reads a payload back; anything not made by the functions above (or tampered with) gives undefined. */
export function parseReplyPayload(payload: string): ReplyPayload | undefined {
  const parts = payload.split('|');
  switch (parts[0]) {
    case 'INTENT':
      return parts.length === 2 && (INTENT_NAMES as readonly string[]).includes(parts[1]) ? { kind: 'intent', intent: parts[1] as IntentName } : undefined;
    case 'CONSENT_REVOKE':
      return parts.length === 2 && ID.test(parts[1]) ? { kind: 'revoke_consent', consentId: parts[1] } : undefined;
    case 'FRAUD_FEEDBACK':
      if (parts.length !== 3 || !ID.test(parts[1]) || (parts[2] !== 'GENUINE' && parts[2] !== 'FRAUD')) return undefined;
      return { kind: 'fraud_feedback', alertId: parts[1], verdict: parts[2] === 'GENUINE' ? 'genuine' : 'fraud' };
    default:
      return undefined;
  }
}
