import { clip, messengerLimitViolations, quickReply } from './messenger-limits';
import { listText } from './text-list';

describe('Messenger limits', () => {
  it('clips titles to 20 characters without splitting an emoji', () => {
    expect(quickReply('Spending by category this month', 'P').title).toBe('Spending by categor…');
    expect([...clip('🎉'.repeat(30), 20)]).toHaveLength(20);
  });

  it('lists every violation', () => {
    const tooMany = Array.from({ length: 14 }, (_, i) => ({ content_type: 'text' as const, title: `Q${i}`, payload: 'P' }));
    expect(messengerLimitViolations({ text: 'x'.repeat(2001), quick_replies: tooMany })).toEqual(['14 quick replies (max 13)', 'text over 2000 characters']);
    expect(messengerLimitViolations({ text: 'ok', quick_replies: [{ content_type: 'text', title: 'x'.repeat(21), payload: 'p'.repeat(1001) }] })).toHaveLength(2);
    expect(messengerLimitViolations({ attachment: { type: 'template', payload: { template_type: 'button', text: 'x', buttons: [] } } })).toEqual(['0 buttons (1–3)']);
  });

  it('keeps lists within 2000 characters by dropping whole lines', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `• line ${i} ${'x'.repeat(40)}`);
    const text = listText({ heading: 'Heading', lines, closing: 'Closing', more: (n) => `…and ${n} more` });
    expect([...text].length).toBeLessThanOrEqual(2000);
    expect(text).toMatch(/^Heading\n• line 0 /);
    expect(text).toMatch(/…and \d+ more\nClosing$/);
    expect(text.split('\n').every((l) => l === 'Heading' || l === 'Closing' || /^…and \d+ more$/.test(l) || lines.includes(l))).toBe(true);
  });
});
