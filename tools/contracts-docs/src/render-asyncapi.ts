/** Renders docs/asyncapi.yaml (AsyncAPI 3.0.0) from the topic catalogue, headers and payload schemas. */
import { stringify } from 'yaml';
import { ALL_TOPICS, ServiceName, TopicDefinition, Topics } from '@kontor/contracts';
import { ASYNCAPI_REF_PREFIX, contractSchemas, JsonSchema } from './contract-schemas';
import { deadLetterHeaderDocs, HeaderDoc, messageHeaderDocs } from './header-docs';

export const ASYNCAPI_VERSION = '3.0.0';
const KAFKA_BINDING_VERSION = '0.5.0';
const HEADERS_SCHEMA = 'KontorHeaders';
const DEAD_LETTER_HEADERS_SCHEMA = 'KontorDeadLetterHeaders';

export interface AsyncApiOptions {
  /** The workspace version (package.json). */
  readonly version: string;
  /** SPDX license id (package.json). */
  readonly license?: string;
  readonly topics?: readonly TopicDefinition[];
}

type Ref = { $ref: string };
const ref = ($ref: string): Ref => ({ $ref });

function pascal(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function camel(kebab: string): string {
  return kebab.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/** Channel and message ids are the catalogue keys (`feedEntryReceived`), stable and readable. */
function channelIds(topics: readonly TopicDefinition[]): Map<TopicDefinition, string> {
  const byName = new Map<string, string>(Object.entries(Topics).map(([key, topic]) => [topic.name, key]));
  return new Map(
    topics.map((topic) => {
      const id = byName.get(topic.name);
      if (!id) throw new Error(`${topic.name} is not in the Topics catalogue`);
      return [topic, id];
    }),
  );
}

function headersSchema(required: readonly HeaderDoc[], optional: readonly HeaderDoc[] = []): Record<string, unknown> {
  const property = (header: HeaderDoc) => [header.name, { type: 'string', description: header.description }];
  return {
    type: 'object',
    properties: Object.fromEntries([...optional, ...required].map(property)),
    required: required.map((header) => header.name),
  };
}

function message(topic: TopicDefinition): Record<string, unknown> {
  const bindings = {
    kafka: { key: { type: 'string', description: `Message key: ${topic.key}.` }, bindingVersion: KAFKA_BINDING_VERSION },
  };
  if (!topic.payload) {
    return {
      name: 'DeadLetter',
      title: `Dead letter (schema version ${topic.schemaVersion})`,
      summary: topic.summary,
      description: 'The original message value, byte for byte, with the original key and headers plus the `kontor-dlt-*` headers.',
      contentType: 'application/octet-stream',
      headers: ref(`${ASYNCAPI_REF_PREFIX}${DEAD_LETTER_HEADERS_SCHEMA}`),
      payload: { description: 'The original message value, unchanged; not necessarily valid JSON.' },
      bindings,
    };
  }
  return {
    name: topic.payload.name,
    title: `${topic.payload.name} (schema version ${topic.schemaVersion})`,
    summary: topic.summary,
    contentType: 'application/json',
    headers: ref(`${ASYNCAPI_REF_PREFIX}${HEADERS_SCHEMA}`),
    payload: ref(`${ASYNCAPI_REF_PREFIX}${topic.payload.name}`),
    bindings,
  };
}

function channel(topic: TopicDefinition, id: string): Record<string, unknown> {
  return {
    address: topic.name,
    summary: topic.summary,
    messages: { [id]: ref(`#/components/messages/${id}`) },
    bindings: {
      kafka: {
        partitions: topic.partitions,
        replicas: 1,
        topicConfiguration: { 'cleanup.policy': [topic.cleanupPolicy], 'retention.ms': topic.retentionMs },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function operations(topic: TopicDefinition, id: string): [string, Record<string, unknown>][] {
  const operation = (service: ServiceName, action: 'send' | 'receive'): [string, Record<string, unknown>] => [
    `${camel(service)}${pascal(action)}${pascal(id)}`,
    {
      action,
      channel: ref(`#/channels/${id}`),
      summary: `${service} ${action === 'send' ? 'publishes to' : 'consumes'} ${topic.name}.`,
      messages: [ref(`#/channels/${id}/messages/${id}`)],
      tags: [{ name: service }],
    },
  ];
  return [...topic.producers.map((service) => operation(service, 'send')), ...topic.consumers.map((service) => operation(service, 'receive'))];
}

export function asyncApiDocument({ version, license, topics = ALL_TOPICS }: AsyncApiOptions): Record<string, unknown> {
  const ids = channelIds(topics);
  const payloadSchemas: Record<string, JsonSchema> = contractSchemas(ASYNCAPI_REF_PREFIX, topics);
  for (const name of [HEADERS_SCHEMA, DEAD_LETTER_HEADERS_SCHEMA]) {
    if (payloadSchemas[name]) throw new Error(`a contract class is named ${name}, which the header schema uses`);
  }
  const allOperations = topics.flatMap((topic) => operations(topic, ids.get(topic)!));
  const operationIds = allOperations.map(([id]) => id);
  if (new Set(operationIds).size !== operationIds.length) throw new Error('duplicate AsyncAPI operation ids');
  return {
    asyncapi: ASYNCAPI_VERSION,
    info: {
      title: 'Kontor',
      version,
      description:
        'Kafka topics of the Kontor platform, generated from libs/contracts by tools/contracts-docs (see docs/topics.md). ' +
        'Deployments prepend KAFKA_TOPIC_PREFIX to every channel address. Delivery is at least once; consumers are ' +
        'idempotent by the kontor-event-id header.',
      ...(license ? { license: { name: license, url: `https://spdx.org/licenses/${license}.html` } } : {}),
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The local single-broker Kafka started by tools/kafka/kafka.sh (no topic prefix).',
      },
    },
    channels: Object.fromEntries(topics.map((topic) => [ids.get(topic)!, channel(topic, ids.get(topic)!)])),
    operations: Object.fromEntries(allOperations),
    components: {
      schemas: {
        [HEADERS_SCHEMA]: headersSchema(messageHeaderDocs()),
        [DEAD_LETTER_HEADERS_SCHEMA]: headersSchema(deadLetterHeaderDocs(), messageHeaderDocs()),
        ...payloadSchemas,
      },
      messages: Object.fromEntries(topics.map((topic) => [ids.get(topic)!, message(topic)])),
    },
  };
}

export function renderAsyncApi(options: AsyncApiOptions): string {
  // No anchors/aliases (shared objects) and no line folding: plain, diff-friendly YAML.
  return stringify(asyncApiDocument(options), { lineWidth: 0, aliasDuplicateObjects: false });
}
