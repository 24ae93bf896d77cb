import 'reflect-metadata';
import { runDatabaseCli } from '@kontor/platform-database';
import { NORMALIZER_DATABASE } from './normalizer.database';

/** `node dist/apps/transaction-normalizer/src/db.js migrate|check|generate <Name>` */
runDatabaseCli(NORMALIZER_DATABASE, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
