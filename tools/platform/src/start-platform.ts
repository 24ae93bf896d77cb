import { findRepoRoot } from '@kontor/local-infra';
import { DEMO, startLocalPlatform } from './local-platform';

/** `npm start`: the whole platform on this machine, Ctrl-C stops everything. */
async function main(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const log = (source: string, line: string) => process.stdout.write(`${`[${source}]`.padEnd(26)} ${line}\n`);
  const platform = await startLocalPlatform({ root, log });
  log('platform', `Kontor is up. Push a feed to ${platform.ingestionUrl}/v1/feeds as bank "${DEMO.bankId}" (key "${DEMO.keyId}"): see README.md. Ctrl-C stops everything.`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log('platform', `${signal}: stopping`);
    await platform.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  for (const service of platform.services) {
    void service.exited.then((code) => {
      if (!stopping) {
        log('platform', `${service.name} exited unexpectedly (code ${code}); stopping everything`);
        void shutdown('service exit');
      }
    });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
