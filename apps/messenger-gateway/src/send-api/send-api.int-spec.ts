import { uniqueSuffix } from '@kontor/testing';
import { GatewayHarness } from '../gateway.test-harness';
import { MessengerSender } from '../messaging/messenger-sender.service';
import { MessengerUserEntity } from '../messaging/messenger-user.entity';

/** The Send API client and the messaging rules against the fake Graph API: retries, permanent errors, the 24-hour window. */
describe('Send API handling (fake Graph API, real PostgreSQL)', () => {
  let gateway: GatewayHarness;
  let sender: MessengerSender;

  beforeAll(async () => {
    gateway = await GatewayHarness.start('gateway_send_api', { MESSENGER_PROFILE_ON_START: 'false' });
    sender = gateway.app.get(MessengerSender);
  });

  afterAll(async () => {
    await gateway.close();
  });

  /** A user who wrote a moment ago (inside the window). */
  async function activeUser(minutesAgo = 1): Promise<string> {
    const psid = `psid-${uniqueSuffix()}`;
    await sender.recordUserActivity(gateway.dataSource.manager, psid, new Date(Date.now() - minutesAgo * 60_000));
    return psid;
  }
  const reply = (psid: string) => ({ recipient: { id: psid }, messaging_type: 'RESPONSE', message: { text: 'hello' } });
  const user = (psid: string) => gateway.dataSource.getRepository(MessengerUserEntity).findOneBy({ psid });

  it.each([
    ['HTTP 500', 'serverError' as const],
    ['the page rate limit (code 32)', 'rateLimited' as const],
  ])('retries %s and then sends', async (_, preset) => {
    const psid = await activeUser();
    gateway.graph.failFor(psid, preset);
    expect(await sender.send(reply(psid))).toMatchObject({ kind: 'sent', messageId: expect.stringMatching(/^m_fake_/) });
    expect(gateway.sentTo(psid)).toHaveLength(2);
  });

  it.each([
    ['HTTP 429', { status: 429, body: { error: { message: 'Too many', code: 4 } } }],
    ['code 17 (user rate limit)', { status: 400, body: { error: { message: 'User request limit reached', code: 17 } } }],
    ['code 613', { status: 400, body: { error: { message: 'Calls to this api have exceeded the rate limit', code: 613 } } }],
  ])('retries %s', async (_, error) => {
    const psid = await activeUser();
    gateway.graph.failFor(psid, error);
    expect((await sender.send(reply(psid))).kind).toBe('sent');
    expect(gateway.sentTo(psid)).toHaveLength(2);
  });

  it('gives up after SEND_API_MAX_ATTEMPTS temporary failures and reports a transient failure', async () => {
    const psid = await activeUser();
    for (let i = 0; i < 3; i++) gateway.graph.failFor(psid, 'serverError');
    expect(await sender.send(reply(psid))).toMatchObject({ kind: 'transient-failure', error: expect.stringContaining('HTTP 500') });
    expect(gateway.sentTo(psid)).toHaveLength(3);
  });

  it('records a blocked user (551) once, and sends nothing to them afterwards', async () => {
    const psid = await activeUser();
    gateway.graph.block(psid);
    expect(await sender.send(reply(psid))).toMatchObject({ kind: 'permanent-failure', code: 551, userUnreachable: true });
    expect(gateway.sentTo(psid)).toHaveLength(1);
    expect(await user(psid)).toMatchObject({ unreachableAt: expect.any(Date), lastSendError: expect.stringContaining('code 551') });
    const tagged = { ...reply(psid), messaging_type: 'MESSAGE_TAG', tag: 'ACCOUNT_UPDATE' };
    expect(await sender.send(tagged)).toMatchObject({ kind: 'permanent-failure', error: 'not sent: user-unreachable' });
    expect(gateway.sentTo(psid)).toHaveLength(1);
  });

  it('does not retry "outside the allowed window" (10/2018278) and records it', async () => {
    const psid = await activeUser();
    gateway.graph.failFor(psid, 'outsideWindow');
    expect(await sender.send(reply(psid))).toMatchObject({ kind: 'permanent-failure', code: 10, subcode: 2018278, userUnreachable: false });
    expect(gateway.sentTo(psid)).toHaveLength(1);
    expect(await user(psid)).toMatchObject({ unreachableAt: null, lastSendError: expect.stringContaining('2018278') });
  });

  it('enforces the 24-hour window itself: no standard message after it, tagged updates still go', async () => {
    const psid = await activeUser(25 * 60);
    expect(await sender.send(reply(psid))).toEqual({ kind: 'permanent-failure', error: 'not sent: outside-24h-window' });
    expect(await sender.send({ ...reply(psid), messaging_type: 'MESSAGE_TAG', tag: 'PROMOTION' })).toEqual({ kind: 'permanent-failure', error: 'not sent: tag-not-allowed' });
    expect(gateway.sentTo(psid)).toHaveLength(0);
    expect((await sender.send({ ...reply(psid), messaging_type: 'MESSAGE_TAG', tag: 'POST_PURCHASE_UPDATE' })).kind).toBe('sent');
    const stranger = `psid-${uniqueSuffix()}`;
    expect((await sender.send(reply(stranger))).kind).toBe('permanent-failure');
    expect(gateway.sentTo(stranger)).toHaveLength(0);
  });

  it('sends the page token as a bearer header to the configured version', async () => {
    const psid = await activeUser();
    await sender.send(reply(psid));
    const [request] = gateway.sentTo(psid);
    expect(request.path).toBe(`/${gateway.config.GRAPH_API_VERSION}/me/messages`);
    expect(request.headers.authorization).toBe('Bearer page-token');
  });
});
