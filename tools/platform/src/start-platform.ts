import { spawn } from 'node:child_process';
import { findRepoRoot } from '@kontor/local-infra';
import { DEMO, LocalPlatform, startLocalPlatform } from './local-platform';

/**
 * `npm start`: the whole platform on this machine; Ctrl-C stops everything, in order.
 *
 * The platform runs in a detached supervisor process (its own process group), because Ctrl-C signals the
 * terminal's whole process group: PostgreSQL would shut down at once, under services still draining. The
 * foreground process only turns Ctrl-C into one SIGTERM for the supervisor, which stops the services
 * first, then Kafka and PostgreSQL; the supervisor also stops if the foreground process dies.
 */
function runForeground(): void {
  const supervisor = spawn(process.execPath, [__filename], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, KONTOR_PLATFORM_SUPERVISOR: '1' },
  });
  const stop = () => supervisor.kill('SIGTERM');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  supervisor.on('exit', (code) => process.exit(code ?? 1));
}

async function supervise(): Promise<void> {
  const root = findRepoRoot(__dirname);
  const log = (source: string, line: string) => process.stdout.write(`${`[${source}]`.padEnd(26)} ${line}\n`);
  const running: { platform?: LocalPlatform } = {};
  let stopRequested = false;
  let stopping = false;
  const shutdown = async (reason: string) => {
    stopRequested = true;
    // A stop asked for during start-up happens as soon as start-up is over.
    if (!running.platform || stopping) return;
    stopping = true;
    log('platform', `${reason}: stopping`);
    await running.platform.stop();
    log('platform', 'stopped: services, then Kafka and PostgreSQL (where started here)');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('disconnect', () => void shutdown('the foreground process ended'));

  const platform = (running.platform = await startLocalPlatform({ root, log }));
  if (stopRequested) return shutdown('stop requested during start-up');
  log('platform', `Kontor is up. Push a feed to ${platform.ingestionUrl}/v1/feeds as bank "${DEMO.bankId}" (key "${DEMO.keyId}"): see README.md. Ctrl-C stops everything.`);
  for (const service of platform.services) {
    void service.exited.then((code) => {
      if (!stopping) {
        log('platform', `${service.name} exited unexpectedly (code ${code}); stopping everything`);
        void shutdown('service exit');
      }
    });
  }
}

if (process.env.KONTOR_PLATFORM_SUPERVISOR === '1') {
  supervise().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
} else {
  runForeground();
}
