/**
 * JSON Schema (draft-07, the dialect AsyncAPI 3.0 schemas extend) for every message payload in the topic
 * catalogue, derived from the class-validator decorators of the contract classes so it cannot drift.
 */
import 'reflect-metadata';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { getMetadataStorage, IS_DEFINED, IS_ISO31661_ALPHA_2, IS_ISO4217_CURRENCY_CODE, IS_ISO8601, IS_UUID, MAX, MIN } from 'class-validator';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { ALL_TOPICS, TopicDefinition } from '@kontor/contracts';

export const JSON_SCHEMA_DIALECT = 'http://json-schema.org/draft-07/schema#';

/** Where nested classes live inside a standalone schema file. */
export const DEFINITIONS_REF_PREFIX = '#/definitions/';
/** Where nested classes live inside the AsyncAPI document. */
export const ASYNCAPI_REF_PREFIX = '#/components/schemas/';

/** The subset of JSON Schema the contracts produce; anything else is rejected by `normalize`. */
export interface JsonSchema {
  $schema?: string;
  title?: string;
  description?: string;
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  enum?: (string | number | boolean)[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  definitions?: Record<string, JsonSchema>;
}

/** A catalogue topic that carries a JSON payload (dead-letter topics carry the original bytes instead). */
export type PayloadTopic = TopicDefinition & { readonly payload: new () => unknown };

export function payloadTopics(topics: readonly TopicDefinition[] = ALL_TOPICS): PayloadTopic[] {
  return topics.filter((topic): topic is PayloadTopic => topic.payload !== undefined);
}

/** class-validator accepts these codes case-insensitively, so the patterns do too. */
const CURRENCY_CODE = { type: 'string', pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 currency code' } as const;
const COUNTRY_CODE = { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country code' } as const;
/**
 * Calendar date with optional time and zone (what producers and banks send). class-validator also takes
 * rarer ISO 8601 forms (week and ordinal dates); the documented contract deliberately does not.
 */
const ISO_8601 = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2}([.,]\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)?)?$',
  description: 'ISO 8601 date or date-time',
} as const;

// The library's defaults miss these or, for Min/Max, force `type: number` over an `@IsInt()` integer.
const ADDITIONAL_CONVERTERS: ISchemaConverters = {
  [IS_ISO4217_CURRENCY_CODE]: CURRENCY_CODE,
  [IS_ISO31661_ALPHA_2]: COUNTRY_CODE,
  [IS_ISO8601]: ISO_8601,
  [IS_UUID]: { type: 'string', format: 'uuid' },
  // Required-ness comes from the absence of @IsOptional(); the default `not: {type: null}` would only add noise.
  [IS_DEFINED]: {},
  [MIN]: (meta) => ({ minimum: meta.constraints[0] as number }),
  [MAX]: (meta) => ({ maximum: meta.constraints[0] as number }),
};

// A fixed keyword order keeps the generated files stable and readable whatever order decorators run in.
const KEYWORD_ORDER: readonly (keyof JsonSchema)[] = [
  '$schema',
  'title',
  'description',
  '$ref',
  'type',
  'format',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'items',
  'minItems',
  'maxItems',
  'properties',
  'required',
  'additionalProperties',
  'definitions',
];

function normalize(raw: Record<string, unknown>, where: string): JsonSchema {
  const unknownKeywords = Object.keys(raw).filter((key) => !(KEYWORD_ORDER as readonly string[]).includes(key));
  if (unknownKeywords.length > 0) {
    // A new decorator the generator cannot express must fail loudly, not vanish from the docs.
    throw new Error(`${where}: unsupported JSON Schema keywords ${unknownKeywords.join(', ')}; add a converter in contract-schemas.ts`);
  }
  const out: Record<string, unknown> = {};
  for (const key of KEYWORD_ORDER) {
    const value = raw[key];
    if (value === undefined) continue;
    if (key === 'items') out[key] = normalize(value as Record<string, unknown>, `${where}[]`);
    else if (key === 'properties') {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>).map(([name, schema]) => [name, normalize(schema, `${where}.${name}`)]),
      );
    } else out[key] = value;
  }
  if (out.type === 'object') out.additionalProperties = false; // parseContract rejects unknown properties
  return out as JsonSchema;
}

function refName(ref: string, prefix: string): string {
  if (!ref.startsWith(prefix)) throw new Error(`unexpected $ref ${ref}`);
  return ref.slice(prefix.length);
}

function referencedNames(schema: JsonSchema, prefix: string): string[] {
  const own = schema.$ref ? [refName(schema.$ref, prefix)] : [];
  const nested = [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : [])];
  return [...own, ...nested.flatMap((child) => referencedNames(child, prefix))];
}

/** A contract class, as class-validator and class-transformer see it. */
type ContractClass = abstract new (...args: never[]) => unknown;

/** Property names class-validator knows for a class: a cross-check against same-named classes merging. */
function validatedPropertyNames(target: ContractClass): string[] {
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(target, '', true, false);
  return [...new Set(metadatas.map((meta) => meta.propertyName))].sort();
}

/** Every class reachable from `roots` through `@Type` nesting, by name; two classes with one name throw. */
function reachableClasses(roots: readonly ContractClass[]): Map<string, ContractClass> {
  const found = new Map<string, ContractClass>();
  const queue = [...roots];
  while (queue.length > 0) {
    const target = queue.shift()!;
    const existing = found.get(target.name);
    if (existing === target) continue;
    if (existing) throw new Error(`two contract classes are named ${target.name}; schema names must be unique`);
    found.set(target.name, target);
    for (const property of validatedPropertyNames(target)) {
      const type = defaultMetadataStorage.findTypeMetadata(target, property);
      if (type) queue.push(type.typeFunction() as ContractClass);
    }
  }
  return found;
}

/**
 * Schemas of all payload classes and the classes they nest, keyed by class name (sorted), with nested
 * classes referenced as `<refPointerPrefix><ClassName>`.
 */
export function contractSchemas(refPointerPrefix: string, topics: readonly TopicDefinition[] = ALL_TOPICS): Record<string, JsonSchema> {
  const classes = reachableClasses(payloadTopics(topics).map((topic) => topic.payload));
  const generated = validationMetadatasToSchemas({
    refPointerPrefix,
    classTransformerMetadataStorage: defaultMetadataStorage,
    additionalConverters: ADDITIONAL_CONVERTERS,
  }) as Record<string, Record<string, unknown>>;
  const schemas: Record<string, JsonSchema> = {};
  for (const [name, target] of [...classes].sort(([a], [b]) => a.localeCompare(b))) {
    const raw = generated[name];
    if (!raw) throw new Error(`no schema generated for ${name}`);
    const schema = normalize({ title: name, ...raw }, name);
    const expected = validatedPropertyNames(target);
    const actual = Object.keys(schema.properties ?? {}).sort();
    if (expected.join() !== actual.join()) {
      throw new Error(`schema of ${name} has properties [${actual.join(', ')}], class has [${expected.join(', ')}]`);
    }
    schemas[name] = schema;
  }
  return schemas;
}

/** A self-contained schema file for one topic's payload: the payload class plus its nested definitions. */
export function topicPayloadSchema(topic: PayloadTopic): JsonSchema {
  const all = contractSchemas(DEFINITIONS_REF_PREFIX, [topic]);
  const rootName = topic.payload.name;
  const { title, ...root } = all[rootName];
  const definitionNames = [...new Set(collectReferences(all, rootName))].sort();
  return normalize(
    {
      $schema: JSON_SCHEMA_DIALECT,
      title,
      description: `Payload of Kafka topic ${topic.name} (schema version ${topic.schemaVersion}). ${topic.summary}`,
      ...root,
      ...(definitionNames.length > 0 ? { definitions: Object.fromEntries(definitionNames.map((name) => [name, all[name]])) } : {}),
    },
    rootName,
  );
}

function collectReferences(schemas: Record<string, JsonSchema>, name: string, seen = new Set<string>()): string[] {
  for (const child of referencedNames(schemas[name], DEFINITIONS_REF_PREFIX)) {
    if (seen.has(child)) continue;
    seen.add(child);
    collectReferences(schemas, child, seen);
  }
  return [...seen];
}

/** Workspace-relative directory of the standalone payload schemas. */
export const SCHEMAS_DIR = 'libs/contracts/schemas';

export function schemaFilePath(topic: TopicDefinition): string {
  return `${SCHEMAS_DIR}/${topic.name}.schema.json`;
}
