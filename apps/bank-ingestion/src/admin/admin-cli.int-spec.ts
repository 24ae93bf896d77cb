import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createServiceDataSource, migrateServiceSchema } from '@kontor/platform-database';
import { SecretBox } from '@kontor/privacy';
import { createTestDatabase, uniqueSuffix } from '@kontor/testing';
import { BankRegistry } from '../banks/bank-registry.service';
import { INGESTION_DATABASE } from '../ingestion.database';
import { runAdminCli } from './admin-cli';

describe('admin CLI (real PostgreSQL)', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dataSource: DataSource;
  let env: NodeJS.ProcessEnv;
  let registry: BankRegistry;

  beforeAll(async () => {
    database = await createTestDatabase('ingestion_admin');
    dataSource = createServiceDataSource({ url: database.url, ...INGESTION_DATABASE });
    await dataSource.initialize();
    await migrateServiceSchema(dataSource, INGESTION_DATABASE.schema);
    const secretsKey = randomBytes(32).toString('base64');
    env = { DATABASE_URL: database.url, KONTOR_SECRETS_KEY: secretsKey };
    registry = new BankRegistry(dataSource, new SecretBox(secretsKey));
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  async function admin(args: string[], stdin = '') {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAdminCli(args, env, { out: (t) => out.push(t), err: (t) => err.push(t), readStdin: async () => stdin });
    return { code, out: out.join('\n'), err: err.join('\n'), json: () => JSON.parse(out.join('\n')) };
  }

  it('registers a bank, gives it keys whose secrets are shown once and stored sealed, and shows it without secrets', async () => {
    expect((await admin(['register-bank', 'acme-bank', 'ACME', 'Bank', 'AG'])).json()).toMatchObject({ bankId: 'acme-bank', name: 'ACME Bank AG', status: 'active', keys: [], accounts: [] });
    const added = await admin(['add-key', 'acme-bank', 'key-1']);
    expect(added.code).toBe(0);
    const { secret } = added.json();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(added.err).toContain('cannot show it again');
    expect((await registry.findActiveKey('acme-bank', 'key-1'))?.secret).toBe(secret);

    const fromStdin = await admin(['add-key', 'acme-bank', 'key-bank-chosen', '--secret-stdin'], 'a-secret-the-bank-chose-123\n');
    expect(fromStdin.out).not.toContain('a-secret-the-bank-chose');
    expect((await registry.findActiveKey('acme-bank', 'key-bank-chosen'))?.secret).toBe('a-secret-the-bank-chose-123');

    const shown = await admin(['show-bank', 'acme-bank']);
    expect(shown.json().keys.map((k: { keyId: string; status: string }) => [k.keyId, k.status])).toEqual([
      ['key-1', 'active'],
      ['key-bank-chosen', 'active'],
    ]);
    expect(shown.out).not.toContain(secret);
    const rows = await dataSource.query(`SELECT secret_sealed FROM ingestion.bank_signing_key WHERE bank_id = 'acme-bank'`);
    expect(JSON.stringify(rows)).not.toContain(secret);
    expect(JSON.stringify(rows)).not.toContain('a-secret-the-bank-chose');
  });

  it('rotates without downtime: the new key works beside the old until the old is revoked; the last key is kept unless forced', async () => {
    await admin(['register-bank', 'rotating-bank', 'Rotating']);
    await admin(['add-key', 'rotating-bank', 'key-1']);
    const rotated = await admin(['rotate-key', 'rotating-bank', 'key-2']);
    expect(rotated.code).toBe(0);
    expect(await registry.findActiveKey('rotating-bank', 'key-1')).toBeDefined();
    expect((await registry.findActiveKey('rotating-bank', 'key-2'))?.secret).toBe(rotated.json().secret);
    expect((await admin(['rotate-key', 'rotating-bank', 'key-2'])).code).toBe(1);

    expect((await admin(['revoke-key', 'rotating-bank', 'key-1'])).json()).toEqual({ bankId: 'rotating-bank', keyId: 'key-1', status: 'revoked' });
    expect(await registry.findActiveKey('rotating-bank', 'key-1')).toBeUndefined();
    const last = await admin(['revoke-key', 'rotating-bank', 'key-2']);
    expect(last.code).toBe(1);
    expect(last.err).toContain('last active key');
    expect((await admin(['revoke-key', 'rotating-bank', 'key-2', '--allow-last'])).code).toBe(0);
    expect(await registry.findActiveKey('rotating-bank', 'key-2')).toBeUndefined();
  });

  it('limits active keys per bank', async () => {
    await admin(['register-bank', 'many-keys-bank', 'Many']);
    for (const n of [1, 2, 3, 4]) expect((await admin(['add-key', 'many-keys-bank', `key-${n}`])).code).toBe(0);
    const fifth = await admin(['add-key', 'many-keys-bank', 'key-5']);
    expect(fifth.code).toBe(1);
    expect(fifth.err).toContain('already has 4 active keys');
  });

  it('sets the accounts a bank may report on, normalized, and refuses nonsense patterns', async () => {
    await admin(['register-bank', 'accounts-bank', 'Accounts']);
    expect((await admin(['set-accounts', 'accounts-bank', 'de89 3704 0044 0532 0130 00', 'GB29NWBK*'])).json()).toEqual({ bankId: 'accounts-bank', accounts: ['DE89370400440532013000', 'GB29NWBK*'] });
    const permissions = await registry.accountPermissions('accounts-bank');
    expect([permissions.permits('DE89370400440532013000'), permissions.permits('GB29NWBK60161331926819'), permissions.permits('FR1420041010050500013M02606')]).toEqual([true, true, false]);
    const bad = await admin(['set-accounts', 'accounts-bank', 'DE*89']);
    expect(bad.code).toBe(1);
    expect((await admin(['show-bank', 'accounts-bank'])).json().accounts).toEqual(['DE89370400440532013000', 'GB29NWBK*']);
  });

  it('stores a validated CSV profile, lists every problem of an invalid one, and removes it', async () => {
    await admin(['register-bank', 'csv-bank', 'CSV']);
    const file = join(tmpdir(), `profile-${uniqueSuffix()}.json`);
    const profile = { delimiter: ';', header: true, dateFormat: 'DD.MM.YYYY', decimalSeparator: ',', columns: { bookingDate: 'Buchungstag', amount: 'Betrag' }, defaultCurrency: 'EUR', defaultAccountId: 'DE89370400440532013000' };
    writeFileSync(file, JSON.stringify(profile));
    expect((await admin(['set-csv-profile', 'csv-bank', file])).json().csvProfile).toEqual(profile);
    expect(await registry.csvProfile('csv-bank')).toEqual(profile);

    const invalid = await admin(['set-csv-profile', 'csv-bank', '-'], JSON.stringify({ delimiter: 'x', columns: {} }));
    expect(invalid.code).toBe(1);
    expect(invalid.err).toContain('delimiter: must be one of');
    expect(invalid.err).toContain('columns.bookingDate: required');
    expect(await registry.csvProfile('csv-bank')).toEqual(profile);

    await admin(['set-csv-profile', 'csv-bank', '--remove']);
    expect(await registry.csvProfile('csv-bank')).toBeUndefined();
  });

  it('suspends and re-activates a bank, and explains unknown commands and banks', async () => {
    await admin(['register-bank', 'pausing-bank', 'Pausing']);
    await admin(['add-key', 'pausing-bank', 'key-1']);
    expect((await admin(['suspend-bank', 'pausing-bank'])).json().status).toBe('suspended');
    expect(await registry.findActiveKey('pausing-bank', 'key-1')).toBeUndefined();
    await admin(['activate-bank', 'pausing-bank']);
    expect(await registry.findActiveKey('pausing-bank', 'key-1')).toBeDefined();

    expect((await admin(['show-bank', 'no-such-bank'])).code).toBe(1);
    expect((await admin(['add-key', 'no-such-bank', 'key-1'])).err).toContain('register it first');
    expect((await admin(['frobnicate'])).code).toBe(2);
    expect((await admin(['register-bank', 'Bad_Id', 'x'])).code).toBe(1);
  });

  it('runs as the built command line (npm run build first), printing JSON', async () => {
    const cli = join(__dirname, '../../../../dist/apps/bank-ingestion/src/admin.js');
    const run = promisify(execFile);
    await run(process.execPath, [cli, 'register-bank', 'built-cli-bank', 'Built', 'CLI'], { env: { ...process.env, ...env } });
    const { stdout } = await run(process.execPath, [cli, 'show-bank', 'built-cli-bank'], { env: { ...process.env, ...env } });
    expect(JSON.parse(stdout)).toMatchObject({ bankId: 'built-cli-bank', name: 'Built CLI', status: 'active' });
  });
});
