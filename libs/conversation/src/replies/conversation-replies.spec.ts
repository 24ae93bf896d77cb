import { parseReplyPayload } from './payloads';
import { greetingReply, helpReply, menuQuickReplies, unknownReply } from './conversation-replies';
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
