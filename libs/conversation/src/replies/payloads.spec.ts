import { MessengerLimitError } from './messenger-limits';
import { fraudFeedbackPayload, intentPayload, parseReplyPayload, revokeConsentPayload } from './payloads';

describe('reply payloads', () => {
  it('round-trip', () => {
    expect(parseReplyPayload(intentPayload('balance'))).toEqual({ kind: 'intent', intent: 'balance' });
    expect(parseReplyPayload(revokeConsentPayload('4f1c0c8e-7a0b-4b59-9a57-2d0b3f7c9e11'))).toEqual({ kind: 'revoke_consent', consentId: '4f1c0c8e-7a0b-4b59-9a57-2d0b3f7c9e11' });
    expect(fraudFeedbackPayload('a1', 'genuine')).toBe('FRAUD_FEEDBACK|a1|GENUINE');
    expect(parseReplyPayload('FRAUD_FEEDBACK|a1|FRAUD')).toEqual({ kind: 'fraud_feedback', alertId: 'a1', verdict: 'fraud' });
  });

  it.each(['', 'INTENT|drop_tables', 'INTENT|balance|x', 'FRAUD_FEEDBACK|a1|MAYBE', 'CONSENT_REVOKE|../x', 'GET_STARTED'])('rejects %j', (payload) => {
    expect(parseReplyPayload(payload)).toBeUndefined();
  });

  it('refuses a payload over 1000 characters instead of cutting it', () => {
    expect(() => revokeConsentPayload('x'.repeat(1000))).toThrow(MessengerLimitError);
  });
});
