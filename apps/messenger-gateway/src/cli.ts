import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { IsUrl, Matches, MinLength } from 'class-validator';
import { DatabaseConfig, loadConfig } from '@kontor/platform-config';
import { createServiceDataSource, migrateServiceSchema } from '@kontor/platform-database';
import { ConsentRepository } from './consent/consent.repository';
import { LibraryConversation } from './conversation/library-conversation';
import { CONSENT_SCOPES, ConsentScope, CustomerLocale } from './consent/customer-consent.entity';
import { GATEWAY_DATABASE } from './gateway.database';

const USAGE = `usage:
  messenger-gateway set-messenger-profile
      Sets the page's Messenger Profile (Get Started, greeting, persistent menu) through the Graph API, as the
      gateway does at start-up. Needs GRAPH_API_BASE_URL, GRAPH_API_VERSION and MESSENGER_PAGE_ACCESS_TOKEN.
  messenger-gateway grant-consent --psid PSID --bank BANK_ID --account ACCOUNT_ID [--scopes a,b] [--locale en|de] [--days 90]
      Records a customer's consent (what the bank's consent page does after the customer's login; the
      Messenger account-linking flow that drives it is issue #6). Scopes: ${CONSENT_SCOPES.join(', ')}.
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'set-messenger-profile') return setMessengerProfile();
  const { values } = parseArgs({
    args: rest,
    options: { psid: { type: 'string' }, bank: { type: 'string' }, account: { type: 'string' }, scopes: { type: 'string' }, locale: { type: 'string' }, days: { type: 'string' } },
  });
  const config = loadConfig(ConsentCliConfig);
  const dataSource = createServiceDataSource({ url: config.DATABASE_URL, ssl: config.DATABASE_SSL, sslCa: config.DATABASE_SSL_CA, ...GATEWAY_DATABASE });
  await dataSource.initialize();
  try {
    switch (command) {
      case 'grant-consent': {
        const scopes = (values.scopes ?? CONSENT_SCOPES.join(',')).split(',') as ConsentScope[];
        const locale = (values.locale ?? 'en') as CustomerLocale;
        const days = Number(values.days ?? 90);
        if (!values.psid || !values.bank || !values.account) throw new UsageError('--psid, --bank and --account are required');
        if (!scopes.every((s) => (CONSENT_SCOPES as readonly string[]).includes(s))) throw new UsageError(`unknown scope in ${scopes.join(',')}`);
        if (locale !== 'en' && locale !== 'de') throw new UsageError('--locale must be en or de');
        if (!Number.isInteger(days) || days < 1 || days > 365) throw new UsageError('--days must be 1 to 365');
        await migrateServiceSchema(dataSource, GATEWAY_DATABASE.schema);
        const consent = await new ConsentRepository(dataSource).grant(
          { psid: values.psid, bankId: values.bank, accountId: values.account, scopes, locale, validForDays: days },
          config.KONTOR_TOKENIZATION_KEY,
        );
        console.log(JSON.stringify({ consentId: consent.id, account: consent.accountMasked, scopes: consent.scopes, expiresAt: consent.expiresAt }));
        return;
      }
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'no command');
    }
  } finally {
    await dataSource.destroy();
  }
}

class UsageError extends Error {}

/** Only what a Graph API call needs. */
class ProfileCliConfig {
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] })
  GRAPH_API_BASE_URL: string = 'https://graph.facebook.com';

  @Matches(/^v\d+\.\d+$/, { message: 'GRAPH_API_VERSION must look like v23.0' })
  GRAPH_API_VERSION: string = 'v23.0';

  @MinLength(1, { message: 'MESSENGER_PAGE_ACCESS_TOKEN is required' })
  MESSENGER_PAGE_ACCESS_TOKEN: string = '';
}

async function setMessengerProfile(): Promise<void> {
  const config = loadConfig(ProfileCliConfig);
  const response = await fetch(`${config.GRAPH_API_BASE_URL.replace(/\/$/, '')}/${config.GRAPH_API_VERSION}/me/messenger_profile`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.MESSENGER_PAGE_ACCESS_TOKEN}` },
    body: JSON.stringify(new LibraryConversation().messengerProfile()),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`Graph API answered ${response.status}: ${body}`);
  console.log(body);
}

/** Only what granting a consent needs: the database and the tokenization key (no Kafka, no page token). */
class ConsentCliConfig extends DatabaseConfig {
  @MinLength(32, { message: 'KONTOR_TOKENIZATION_KEY must be at least 32 characters (the same as bank-ingestion\'s)' })
  KONTOR_TOKENIZATION_KEY: string = '';
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof UsageError ? `${error.message}\n${USAGE}` : error instanceof Error ? error.message : error);
  process.exit(error instanceof UsageError ? 2 : 1);
});
