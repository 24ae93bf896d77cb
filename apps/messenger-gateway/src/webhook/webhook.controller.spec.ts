import type { Request, Response } from 'express';
import { hubSignature256 } from '@kontor/request-signing';
import { GatewayConfig } from '../gateway.config';
import type { MessengerEvent } from './messenger-webhook';
import { WebhookController } from './webhook.controller';
import type { WebhookInbox } from './webhook-inbox.service';

/** The refusals that need a configuration the integration test does not run with: no secret, no verify token. */
describe('WebhookController without configured secrets', () => {
  const stored: MessengerEvent[][] = [];
  const inbox = { store: async (events: MessengerEvent[]) => (stored.push(events), events.length), processInBackground: () => undefined } as unknown as WebhookInbox;
  const config = Object.assign(new GatewayConfig(), { MESSENGER_APP_SECRET: '', MESSENGER_VERIFY_TOKEN: '' });
  const controller = new WebhookController(config, inbox);

  function response() {
    const result = { status: 0, body: undefined as unknown };
    const res = {
      sendStatus: (status: number) => ((result.status = status), res),
      status: (status: number) => ((result.status = status), res),
      type: () => res,
      send: (body: unknown) => ((result.body = body), res),
    };
    return { res: res as unknown as Response, result };
  }

  it('refuses every webhook POST, even one signed with the empty secret', async () => {
    const body = Buffer.from('{"object":"page","entry":[]}');
    const { res, result } = response();
    await controller.receive({ body } as Request, hubSignature256('', body), res);
    expect(result.status).toBe(403);
    expect(stored).toEqual([]);
  });

  it('refuses every handshake, even with an empty token', () => {
    const { res, result } = response();
    controller.verify('subscribe', '', 'challenge', res);
    expect(result.status).toBe(403);
    expect(result.body).toBeUndefined();
  });

  it('refuses a body that was parsed instead of kept raw (no bytes to check)', async () => {
    const signed = new WebhookController(Object.assign(new GatewayConfig(), { MESSENGER_APP_SECRET: 'secret' }), inbox);
    const { res, result } = response();
    await signed.receive({ body: { object: 'page' } } as Request, hubSignature256('secret', '{"object":"page"}'), res);
    expect(result.status).toBe(403);
  });
});
