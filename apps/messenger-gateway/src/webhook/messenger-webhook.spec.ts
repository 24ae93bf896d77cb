import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accountLinking, eventText, parseMessengerWebhook, PROCESSED_KINDS } from './messenger-webhook';

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as unknown;

describe('parseMessengerWebhook on published payloads (conbus/fbmq)', () => {
  it.each([
    ['fbmq__message_text.json', 'message', '1134343043305865', 'message:mid.1472026867074:cfb5e1d4bde07a2a55'],
    ['fbmq__quick_reply.json', 'quick_reply', '1134343043305865', 'quick_reply:mid.1472028637817:ae2763cc036a664b43'],
    ['fbmq__postback.json', 'postback', '1134343043305865', undefined],
    ['fbmq__postback_with_referral.json', 'postback', '1134343043305865', undefined],
    ['fbmq__account_linking_linked.json', 'account_linking', '1134343043305865', undefined],
    ['fbmq__referral.json', 'referral', '1134343043305865', undefined],
    // An echo's user is its recipient: the page sent it.
    ['fbmq__message_echo.json', 'echo', '1134343043305865', 'echo:mid.1472026868734:832ecbdfc1ffc30139'],
    ['fbmq__delivery.json', 'delivery', '1134343043305865', undefined],
    ['fbmq__read.json', 'read', '1134343043305865', undefined],
    ['fbmq__pass_thread_control.json', 'other', '<PSID>', undefined],
    ['fbmq__policy_enforcement.json', 'other', undefined, undefined],
  ])('%s is one %s event', (file, kind, psid, dedupKey) => {
    const parsed = parseMessengerWebhook(fixture(file));
    expect(parsed.object).toBe('page');
    expect(parsed.events).toHaveLength(1);
    const [event] = parsed.events;
    expect(event).toMatchObject({ kind, pageId: '1691462197845448', psid, standby: false });
    if (dedupKey) expect(event.dedupKey).toBe(dedupKey);
  });

  it('parses every fixture without throwing, and only the not-a-page one yields nothing', () => {
    for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
      const parsed = parseMessengerWebhook(fixture(file));
      expect(parsed.events.length).toBe(file.includes('not_a_page') ? 0 : 1);
    }
    expect(parseMessengerWebhook(fixture('fbmq__invalid_object_not_a_page.json')).object).toBe('not_a_page');
  });

  it('gives a redelivered event the same dedup key and different events different keys', () => {
    const keys = (file: string) => parseMessengerWebhook(fixture(file)).events.map((e) => e.dedupKey);
    expect(keys('fbmq__postback.json')).toEqual(keys('fbmq__postback.json'));
    expect(keys('fbmq__postback.json')).not.toEqual(keys('fbmq__postback_with_referral.json'));
    const all = readdirSync(FIXTURES).filter((f) => f.endsWith('.json')).flatMap(keys);
    expect(new Set(all).size).toBe(all.length);
  });

  it('reads text, payloads and the linking result', () => {
    const [text] = parseMessengerWebhook(fixture('fbmq__message_text.json')).events;
    expect(eventText(text)).toEqual({ text: 'hello world', payload: undefined });
    const [quick] = parseMessengerWebhook(fixture('fbmq__quick_reply.json')).events;
    expect(eventText(quick)).toEqual({ text: 'Action', payload: 'PICK_ACTION' });
    const [postback] = parseMessengerWebhook(fixture('fbmq__postback.json')).events;
    expect(eventText(postback).payload).toBe('DEVELOPED_DEFINED_PAYLOAD');
    const [linking] = parseMessengerWebhook(fixture('fbmq__account_linking_linked.json')).events;
    expect(accountLinking(linking)).toEqual({ status: 'linked', authorizationCode: '1234567890' });
  });

  it('splits batched entries and messaging arrays, and marks standby events', () => {
    const message = (mid: string, text: string) => ({ sender: { id: 'U1' }, recipient: { id: 'P1' }, timestamp: 1, message: { mid, text } });
    const parsed = parseMessengerWebhook({
      object: 'page',
      entry: [
        { id: 'P1', time: 1, messaging: [message('m1', 'a'), message('m2', 'b')] },
        { id: 'P1', time: 2, messaging: [message('m3', 'c')], standby: [message('m4', 'd')] },
        { id: 'P1', time: 3, changes: [{ field: 'feed' }] },
      ],
    });
    expect(parsed.events.map((e) => [e.dedupKey, e.standby])).toEqual([
      ['message:m1', false],
      ['message:m2', false],
      ['message:m3', false],
      ['message:m4', true],
    ]);
  });

  it('recognises a reaction (it opens the window) and keeps it apart from the reacted message', () => {
    const [reaction] = parseMessengerWebhook({ object: 'page', entry: [{ id: 'P', messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 5, reaction: { mid: 'm1', action: 'react', reaction: 'love', emoji: '❤' } }] }] }).events;
    expect(reaction.kind).toBe('reaction');
    expect(reaction.dedupKey).not.toBe('message:m1');
    expect(PROCESSED_KINDS.has('reaction')).toBe(true);
  });

  it('takes the shapes other samples use: stickers without text, object payloads, no entry id, no timestamp', () => {
    const { events } = parseMessengerWebhook({
      object: 'page',
      entry: [
        { messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, message: { mid: 'mid.s', sticker_id: 369239263222822, attachments: [{ type: 'image', payload: { url: 'https://x' } }] } }] },
        { id: 'P', time: 1, messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1458692752478, postback: { payload: { action: 'schedule' } } }] },
        { id: 'P', time: 1, messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, postback: { mid: 'm_pb', title: 'Get Started', payload: 'GET_STARTED' } }] },
        { id: 'P', time: 1, messaging: [{ sender: { user_ref: 'REF' }, recipient: { id: 'P' }, timestamp: 2, optin: { ref: 'x', user_ref: 'REF' } }] },
      ],
    });
    expect(events.map((e) => [e.kind, e.pageId, e.psid, e.timestamp])).toEqual([
      ['message', '', 'U', 0],
      ['postback', 'P', 'U', 1458692752478],
      ['postback', 'P', 'U', 1],
      ['optin', 'P', undefined, 2],
    ]);
    expect(eventText(events[0])).toEqual({ text: undefined, payload: undefined });
    expect(eventText(events[1]).payload).toBeUndefined();
    expect(events[2].dedupKey).toBe('postback:m_pb');
    expect(eventText(events[2])).toEqual({ text: 'Get Started', payload: 'GET_STARTED' });
  });

  it('survives hostile shapes', () => {
    for (const body of [null, 42, 'page', [], { object: 'page' }, { object: 'page', entry: 'x' }, { object: 'page', entry: [null, { messaging: [null, 1, 'x'] }] }]) {
      expect(() => parseMessengerWebhook(body)).not.toThrow();
    }
    expect(parseMessengerWebhook({ object: 'page', entry: [{ id: 'P', messaging: [{ sender: { id: 'U' }, message: 'not an object' }] }] }).events[0].kind).toBe('other');
  });

  it('keeps echoes, drops deliveries and reads from processing', () => {
    expect(PROCESSED_KINDS.has('delivery')).toBe(false);
    expect(PROCESSED_KINDS.has('read')).toBe(false);
    expect(PROCESSED_KINDS.has('other')).toBe(false);
  });
});
