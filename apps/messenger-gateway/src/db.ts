import 'reflect-metadata';
import { runDatabaseCli } from '@kontor/platform-database';
import { GATEWAY_DATABASE } from './gateway.database';

/** `node dist/apps/messenger-gateway/src/db.js migrate|check|generate <Name>` */
runDatabaseCli(GATEWAY_DATABASE, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
