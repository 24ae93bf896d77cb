import 'reflect-metadata';
import { runDatabaseCli } from '@kontor/platform-database';
import { INGESTION_DATABASE } from './ingestion.database';

/** `node dist/apps/bank-ingestion/src/db.js migrate|check|generate <Name>` */
runDatabaseCli(INGESTION_DATABASE, process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
