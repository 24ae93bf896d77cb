import { parseReplyPayload } from './payloads';
import { greetingReply, helpReply, menuQuickReplies, messengerProfile, unknownReply } from './conversation-replies';
import { messengerLimitViolations } from './messenger-limits';

describe('help, greeting and fallback replies', () => {
  it.each(['en', 'de'] as const)('help (%s) lists what Kontor understands with menu quick replies', (locale) => {
    const reply = helpReply(locale);
    expect(reply.text.split('\n').length).toBeGreaterThan(5);
    expect(reply.quick_replies).toEqual(menuQuickReplies(locale));
    expect(reply.quick_replies!.map((q) => parseReplyPayload(q.payload))).toContainEqual({ kind: 'intent', intent: 'balance' });
    expect(messengerLimitViolations(reply)).toEqual([]);
  });

  it('greets and falls back in the customer’s language', () => {
    expect(greetingReply('de').text).toMatch(/^Hallo! Ich bin Kontor/);
    expect(unknownReply('en').text).toMatch(/^Sorry, I didn’t get that/);
    expect(unknownReply('de').quick_replies!.map((q) => q.title)).toEqual(['Kontostand', 'Umsätze', 'Ausgaben', 'Belege']);
  });
});

describe('messengerProfile', () => {
  it('has Get Started and a menu per locale whose payloads the gateway can parse', () => {
    const profile = messengerProfile();
    expect(profile.get_started).toEqual({ payload: 'GET_STARTED' });
    expect(profile.persistent_menu.map((m) => m.locale)).toEqual(['default', 'de_DE']);
    for (const menu of profile.persistent_menu) {
      expect(menu.call_to_actions.length).toBeGreaterThan(0);
      for (const item of menu.call_to_actions) {
        expect(item.type).toBe('postback');
        expect([...item.title].length).toBeLessThanOrEqual(30);
        expect(parseReplyPayload(item.payload)).toMatchObject({ kind: 'intent' });
      }
    }
    expect(profile.persistent_menu[1].call_to_actions[0]).toEqual({ type: 'postback', title: 'Kontostand', payload: 'INTENT|balance' });
  });
});
