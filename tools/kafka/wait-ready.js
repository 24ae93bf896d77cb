// Exits 0 once the broker at KAFKA_BROKERS answers an admin describeCluster, 1 after the timeout (seconds, argv[2]).
// A real protocol round trip, not a port probe: a listening socket is not yet a broker that serves requests.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const brokers = (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(',');
const deadline = Date.now() + Number(process.argv[2] || 60) * 1000;

async function main() {
  for (;;) {
    const admin = new Kafka({ clientId: 'kontor-wait-ready', brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 }, connectionTimeout: 1000 }).admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return 0;
    } catch {
      // not up yet
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) return 1;
    await new Promise((r) => setTimeout(r, 500));
  }
}

main().then((code) => process.exit(code));
