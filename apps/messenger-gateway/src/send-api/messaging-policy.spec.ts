import { checkMessagingPolicy, STANDARD_WINDOW_MS } from './messaging-policy';

describe('checkMessagingPolicy', () => {
  const now = new Date('2026-12-01T12:00:00Z');
  const user = (msAgo: number | null) => ({ lastUserMessageAt: msAgo === null ? null : new Date(now.getTime() - msAgo), unreachableAt: null });
  const response = { recipient: { id: 'P' }, messaging_type: 'RESPONSE', message: { text: 'hi' } };

  it('allows standard messages inside the 24-hour window only', () => {
    expect(checkMessagingPolicy(response, user(60_000), now)).toEqual({ allowed: true });
    expect(checkMessagingPolicy(response, user(STANDARD_WINDOW_MS - 1), now)).toEqual({ allowed: true });
    expect(checkMessagingPolicy(response, user(STANDARD_WINDOW_MS + 1), now)).toEqual({ allowed: false, reason: 'outside-24h-window' });
    expect(checkMessagingPolicy({ ...response, messaging_type: 'UPDATE' }, user(STANDARD_WINDOW_MS + 1), now)).toEqual({ allowed: false, reason: 'outside-24h-window' });
  });

  it('refuses a user who never wrote', () => {
    expect(checkMessagingPolicy(response, user(null), now)).toEqual({ allowed: false, reason: 'outside-24h-window' });
    expect(checkMessagingPolicy(response, undefined, now)).toEqual({ allowed: false, reason: 'outside-24h-window' });
  });

  it('allows the approved tags outside the window and nothing else', () => {
    const tagged = (tag: string) => ({ ...response, messaging_type: 'MESSAGE_TAG', tag });
    expect(checkMessagingPolicy(tagged('ACCOUNT_UPDATE'), undefined, now)).toEqual({ allowed: true });
    expect(checkMessagingPolicy(tagged('POST_PURCHASE_UPDATE'), user(10 * STANDARD_WINDOW_MS), now)).toEqual({ allowed: true });
    expect(checkMessagingPolicy(tagged('PROMOTION'), undefined, now)).toEqual({ allowed: false, reason: 'tag-not-allowed' });
    expect(checkMessagingPolicy({ ...response, messaging_type: 'MESSAGE_TAG' }, undefined, now)).toEqual({ allowed: false, reason: 'tag-not-allowed' });
  });

  it('sends nothing to a user Messenger reported unreachable', () => {
    expect(checkMessagingPolicy({ ...response, messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' }, { lastUserMessageAt: now, unreachableAt: now }, now)).toEqual({ allowed: false, reason: 'user-unreachable' });
  });

  it('requires a messaging type', () => {
    expect(checkMessagingPolicy({ recipient: { id: 'P' }, message: {} }, user(0), now)).toEqual({ allowed: false, reason: 'missing-messaging-type' });
  });
});
