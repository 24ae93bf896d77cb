import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const SERVICES = ['bank-ingestion', 'transaction-normalizer', 'fraud-scoring', 'messenger-gateway'] as const;
export type PlatformService = (typeof SERVICES)[number];

export const DEFAULT_PORTS: Record<PlatformService, number> = {
  'bank-ingestion': 3001,
  'transaction-normalizer': 3002,
  'fraud-scoring': 3003,
  'messenger-gateway': 3004,
};

export interface ServiceProcess {
  readonly name: PlatformService;
  readonly port: number;
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  waitReady(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/** Runs a built service (`dist/apps/<name>/src/main.js`) as a child process, its output line by line to `onLine`. */
export function spawnService(options: {
  root: string;
  name: PlatformService;
  port: number;
  env: NodeJS.ProcessEnv;
  onLine?: (service: PlatformService, line: string) => void;
}): ServiceProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(options.root, 'dist/apps', options.name, 'src/main.js')], {
    env: { ...options.env, PORT: String(options.port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last lines, so a service that dies during start-up can say why.
  const recent: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      recent.push(line);
      if (recent.length > 15) recent.shift();
      options.onLine?.(options.name, line);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));

  return {
    name: options.name,
    port: options.port,
    child,
    exited,
    async waitReady(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        if (hasExited) throw new Error(`${options.name} exited with code ${child.exitCode} before it was ready; its last output:\n${recent.join('\n')}`);
        try {
          const response = await fetch(`http://127.0.0.1:${options.port}/health/ready`, { signal: AbortSignal.timeout(2000) });
          if (response.ok) return;
        } catch {
          // not listening yet
        }
        if (Date.now() > deadline) throw new Error(`${options.name} was not ready within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop(graceMs = 15_000) {
      if (hasExited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
