import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import type { FeedParser } from '@kontor/feed-parsers';
import { loadConfig } from '@kontor/platform-config';
import { createService } from '@kontor/platform-runtime';
import { bankRequestHeaders } from '@kontor/request-signing';
import { createTestDatabase, testKafkaBrokers, uniqueSuffix, uniqueTopicPrefix } from '@kontor/testing';
import { BankRegistry } from '../banks/bank-registry.service';
import { IngestionConfig } from '../ingestion.config';
import { configureIngestionHttp } from '../ingestion.http';
import { IngestionModule } from '../ingestion.module';

export interface TestBank {
  bankId: string;
  keyId: string;
  secret: string;
}

export interface PushOptions {
  idempotencyKey?: string;
  timestamp?: number;
  contentType?: string;
  bank?: TestBank;
  /** Path with query, default `/v1/feeds`. */
  path?: string;
}

/** Test support for the integration specs: the real app on a database and topic prefix of its own. */
export async function startIngestionTestApp(label: string, env: Record<string, string> = {}, parsers?: FeedParser[]) {
  const database = await createTestDatabase(label);
  const config = loadConfig(IngestionConfig, {
    DATABASE_URL: database.url,
    KAFKA_BROKERS: testKafkaBrokers(),
    KAFKA_TOPIC_PREFIX: uniqueTopicPrefix(label),
    KONTOR_SECRETS_KEY: randomBytes(32).toString('base64'),
    KONTOR_TOKENIZATION_KEY: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    ...env,
  });
  const app: NestExpressApplication = await createService(IngestionModule.register(config, { parsers }), {
    service: 'bank-ingestion',
    logLevel: 'warn',
    configure: (a) => configureIngestionHttp(a, config),
  });
  await app.init();
  const registry = app.get(BankRegistry);

  async function registerBank(bankId: string, accounts: string[] = ['*']): Promise<TestBank> {
    const bank = { bankId, keyId: 'key-1', secret: `${bankId}-secret-0123456789` };
    await registry.registerBank(bankId, bankId);
    await registry.addSigningKey(bankId, bank.keyId, bank.secret);
    await registry.setAccounts(bankId, accounts);
    return bank;
  }

  return {
    app,
    config,
    registry,
    registerBank,
    topic: (name: string) => `${config.KAFKA_TOPIC_PREFIX}${name}`,
    push(bank: TestBank, body: string | Buffer, options: PushOptions = {}) {
      const parts = {
        method: 'POST',
        path: options.path ?? '/v1/feeds',
        timestamp: options.timestamp ?? Math.floor(Date.now() / 1000),
        idempotencyKey: options.idempotencyKey ?? `feed-${uniqueSuffix()}-${uniqueSuffix()}`,
        body,
      };
      return request(app.getHttpServer())
        .post(options.path ?? '/v1/feeds')
        .set(bankRequestHeaders(options.bank ?? bank, parts))
        .set('content-type', options.contentType ?? 'application/json')
        .send(body);
    },
    get(bank: TestBank, path: string, timestamp = Math.floor(Date.now() / 1000)) {
      return request(app.getHttpServer()).get(path).set(bankRequestHeaders(bank, { method: 'GET', path, timestamp, idempotencyKey: '', body: '' }));
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

export type IngestionTestApp = Awaited<ReturnType<typeof startIngestionTestApp>>;
