import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubSignatureMatches } from '@kontor/request-signing';
import { messageId, messagingEvent, serializeLikeMeta, signedWebhookRequest, webhookBody } from './webhook-events';

const who = { psid: '1000000000000001', pageId: '1691462197845448' };
const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, '__fixtures__', name), 'utf8'));

describe('webhook events in Meta’s format', () => {
  it('a text message has the shape of a real one', () => {
    const event = messagingEvent(who, { type: 'text', text: 'hello world' }, 1472026867080, 'mid.1');
    const real = fixture('fbmq__message_text.json').entry[0].messaging[0];
    expect(Object.keys(event).sort()).toEqual(Object.keys(real).sort());
    expect(Object.keys(event.message!).sort()).toEqual(['mid', 'text']);
    expect(event).toEqual({ sender: { id: who.psid }, recipient: { id: who.pageId }, timestamp: 1472026867080, message: { mid: 'mid.1', text: 'hello world' } });
  });

  it('a quick reply carries the text and the payload', () => {
    const event = messagingEvent(who, { type: 'quick_reply', text: 'Not me', payload: 'FRAUD_FEEDBACK|a1|FRAUD' }, 1, 'm_1');
    const real = fixture('fbmq__quick_reply.json').entry[0].messaging[0];
    expect(Object.keys(event.message!).sort()).toEqual(Object.keys(real.message).filter((k) => k !== 'seq').sort());
    expect(event.message).toEqual({ mid: 'm_1', text: 'Not me', quick_reply: { payload: 'FRAUD_FEEDBACK|a1|FRAUD' } });
  });

  it('a postback has title, payload and mid', () => {
    expect(messagingEvent(who, { type: 'postback', title: 'Get Started', payload: 'GET_STARTED' }, 1, 'm_2').postback).toEqual({ mid: 'm_2', title: 'Get Started', payload: 'GET_STARTED' });
  });

  it('account linking reports the authorization code, or unlinking', () => {
    const linked = messagingEvent(who, { type: 'account_linking', status: 'linked', authorizationCode: 'code-1' }, 1, 'm_3');
    expect(linked.account_linking).toEqual(fixture('fbmq__account_linking_linked.json').entry[0].messaging[0].account_linking.status === 'linked' ? { status: 'linked', authorization_code: 'code-1' } : undefined);
    expect(messagingEvent(who, { type: 'account_linking', status: 'unlinked' }, 1, 'm_4').account_linking).toEqual({ status: 'unlinked' });
    expect(linked.message).toBeUndefined();
  });

  it('wraps events in a page entry', () => {
    const event = messagingEvent(who, { type: 'text', text: 'hi' }, 5, 'm_5');
    expect(webhookBody(who.pageId, [event], 6)).toEqual({ object: 'page', entry: [{ id: who.pageId, time: 6, messaging: [event] }] });
  });

  it('makes unique message ids', () => {
    expect(new Set([messageId(1, 1), messageId(1, 2), messageId(2, 1)]).size).toBe(3);
    expect(messageId(1, 1)).toMatch(/^m_/);
  });
});

describe('signed webhook requests', () => {
  const body = webhookBody(who.pageId, [messagingEvent(who, { type: 'text', text: 'Wie viel bei Müller? 💶' }, 1, 'm_6')], 1);

  it('signs the raw body with HMAC-SHA256 of the app secret', () => {
    const request = signedWebhookRequest(body, 'app-secret');
    expect(request.headers['x-hub-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(hubSignatureMatches('app-secret', Buffer.from(request.rawBody), request.headers['x-hub-signature-256'])).toBe(true);
    expect(hubSignatureMatches('other-secret', Buffer.from(request.rawBody), request.headers['x-hub-signature-256'])).toBe(false);
    expect(request.headers['x-hub-signature']).toMatch(/^sha1=[0-9a-f]{40}$/);
  });

  it('escapes non-ASCII like Meta, so only a receiver hashing the raw bytes verifies it', () => {
    const request = signedWebhookRequest(body, 'app-secret');
    expect(request.rawBody).toContain('M\\u00fcller? \\ud83d\\udcb6');
    expect(JSON.parse(request.rawBody)).toEqual(body);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(request.rawBody)));
    expect(hubSignatureMatches('app-secret', reserialised, request.headers['x-hub-signature-256'])).toBe(false);
    expect(serializeLikeMeta({ a: 'plain' })).toBe('{"a":"plain"}');
  });

  it('can send unescaped UTF-8 instead', () => {
    expect(signedWebhookRequest(body, 's', { escapeUnicode: false }).rawBody).toContain('Müller? 💶');
  });
});
