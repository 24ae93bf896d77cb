import { MigrationInterface, QueryRunner } from 'typeorm';
import { createTestDatabase } from '@kontor/testing';
import { runDatabaseCli } from './database-cli';

class CreateWidget1700000000000 implements MigrationInterface {
  name = 'CreateWidget1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE "cli_spec"."widget" ("id" integer PRIMARY KEY)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "cli_spec"."widget"');
  }
}

/** The Kubernetes rollout contract of db.js: the Job migrates, the pods' init container waits until it has. */
describe('db.js migrate and wait-migrated against a real PostgreSQL', () => {
  const definition = { schema: 'cli_spec', entities: [], migrations: [CreateWidget1700000000000], migrationsDir: '/nonexistent' };
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  const output: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('db-cli');
    jest.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
    jest.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await database?.drop();
  });

  it('wait-migrated gives up while a migration is pending, and succeeds once migrate has run', async () => {
    const env = { DATABASE_URL: database.url };
    expect(await runDatabaseCli(definition, ['wait-migrated', '1'], env)).toBe(1);
    expect(output.join('\n')).toMatch(/migrations still pending after 1 s; has the migration Job run\?/);

    expect(await runDatabaseCli(definition, ['migrate'], env)).toBe(0);
    expect(await runDatabaseCli(definition, ['wait-migrated', '1'], env)).toBe(0);
    expect(output.at(-1)).toBe(JSON.stringify({ schema: 'cli_spec', migrated: true }));
  });
});
