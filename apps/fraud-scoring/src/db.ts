import 'reflect-metadata';
import { runDatabaseCli } from '@kontor/platform-database';
import { FRAUD_DATABASE } from './fraud.database';

/** `node dist/apps/fraud-scoring/src/db.js migrate|check|generate <Name>` */
runDatabaseCli(FRAUD_DATABASE, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
