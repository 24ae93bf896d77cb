import { writeFileSync } from 'node:fs';
import { envFlag, resolvePem } from '@kontor/platform-config';
import { join } from 'node:path';
import { createServiceDataSource, migrateServiceSchema } from './data-source';
import { schemaDiff, ServiceDatabaseDefinition } from './schema-drift';

const USAGE = `usage: node dist/apps/<service>/src/db.js <command>
  migrate            run pending migrations against DATABASE_URL and exit (the Kubernetes migration Job)
  wait-migrated [s]  wait (default 600 s) until every migration of this build is applied, then exit 0; 1 on timeout
                     (the init container that holds a new version's pods until the migration Job has run)
  check              exit 1 if entities and migrations disagree (uses a throw-away database on DATABASE_URL's server)
  generate <Name>    write a migration for what the entities need, e.g. AddFeedStatus (review it before committing)`;

function migrationSource(className: string, up: string[], down: string[]): string {
  const quote = (q: string) => (/[`\\]|\$\{/.test(q) ? JSON.stringify(q) : `\`${q.trim()}\``);
  const lines = (queries: string[]) => queries.map((q) => `    await queryRunner.query(${quote(q)});`).join('\n');
  return `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${lines([...down].reverse())}
  }
}
`;
}

/** The per-service database command line: migrate, check for drift, generate a migration. */
export async function runDatabaseCli(definition: ServiceDatabaseDefinition & { migrationsDir: string }, argv: string[], env = process.env): Promise<number> {
  const url = env.DATABASE_URL;
  const [command, name] = argv;
  if (!url) {
    console.error('DATABASE_URL is required');
    return 2;
  }
  const tls = { ssl: envFlag(env.DATABASE_SSL), sslCa: resolvePem(env.DATABASE_SSL_CA, env.DATABASE_SSL_CA_FILE) };
  switch (command) {
    case 'migrate': {
      const dataSource = createServiceDataSource({ url, ...definition, ...tls, poolSize: 2 });
      await dataSource.initialize();
      try {
        const ran = await migrateServiceSchema(dataSource, definition.schema);
        console.log(JSON.stringify({ schema: definition.schema, migrated: ran }));
      } finally {
        await dataSource.destroy();
      }
      return 0;
    }
    case 'wait-migrated': {
      const timeoutMs = (Number(name ?? 600) || 600) * 1000;
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const dataSource = createServiceDataSource({ url, ...definition, ...tls, poolSize: 1 });
        try {
          await dataSource.initialize();
          // showMigrations() is true while a migration of this build is not in the schema's migrations table.
          if (!(await dataSource.showMigrations())) {
            console.log(JSON.stringify({ schema: definition.schema, migrated: true }));
            return 0;
          }
        } catch (error) {
          console.error(`schema "${definition.schema}" not reachable yet: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          if (dataSource.isInitialized) await dataSource.destroy();
        }
        if (Date.now() > deadline) {
          console.error(`schema "${definition.schema}": migrations still pending after ${timeoutMs / 1000} s; has the migration Job run?`);
          return 1;
        }
        await new Promise((resolve) => setTimeout(resolve, 3000));
      }
    }
    case 'check': {
      const diff = await schemaDiff(url, definition, tls);
      if (diff.up.length === 0) {
        console.log(`schema "${definition.schema}": entities match migrations`);
        return 0;
      }
      console.error(`schema "${definition.schema}": entities and migrations disagree; a migration would need:\n  ${diff.up.join(';\n  ')}`);
      return 1;
    }
    case 'generate': {
      if (!/^[A-Z][A-Za-z0-9]+$/.test(name ?? '')) break;
      const diff = await schemaDiff(url, definition, tls);
      if (diff.up.length === 0) {
        console.log('nothing to generate: entities match migrations');
        return 0;
      }
      const timestamp = Date.now();
      const file = join(definition.migrationsDir, `${timestamp}-${name}.ts`);
      writeFileSync(file, migrationSource(`${name}${timestamp}`, diff.up, diff.down));
      console.log(`wrote ${file}; add it to migrations/index.ts`);
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}
