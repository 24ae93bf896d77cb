import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hubSignature256 } from '@kontor/request-signing';
import { eventually, uniqueSuffix } from '@kontor/testing';
import { APP_SECRET, GatewayHarness, VERIFY_TOKEN } from '../gateway.test-harness';
import { WebhookEventEntity } from './webhook-event.entity';

const FIXTURES = join(__dirname, 'fixtures');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const FIXTURE_PSID = '1134343043305865';

/** The Messenger webhook over HTTP against real PostgreSQL and Kafka: handshake, signatures, published payloads, inbox. */
describe('Messenger webhook (real PostgreSQL and Kafka, fake Graph API)', () => {
  let gateway: GatewayHarness;
  const stored = () => gateway.dataSource.getRepository(WebhookEventEntity).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_webhook');
  });

  afterAll(async () => {
    await gateway.close();
  });

  describe('subscription handshake', () => {
    const verify = (query: string) => fetch(`${gateway.baseUrl}/webhooks/messenger?${query}`);

    it('echoes hub.challenge for the configured verify token', async () => {
      const response = await verify(`hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('1158201444');
    });

    it.each([
      ['a wrong token', `hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`],
      ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`],
      ['no token', `hub.mode=subscribe&hub.challenge=1`],
      ['a token given twice', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`],
    ])('refuses %s with 403', async (_, query) => {
      const response = await verify(query);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('1');
    });
  });

  describe('signatures', () => {
    const body = fixture('fbmq__message_text.json');

    it.each([
      ['no signature', null],
      ['an empty signature', ''],
      ['a signature with another secret', hubSignature256('another-secret', body)],
      ['a signature of another body', hubSignature256(APP_SECRET, `${body} `)],
      ['a SHA-1 style signature', `sha1=${'0'.repeat(40)}`],
      ['the right digest without its prefix', hubSignature256(APP_SECRET, body).slice('sha256='.length)],
      ['the right digest in upper case', hubSignature256(APP_SECRET, body).toUpperCase()],
    ])('refuses %s with 403 and stores nothing', async (_, signature) => {
      const before = (await stored()).length;
      const response = await gateway.postWebhook(body, signature);
      expect(response.status).toBe(403);
      expect((await stored()).length).toBe(before);
    });

    it('checks the signature over the exact bytes: re-serialised JSON with the same content is refused', async () => {
      const signature = hubSignature256(APP_SECRET, body);
      const response = await gateway.postWebhook(JSON.stringify(JSON.parse(body)), signature);
      expect(response.status).toBe(403);
    });
  });

  describe('published payloads (conbus/fbmq), signed', () => {
    const results = new Map<string, number>();

    beforeAll(async () => {
      for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
        results.set(file, (await gateway.postWebhook(fixture(file))).status);
      }
    });

    it('acknowledges every page event with 200 and the other object with 404', () => {
      for (const [file, status] of results) expect([file, status]).toEqual([file, file.includes('not_a_page') ? 404 : 200]);
    });

    it('stores only the events Kontor acts on; echoes, deliveries, reads, handover and policy notices are dropped', async () => {
      const kinds = (await stored()).filter((e) => e.psid === FIXTURE_PSID).map((e) => e.kind).sort();
      expect(kinds).toEqual(['account_linking', 'message', 'postback', 'postback', 'quick_reply', 'referral']);
    });

    it('processes them after the 200: a greeting answered, the foreign authorization code refused, all done', async () => {
      await eventually(async () => ((await stored()).filter((e) => e.psid === FIXTURE_PSID).every((e) => e.status === 'done') ? true : undefined));
      const texts = gateway.texts(FIXTURE_PSID).join('\n');
      expect(texts).toContain('Hi! I’m Kontor.');
      // fbmq's authorization code 1234567890 was never issued by this gateway.
      expect(texts).toContain('Linking did not complete');
      for (const request of gateway.sentTo(FIXTURE_PSID)) expect(request.body).toMatchObject({ recipient: { id: FIXTURE_PSID }, messaging_type: 'RESPONSE' });
    });

    it('drops a redelivered event by its message id', async () => {
      const before = (await stored()).length;
      const repliesBefore = gateway.sentTo(FIXTURE_PSID).length;
      expect((await gateway.postWebhook(fixture('fbmq__message_text.json'))).status).toBe(200);
      expect((await gateway.postWebhook(fixture('fbmq__quick_reply.json'))).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1500));
      expect((await stored()).length).toBe(before);
      expect(gateway.sentTo(FIXTURE_PSID).length).toBe(repliesBefore);
    });
  });

  it('processes every event of a batched POST (several entries, several messaging items)', async () => {
    const users = [1, 2, 3].map(() => `psid-${uniqueSuffix()}`);
    const message = (psid: string) => ({ sender: { id: psid }, recipient: { id: 'P' }, timestamp: Date.now(), message: { mid: `mid.${uniqueSuffix()}`, text: 'help' } });
    const response = await gateway.postWebhook({ object: 'page', entry: [{ id: 'P', time: 1, messaging: [message(users[0]), message(users[1])] }, { id: 'P', time: 2, messaging: [message(users[2])] }] });
    expect(response.status).toBe(200);
    for (const psid of users) expect((await gateway.waitForMessages(psid, 1))[0]).toContain('I can tell you about your linked accounts');
  });

  it('answers one customer\'s messages in the order they were sent', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const message = (text: string) => ({ sender: { id: psid }, recipient: { id: 'P' }, timestamp: Date.now(), message: { mid: `mid.${uniqueSuffix()}`, text } });
    await gateway.postWebhook({ object: 'page', entry: [{ id: 'P', time: 1, messaging: [message('hello'), message('balance'), message('help')] }] });
    const replies = await gateway.waitForMessages(psid, 3);
    expect(replies[0]).toContain('Hi! I’m Kontor.');
    expect(replies[1]).toContain('To show you balances, Kontor needs your consent');
    expect(replies[2]).toContain('I can tell you about your linked accounts');
  });

  it('answers invalid JSON with a valid signature with 400 and stores nothing', async () => {
    const before = (await stored()).length;
    expect((await gateway.postWebhook('{"object":"page",')).status).toBe(400);
    expect((await stored()).length).toBe(before);
  });

  it('does not answer standby events (another app owns the thread)', async () => {
    const psid = `psid-${uniqueSuffix()}`;
    const event = { sender: { id: psid }, recipient: { id: 'P' }, timestamp: Date.now(), message: { mid: `mid.${uniqueSuffix()}`, text: 'help' } };
    expect((await gateway.postWebhook({ object: 'page', entry: [{ id: 'P', time: 1, standby: [event] }] })).status).toBe(200);
    await eventually(async () => ((await stored()).find((e) => e.psid === psid)?.status === 'done' ? true : undefined));
    expect(gateway.sentTo(psid)).toEqual([]);
  });

  it('sets the Messenger Profile (get started and persistent menu) at start-up', async () => {
    await eventually(async () => (gateway.graph.profileRequests.length > 0 ? true : undefined));
    expect(gateway.graph.profile).toMatchObject({ get_started: { payload: 'GET_STARTED' } });
    expect((gateway.graph.profile.persistent_menu as unknown[]).length).toBe(2);
  });
});
