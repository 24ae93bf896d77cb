import { readFile } from 'node:fs/promises';
import { Matches } from 'class-validator';
import { DatabaseConfig, loadConfig } from '@kontor/platform-config';
import { createServiceDataSource } from '@kontor/platform-database';
import { SecretBox } from '@kontor/privacy';
import { BankRegistry, generateSecret, RegistryError } from '../banks/bank-registry.service';
import { INGESTION_DATABASE } from '../ingestion.database';

/** What the admin CLI needs: the database and the key that seals signing secrets. Nothing else. */
export class AdminConfig extends DatabaseConfig {
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'KONTOR_SECRETS_KEY must be 32 bytes, base64-encoded' })
  KONTOR_SECRETS_KEY: string = '';
}

export interface AdminIo {
  out(text: string): void;
  err(text: string): void;
  readStdin(): Promise<string>;
}

export const ADMIN_USAGE = `usage: node dist/apps/bank-ingestion/src/admin.js <command> [arguments]
  register-bank <bankId> <name…>          register a bank (or rename it); it may report on no account until set-accounts
  suspend-bank <bankId>                   every key of the bank stops working at once
  activate-bank <bankId>
  add-key <bankId> <keyId> [--secret-stdin]
                                          add an active key; prints a generated secret once (or reads the bank's from stdin)
  rotate-key <bankId> <newKeyId>          add a new key with a generated secret, old keys stay active until revoked
  revoke-key <bankId> <keyId> [--allow-last]
                                          revoke at once; refuses the bank's last active key unless --allow-last
  set-accounts <bankId> <pattern…>        replace the accounts the bank may report on: IBANs/account numbers, or prefixes ending in *
  set-csv-profile <bankId> <file.json|-> | --remove
                                          store the bank's CSV column mapping (validated; - reads stdin)
  show-bank <bankId>                      the bank, its keys (never secrets), accounts and CSV profile, as JSON
Environment: DATABASE_URL, KONTOR_SECRETS_KEY (the same as the service's). Output is JSON on stdout.`;

function flag(args: string[], name: string): boolean {
  const index = args.indexOf(name);
  if (index < 0) return false;
  args.splice(index, 1);
  return true;
}

/**
 * The partner-bank admin command line. Secrets are printed only once, when generated, and never logged;
 * the registry seals them with KONTOR_SECRETS_KEY before they reach the database. Returns the exit code.
 */
export async function runAdminCli(argv: readonly string[], env: NodeJS.ProcessEnv, io: AdminIo): Promise<number> {
  const [command, ...rest] = argv;
  const args = [...rest];
  if (!command || command === 'help' || command === '--help') {
    io.out(ADMIN_USAGE);
    return command ? 0 : 2;
  }
  const config = loadConfig(AdminConfig, env);
  const dataSource = createServiceDataSource({ url: config.DATABASE_URL, ssl: config.DATABASE_SSL, sslCa: config.DATABASE_SSL_CA, poolSize: 2, applicationName: 'ingestion-admin', ...INGESTION_DATABASE });
  await dataSource.initialize();
  const registry = new BankRegistry(dataSource, new SecretBox(config.KONTOR_SECRETS_KEY));
  const print = (value: unknown) => io.out(JSON.stringify(value, null, 2));
  const need = (count: number) => {
    if (args.length < count) throw new RegistryError(`${command}: missing arguments\n${ADMIN_USAGE}`);
  };
  const printSecretOnce = (bankId: string, keyId: string, secret: string) => {
    print({ bankId, keyId, secret });
    io.err('Hand this secret to the bank over a secure channel now: Kontor stores it sealed and cannot show it again.');
  };
  try {
    switch (command) {
      case 'register-bank': {
        need(2);
        const [bankId, ...name] = args;
        await registry.registerBank(bankId, name.join(' '));
        print(await registry.describe(bankId));
        return 0;
      }
      case 'suspend-bank':
      case 'activate-bank':
        need(1);
        await registry.setStatus(args[0], command === 'suspend-bank' ? 'suspended' : 'active');
        print(await registry.describe(args[0]));
        return 0;
      case 'add-key': {
        const fromStdin = flag(args, '--secret-stdin');
        need(2);
        const [bankId, keyId] = args;
        const secret = fromStdin ? (await io.readStdin()).trim() : generateSecret();
        await registry.addSigningKey(bankId, keyId, secret);
        if (fromStdin) print({ bankId, keyId, status: 'active' });
        else printSecretOnce(bankId, keyId, secret);
        return 0;
      }
      case 'rotate-key': {
        need(2);
        const [bankId, keyId] = args;
        printSecretOnce(bankId, keyId, await registry.rotateSigningKey(bankId, keyId));
        return 0;
      }
      case 'revoke-key': {
        const allowLast = flag(args, '--allow-last');
        need(2);
        const [bankId, keyId] = args;
        if (!(await registry.revokeSigningKey(bankId, keyId, { allowLast }))) throw new RegistryError(`${bankId} has no active key ${keyId}`);
        print({ bankId, keyId, status: 'revoked' });
        return 0;
      }
      case 'set-accounts': {
        need(2);
        const [bankId, ...patterns] = args;
        print({ bankId, accounts: await registry.setAccounts(bankId, patterns) });
        return 0;
      }
      case 'set-csv-profile': {
        const remove = flag(args, '--remove');
        need(remove ? 1 : 2);
        const [bankId, source] = args;
        let plain: unknown = null;
        if (!remove) {
          const text = source === '-' ? await io.readStdin() : await readFile(source, 'utf8');
          try {
            plain = JSON.parse(text);
          } catch {
            throw new RegistryError(`${source}: not valid JSON`);
          }
        }
        await registry.setCsvProfile(bankId, plain);
        print(await registry.describe(bankId));
        return 0;
      }
      case 'show-bank': {
        need(1);
        const description = await registry.describe(args[0]);
        if (!description) throw new RegistryError(`no bank ${args[0]}`);
        print(description);
        return 0;
      }
      default:
        io.err(`unknown command ${command}\n${ADMIN_USAGE}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof RegistryError) {
      io.err(error.message);
      return 1;
    }
    throw error;
  } finally {
    await dataSource.destroy();
  }
}
