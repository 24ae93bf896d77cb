import { FakeGraphApi } from './fake-graph-api';

/** Runs the fake Graph API alone: `node dist/tools/fake-graph-api/src/main.js [port]`. */
const fake = new FakeGraphApi();
void fake.start(Number(process.argv[2] ?? 3900)).then((url) => console.log(`fake Graph API on ${url} (GET ${url}/__requests lists what it received)`));
