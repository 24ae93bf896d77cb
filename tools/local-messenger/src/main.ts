import { LocalMessenger } from './local-messenger.server';

/**
 * `node dist/tools/local-messenger/src/main.js`: the local Messenger page. Configuration by environment
 * (defaults fit `npm start`): LOCAL_MESSENGER_PORT, LOCAL_MESSENGER_WEBHOOK_URL, MESSENGER_APP_SECRET,
 * GRAPH_API_BASE_URL (the fake Graph API), LOCAL_MESSENGER_PSID, LOCAL_MESSENGER_PAGE_ID,
 * LOCAL_MESSENGER_ESCAPE_UNICODE.
 */
const env = process.env;
const messenger = new LocalMessenger({
  webhookUrl: env.LOCAL_MESSENGER_WEBHOOK_URL ?? 'http://127.0.0.1:3004/webhooks/messenger',
  appSecret: env.MESSENGER_APP_SECRET ?? 'local-app-secret-change-me',
  graphApiUrl: env.GRAPH_API_BASE_URL ?? 'http://127.0.0.1:3900',
  psid: env.LOCAL_MESSENGER_PSID ?? '1000000000000001',
  pageId: env.LOCAL_MESSENGER_PAGE_ID ?? '1000000000000999',
  escapeUnicode: env.LOCAL_MESSENGER_ESCAPE_UNICODE !== 'false',
  log: (line) => console.log(`[local-messenger] ${line}`),
});

messenger
  .start(Number(env.LOCAL_MESSENGER_PORT ?? 3905))
  .then((url) => console.log(`local messenger on ${url} (webhooks to ${env.LOCAL_MESSENGER_WEBHOOK_URL ?? 'http://127.0.0.1:3004/webhooks/messenger'})`))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void messenger.stop().then(() => process.exit(0)));
}
