import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ALL_TOPICS, parseContract, TopicDefinition, Topics } from '@kontor/contracts';
import { aFeedEntryReceived, aFraudAlertRaised, aNormalizedTransaction } from '@kontor/contracts/testing';
import { ASYNCAPI_REF_PREFIX, contractSchemas, payloadTopics, schemaFilePath } from './contract-schemas';
import { ASYNCAPI_PATH, generatedFiles, staleSchemaFiles, TOPICS_MARKDOWN_PATH, workspaceRoot } from './generate';
import { asyncApiDocument } from './render-asyncapi';

const root = workspaceRoot(__dirname);
const files = generatedFiles(root);

describe('generated contract docs', () => {
  it('match the committed docs/topics.md, docs/asyncapi.yaml and libs/contracts/schemas', () => {
    const drifted = [...files].filter(([path, content]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== content).map(([path]) => path);
    const stale = staleSchemaFiles(root, files);
    if (drifted.length > 0 || stale.length > 0) {
      throw new Error(
        `Generated contract docs are out of date (differs: ${drifted.join(', ') || 'none'}; stale: ${stale.join(', ') || 'none'}). ` +
          'Run `npm run build && npm run docs:generate` and commit the result.',
      );
    }
  });

  it('write one schema file per payload topic and none for dead-letter topics', () => {
    const schemaPaths = [...files.keys()].filter((path) => path.endsWith('.schema.json')).sort();
    expect(schemaPaths).toEqual(payloadTopics().map(schemaFilePath).sort());
    expect(ALL_TOPICS.filter((topic) => !topic.payload).length).toBeGreaterThan(0);
  });

  it('is deterministic', () => {
    expect(generatedFiles(root)).toEqual(files);
  });
});

describe('docs/topics.md', () => {
  const markdown = files.get(TOPICS_MARKDOWN_PATH)!;

  it('has a section per topic, the headers and flattened nested fields', () => {
    for (const topic of ALL_TOPICS) expect(markdown).toContain(`### \`${topic.name}\``);
    expect(markdown).toContain('| `kontor-event-id` |');
    expect(markdown).toContain('| `kontor-dlt-reason-code` |');
    expect(markdown).toContain('| `merchant.name` | string | yes | length 1–140 |');
    expect(markdown).toContain('| `reasons[].code` | string | yes |');
    expect(markdown).toContain('| `amountMinor` | string | yes | pattern `^\\d{1,18}$` |');
    expect(markdown).toContain('| `merchant` | object (MerchantDetails) | no |');
  });
});

describe('docs/asyncapi.yaml', () => {
  it('parses with @asyncapi/parser without errors and lists every catalogue topic as a channel', async () => {
    const { document, diagnostics } = await new Parser().parse(files.get(ASYNCAPI_PATH)!);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 0);
    const warnings = diagnostics.filter((diagnostic) => diagnostic.severity === 1);
    const others = diagnostics.length - errors.length - warnings.length;
    console.log(
      `AsyncAPI diagnostics: ${errors.length} errors, ${warnings.length} warnings, ${others} info/hints` +
        diagnostics.map((d) => `\n  [${d.severity}] ${d.code}: ${d.message} at ${d.path.join('.')}`).join(''),
    );
    expect(errors.map((error) => `${error.code}: ${error.message} at ${error.path.join('.')}`)).toEqual([]);
    expect(document).toBeDefined();

    const channels = document!.channels().all();
    expect(channels.map((channel) => channel.address()).sort()).toEqual(ALL_TOPICS.map((topic) => topic.name).sort());
    const feed = channels.find((channel) => channel.address() === Topics.feedEntryReceived.name)!;
    const kafka = feed.bindings().get('kafka')!.value<{ partitions: number; replicas: number; topicConfiguration: Record<string, unknown> }>();
    expect(kafka.partitions).toBe(Topics.feedEntryReceived.partitions);
    expect(kafka.topicConfiguration).toEqual({ 'cleanup.policy': ['delete'], 'retention.ms': Topics.feedEntryReceived.retentionMs });

    const operationIds = document!.operations().all().map((operation) => operation.id());
    expect(operationIds).toEqual(expect.arrayContaining(['bankIngestionSendFeedEntryReceived', 'transactionNormalizerReceiveFeedEntryReceived']));
    const expectedCount = ALL_TOPICS.reduce((sum, topic) => sum + topic.producers.length + topic.consumers.length, 0);
    expect(operationIds).toHaveLength(expectedCount);
  });

  it('takes the version it is given and embeds the payload schemas', () => {
    const doc = asyncApiDocument({ version: '9.9.9' }) as { info: { version: string }; components: { schemas: Record<string, unknown> } };
    expect(doc.info.version).toBe('9.9.9');
    expect(doc.components.schemas).toMatchObject(contractSchemas(ASYNCAPI_REF_PREFIX));
  });
});

describe('payload JSON Schemas', () => {
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);

  function schemaOf(topic: TopicDefinition) {
    return ajv.compile(JSON.parse(files.get(schemaFilePath(topic))!) as object);
  }

  /** The schema and the runtime contract (class-validator) must agree on each sample. */
  function verdicts(topic: TopicDefinition, message: unknown): { schema: boolean; contract: boolean } {
    let contract = true;
    try {
      parseContract(topic.payload as new () => object, message);
    } catch {
      contract = false;
    }
    return { schema: schemaOf(topic)(message), contract };
  }

  const valid = { schema: true, contract: true };
  const invalid = { schema: false, contract: false };

  function without<T extends object>(message: T, key: keyof T): Partial<T> {
    const copy = { ...message };
    delete copy[key];
    return copy;
  }

  it('accept the builders’ valid messages', () => {
    expect(verdicts(Topics.feedEntryReceived, aFeedEntryReceived())).toEqual(valid);
    expect(verdicts(Topics.transactionNormalized, aNormalizedTransaction())).toEqual(valid);
    expect(verdicts(Topics.fraudAlertRaised, aFraudAlertRaised())).toEqual(valid);
    // Optional fields may be left out.
    expect(verdicts(Topics.feedEntryReceived, without(without(aFeedEntryReceived(), 'merchant'), 'occurredAt'))).toEqual(valid);
  });

  it.each([
    ['amount with a comma', { amount: '12,50' }],
    ['negative amount', { amount: '-42.50' }],
    ['unknown currency shape', { currency: 'EURO' }],
    ['non-UUID feedId', { feedId: 'feed-1' }],
    ['negative entryIndex', { entryIndex: -1 }],
    ['unknown creditDebit', { creditDebit: 'CREDIT' as never }],
    ['nested merchant without name', { merchant: { mcc: '5814' } as never }],
    ['nested merchant with a 3-letter country', { merchant: { name: 'Shop', country: 'DEU' } }],
    ['card token without prefix', { card: { token: 'test000000000000001', last4: '1111' } }],
  ])('reject a feed entry with %s', (_, overrides) => {
    expect(verdicts(Topics.feedEntryReceived, aFeedEntryReceived(overrides))).toEqual(invalid);
  });

  it('reject a missing required field and an unknown property', () => {
    expect(verdicts(Topics.feedEntryReceived, without(aFeedEntryReceived(), 'currency'))).toEqual(invalid);
    expect(verdicts(Topics.transactionNormalized, without(aNormalizedTransaction(), 'source'))).toEqual(invalid);
    expect(verdicts(Topics.feedEntryReceived, { ...aFeedEntryReceived(), pan: '4111111111111111' })).toEqual(invalid);
    expect(verdicts(Topics.transactionNormalized, { ...aNormalizedTransaction(), source: { ...aNormalizedTransaction().source, extra: 1 } })).toEqual(invalid);
  });

  it.each([
    ['amountMinor "12.5"', { amountMinor: '12.5' }],
    ['currencyExponent 5', { currencyExponent: 5 }],
    ['fractional currencyExponent', { currencyExponent: 1.5 }],
    ['unknown direction', { direction: 'out' as never }],
    ['normalizedAt that is no date', { normalizedAt: 'yesterday' }],
    ['source with a negative entryIndex', { source: { ...aNormalizedTransaction().source, entryIndex: -1 } }],
  ])('reject a normalized transaction with %s', (_, overrides) => {
    expect(verdicts(Topics.transactionNormalized, aNormalizedTransaction(overrides))).toEqual(invalid);
  });

  it.each([
    ['no reasons', { reasons: [] }],
    ['a lower-case reason code', { reasons: [{ ...aFraudAlertRaised().reasons[0], code: 'high_amount' }] }],
    ['score 1001', { score: 1001 }],
    ['amountMinor "12.5"', { amountMinor: '12.5' }],
  ])('reject a fraud alert with %s', (_, overrides) => {
    expect(verdicts(Topics.fraudAlertRaised, aFraudAlertRaised(overrides))).toEqual(invalid);
  });
});
