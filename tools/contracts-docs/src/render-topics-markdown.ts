/** Renders docs/topics.md from the topic catalogue, the header names and the payload JSON Schemas. */
import { ALL_TOPICS, TopicDefinition, Topics } from '@kontor/contracts';
import { ASYNCAPI_REF_PREFIX, contractSchemas, JsonSchema, schemaFilePath } from './contract-schemas';
import { deadLetterHeaderDocs, HeaderDoc, messageHeaderDocs } from './header-docs';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Facts that live in service code rather than in the contracts, worth a reader's attention. */
const TOPIC_NOTES: ReadonlyMap<string, string> = new Map([
  [
    Topics.transactionNormalized.name,
    '`transactionId` is a name-based UUID (v5) of the entry\'s identity: bank, account and the bank\'s entry id when ' +
      'the bank gives one, otherwise bank, feed and position in the feed. A re-sent feed therefore maps onto the ' +
      'same transactions, and the event id is derived from the transaction id, so a re-published transaction is ' +
      'recognised as a duplicate.',
  ],
  [
    Topics.fraudAlertRaised.name,
    '`alertId` is a name-based UUID (v5) of the transaction and the rule-set version, so a redelivered transaction ' +
      'never raises a second alert.',
  ],
]);

function cell(text: string): string {
  // GitHub tables split on `|` even inside code spans.
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)].join('\n');
}

function code(text: string | number | boolean): string {
  return `\`${text}\``;
}

function services(list: readonly string[]): string {
  return list.length > 0 ? list.map(code).join(', ') : '—';
}

function retention(ms: number): string {
  if (ms < 0) return 'unlimited';
  const days = ms / DAY_MS;
  return Number.isInteger(days) ? `${days} ${days === 1 ? 'day' : 'days'}` : `${ms} ms`;
}

/** GitHub's heading anchor for a topic name heading (code span stripped, dots dropped). */
function anchor(topicName: string): string {
  return topicName.toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-');
}

function range(min: number | undefined, max: number | undefined, unit: string): string | undefined {
  if (min !== undefined && max !== undefined) return min === max ? `${unit} ${min}` : `${unit} ${min}–${max}`;
  if (min !== undefined) return `${unit} ≥ ${min}`;
  if (max !== undefined) return `${unit} ≤ ${max}`;
  return undefined;
}

function constraints(schema: JsonSchema): string {
  const parts = [
    schema.description,
    schema.format !== undefined ? `format ${code(schema.format)}` : undefined,
    schema.enum !== undefined ? `one of ${schema.enum.map(code).join(', ')}` : undefined,
    schema.pattern !== undefined ? `pattern ${code(schema.pattern)}` : undefined,
    range(schema.minLength, schema.maxLength, 'length'),
    range(schema.minimum, schema.maximum, 'value'),
    items(schema.minItems, schema.maxItems),
  ];
  return parts.filter((part): part is string => part !== undefined).join('; ');
}

function items(min: number | undefined, max: number | undefined): string | undefined {
  const plural = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
  if (min !== undefined && max !== undefined) return `${min}–${plural(max)}`;
  if (min !== undefined) return `at least ${plural(min)}`;
  if (max !== undefined) return `at most ${plural(max)}`;
  return undefined;
}

interface FieldRow {
  readonly path: string;
  readonly type: string;
  readonly required: boolean;
  readonly constraints: string;
}

function referenced(schema: JsonSchema, schemas: Record<string, JsonSchema>): [string, JsonSchema] | undefined {
  if (!schema.$ref) return undefined;
  const name = schema.$ref.slice(ASYNCAPI_REF_PREFIX.length);
  const target = schemas[name];
  if (!target) throw new Error(`unresolved $ref ${schema.$ref}`);
  return [name, target];
}

/** Flattens an object schema to rows, nested objects as `merchant.name`, array items as `reasons[].code`. */
function fieldRows(schema: JsonSchema, schemas: Record<string, JsonSchema>, prefix = ''): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = `${prefix}${name}`;
    const isRequired = required.has(name);
    const object = referenced(property, schemas);
    if (object) {
      const [typeName, target] = object;
      return [{ path, type: `object (${typeName})`, required: isRequired, constraints: constraints(property) }, ...fieldRows(target, schemas, `${path}.`)];
    }
    const item = property.items ? referenced(property.items, schemas) : undefined;
    if (item) {
      const [typeName, target] = item;
      return [{ path, type: `array of ${typeName}`, required: isRequired, constraints: constraints(property) }, ...fieldRows(target, schemas, `${path}[].`)];
    }
    const type = property.type === 'array' ? `array of ${property.items?.type ?? 'any'}` : (property.type ?? 'any');
    return [{ path, type, required: isRequired, constraints: constraints(property) }];
  });
}

function headerTable(headers: readonly HeaderDoc[]): string {
  return table(
    ['Header', 'Meaning'],
    headers.map((header) => [code(header.name), header.description]),
  );
}

function topicSection(topic: TopicDefinition, schemas: Record<string, JsonSchema>): string {
  const facts = [
    `- **Key:** ${topic.key}`,
    `- **Schema version:** ${topic.schemaVersion}`,
    `- **Partitions:** ${topic.partitions}; **retention:** ${retention(topic.retentionMs)}; **cleanup policy:** ${code(topic.cleanupPolicy)}`,
    `- **Producers:** ${services(topic.producers)}; **consumers:** ${services(topic.consumers)}`,
  ];
  if (topic.payload) {
    facts.push(`- **Payload:** ${code(topic.payload.name)}, JSON Schema [${topic.name}.schema.json](../${schemaFilePath(topic)})`);
  }
  const lines = [`### ${code(topic.name)}`, '', topic.summary, '', ...facts, ''];
  if (!topic.payload) {
    lines.push(
      'The value is the original message value, byte for byte (it may not even be valid JSON), with the original key ' +
        'and headers. The `kontor-dlt-*` headers (see [Headers](#headers)) say where it came from and why it failed.',
      '',
    );
  } else {
    const payload = schemas[topic.payload.name];
    lines.push(
      table(
        ['Field', 'Type', 'Required', 'Constraints'],
        fieldRows(payload, schemas).map((field) => [code(field.path), field.type, field.required ? 'yes' : 'no', field.constraints]),
      ),
      '',
    );
  }
  const note = TOPIC_NOTES.get(topic.name);
  if (note) lines.push(note, '');
  return lines.join('\n');
}

export function renderTopicsMarkdown(topics: readonly TopicDefinition[] = ALL_TOPICS): string {
  const schemas = contractSchemas(ASYNCAPI_REF_PREFIX, topics);
  const summary = table(
    ['Topic', 'Key', 'Partitions', 'Retention', 'Cleanup', 'Producers', 'Consumers'],
    topics.map((topic) => [
      `[${code(topic.name)}](#${anchor(topic.name)})`,
      topic.key,
      String(topic.partitions),
      retention(topic.retentionMs),
      topic.cleanupPolicy,
      services(topic.producers),
      services(topic.consumers),
    ]),
  );
  const sections = [
    '# Kafka topics',
    '',
    '<!-- Generated by tools/contracts-docs from libs/contracts/src; do not edit. Run `npm run build && npm run docs:generate`. -->',
    '',
    'Every Kafka topic Kontor produces or consumes, generated from the topic catalogue in ' +
      '`libs/contracts/src/topics.ts` and the message classes next to it. The same topics as an AsyncAPI 3.0 ' +
      'document: [asyncapi.yaml](asyncapi.yaml); each payload as a JSON Schema (draft-07): ' +
      '[libs/contracts/schemas](../libs/contracts/schemas).',
    '',
    '## Conventions',
    '',
    '- **Names** follow `kontor.<domain>.<event>.v<N>`, where `<N>` is the schema version of the payload.',
    '- **Prefix:** deployments that share a cluster set `KAFKA_TOPIC_PREFIX` (e.g. `staging.`), which is prepended ' +
      'to every name below and to every consumer group; it is empty by default and locally.',
    '- **Consumer groups** are named after the consuming service (e.g. `transaction-normalizer`); a team that ' +
      'reads a topic uses a group of its own.',
    '- **Partitioning** uses the Java client\'s murmur2 partitioner, so any Kafka client maps a key to the same partition.',
    '- **Topics are provisioned** from the catalogue at start-up, never auto-created by producers or consumers.',
    '- **Keys decide ordering:** Kafka orders messages only within a partition and the key picks the partition, so ' +
      'all messages with one key (e.g. one account) are consumed in the order they were produced.',
    '- **Values** are UTF-8 JSON, validated against the payload contract by the producer before sending and by ' +
      'the consumer on receipt; unknown properties are rejected. A message that is invalid, or whose processing ' +
      'keeps failing, goes to the consuming service\'s dead-letter topic instead of blocking its partition.',
    '- **Delivery is at least once:** consumers commit an offset only after the effect of the message is durable, ' +
      'so after a crash or rebalance a message can arrive again. Every consumer is therefore idempotent by the ' +
      '`kontor-event-id` header.',
    '',
    '## Headers',
    '',
    'Every message carries these headers (values are UTF-8 strings):',
    '',
    headerTable(messageHeaderDocs()),
    '',
    'A dead-lettered message keeps its original headers and gains these:',
    '',
    headerTable(deadLetterHeaderDocs()),
    '',
    '## Topics',
    '',
    summary,
    '',
    'In the field tables below, *required* of a nested field applies when its parent object is present.',
    '',
    ...topics.map((topic) => topicSection(topic, schemas)),
  ];
  return `${sections.join('\n').trimEnd()}\n`;
}
