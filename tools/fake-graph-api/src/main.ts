import { FakeGraphApi } from './fake-graph-api';

/**
 * Runs the fake Graph API alone: `node dist/tools/fake-graph-api/src/main.js [port]`. With
 * FAKE_GRAPH_WEBHOOK_URL and FAKE_GRAPH_APP_SECRET (and FAKE_GRAPH_PAGE_ID) it also sends the app
 * message echoes and account-linking events, signed like Messenger's.
 */
const fake = new FakeGraphApi();
const { FAKE_GRAPH_WEBHOOK_URL: url, FAKE_GRAPH_APP_SECRET: appSecret, FAKE_GRAPH_PAGE_ID: pageId = '1000000000000000' } = process.env;
if (url && appSecret) fake.deliverWebhooksTo({ url, appSecret, pageId });
void fake.start(Number(process.argv[2] ?? 3900)).then((base) => console.log(`fake Graph API on ${base} (GET ${base}/__requests lists what it received)`));
