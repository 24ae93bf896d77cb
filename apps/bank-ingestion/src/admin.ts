import 'reflect-metadata';
import { runAdminCli } from './admin/admin-cli';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** `node dist/apps/bank-ingestion/src/admin.js <command>`: register banks, rotate keys, set accounts (see --help). */
runAdminCli(process.argv.slice(2), process.env, { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`), readStdin }).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
