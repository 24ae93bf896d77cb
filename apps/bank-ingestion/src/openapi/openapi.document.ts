import { FEED_FORMATS } from '@kontor/contracts';
import { stringify } from 'yaml';
import { INGESTION_PROBLEMS, IngestionReason } from '../ingestion-problems';

/** What each reason means and what the bank should do; one line each, shown in the OpenAPI document. */
const REASON_DESCRIPTIONS: Record<IngestionReason, string> = {
  'credentials-missing': 'X-Kontor-Bank-Id, X-Kontor-Key-Id or X-Kontor-Signature is missing.',
  'timestamp-malformed': 'X-Kontor-Timestamp is not Unix seconds.',
  'timestamp-out-of-window': 'The timestamp is more than the skew window (default 300 s) away from Kontor\'s clock: check NTP.',
  'signature-invalid': 'No active key of the bank produces this signature for this request (also: unknown bank, unknown or revoked key, suspended bank).',
  'signature-replayed': 'The signature was used before. Sign every request afresh; only an exact repeat of a POST whose feed Kontor stored is answered (with that feed).',
  'idempotency-key-invalid': 'POST needs an Idempotency-Key of 8–128 characters from A-Z a-z 0-9 . _ : -.',
  'account-id-invalid': 'The `accountId` query parameter must be 4 to 34 letters or digits (an IBAN or account number without spaces).',
  'body-unreadable': 'The request body ended early or could not be read.',
  'account-not-permitted': 'The feed names an account your bank is not registered to report on; the whole feed was refused. `location` says where.',
  'feed-not-found': 'No feed with this id belongs to your bank.',
  'not-found': 'No such path.',
  'idempotency-key-reused': 'The idempotency key was used before with a different body; `feedId` names that feed. Use a new key for a new feed.',
  'body-too-large': 'The body exceeds the limit (default 200 MiB); `limitBytes` says how much is allowed.',
  'unknown-format': 'The content is none of the accepted formats (detection looks at the content type and the first bytes).',
  'unsupported-version': 'The format is known but this version of it is not.',
  'format-not-supported': 'The format was recognised but Kontor does not accept it yet; `format` names it.',
  'malformed-json': 'The body is not valid JSON; `location` gives line and column.',
  'malformed-xml': 'The XML is not well-formed; `location` gives line, column and element path.',
  'malformed-sgml': 'The OFX 1.x SGML is broken; `location` gives line and element.',
  'malformed-record': 'A line of a record format (MT940/942, BAI2, CSV) cannot be read; `location` gives line and tag.',
  'truncated-file': 'The file ends before the format says it is complete.',
  'invalid-encoding': 'The bytes are not in the encoding the file declares (or UTF-16/32 was sent; send UTF-8).',
  'xml-dtd-forbidden': 'XML with a document type declaration (DTD, entities) is refused, so no entity can be expanded.',
  'feed-invalid': 'The document is in a known format but is not a feed (e.g. a Kontor JSON feed with unknown top-level fields or no entries).',
  'invalid-order': 'An order of a merchant-order feed (`POST /v1/feeds/orders`) breaks the order schema or its rules; `detail` names the order and field.',
  'missing-csv-profile': 'CSV is read with a column-mapping profile registered for your bank, and none is registered.',
  'internal-error': 'Kontor\'s fault; retry with the same idempotency key and body.',
};

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details. Switch on `reason`.',
  required: ['type', 'title', 'status', 'reason'],
  properties: {
    type: { type: 'string', format: 'uri', examples: ['https://kontor.dev/problems/signature-invalid'] },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    reason: { type: 'string', enum: Object.keys(INGESTION_PROBLEMS) },
    location: { $ref: '#/components/schemas/SourceLocation' },
    limitBytes: { type: 'integer' },
    feedId: { type: 'string', format: 'uuid' },
    format: { type: 'string' },
  },
};

function problemResponses(): Record<string, unknown> {
  const byStatus = new Map<number, IngestionReason[]>();
  for (const [reason, { status }] of Object.entries(INGESTION_PROBLEMS) as [IngestionReason, { status: number }][]) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), reason]);
  }
  return Object.fromEntries(
    [...byStatus].sort(([a], [b]) => a - b).map(([status, reasons]) => [
      `Problem${status}`,
      {
        description: reasons.map((reason) => `\`${reason}\`: ${REASON_DESCRIPTIONS[reason]}`).join('\n\n'),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    ]),
  );
}

const signedHeaders = ['BankId', 'KeyId', 'Timestamp', 'Signature'].map((name) => ({ $ref: `#/components/parameters/${name}` }));
const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), { $ref: `#/components/responses/Problem${s}` }]));

/** The ingestion API's OpenAPI 3.1 document; committed as apps/bank-ingestion/openapi.yaml and served by the app. */
export function ingestionOpenApiDocument(): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kontor bank ingestion API',
      version: '1.0.0',
      description:
        'Partner banks push statement and transaction feeds. Every request is signed (scheme KONTOR-HMAC-SHA256-V1, docs/partner-banks.md). ' +
        'Errors are RFC 9457 problem details with a machine-readable `reason`; every reason is listed under its status code.',
    },
    servers: [{ url: 'http://127.0.0.1:3001', description: 'local (npm start)' }],
    paths: {
      '/v1/feeds': {
        post: {
          operationId: 'submitFeed',
          summary: 'Push a feed (any accepted format, up to 200 MiB)',
          description:
            `The format is detected from the content type and the first bytes: ${FEED_FORMATS.join(', ')} (CSV only as text/csv, with a profile registered for the bank). ` +
            'The body is streamed; structural errors reject the whole feed and publish nothing; invalid entries are listed on the feed and dead-lettered while valid ones proceed.',
          parameters: [
            ...signedHeaders,
            { $ref: '#/components/parameters/IdempotencyKey' },
            { $ref: '#/components/parameters/Traceparent' },
            {
              name: 'accountId',
              in: 'query',
              required: false,
              description:
                'The account a report is about when the file does not name it (a Berlin Group balances or transaction-details response names it only in its request URL). Part of the signed path.',
              schema: { type: 'string', pattern: '^[A-Za-z0-9]{4,34}$' },
            },
          ],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/KontorJsonFeed' } },
              'application/vnd.kontor.feed.v1+json': { schema: { $ref: '#/components/schemas/KontorJsonFeed' } },
              'application/xml': { schema: { type: 'string', description: 'ISO 20022 camt.052/053/054, or OFX 2.x' } },
              'application/x-ofx': { schema: { type: 'string', description: 'OFX 1.x (SGML) or 2.x, QFX' } },
              'text/plain': { schema: { type: 'string', description: 'MT940, MT942, BAI2' } },
              'text/csv': { schema: { type: 'string', description: 'CSV read with the bank\'s registered profile' } },
              'application/octet-stream': { schema: { type: 'string', description: 'any accepted format; detected from the content' } },
            },
          },
          responses: {
            '202': {
              description: 'Accepted (also for a repeat: the same idempotency key and body, or the same body under another key; then with `replayed: true` and `Idempotent-Replayed: true`).',
              headers: {
                Location: { schema: { type: 'string' }, description: '/v1/feeds/{feedId}' },
                'Idempotent-Replayed': { schema: { type: 'string', enum: ['true'] } },
              },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/FeedStatus' } } },
            },
            ...errors(400, 401, 403, 409, 413, 415, 422, 500),
          },
        },
      },
      '/v1/feeds/orders': {
        post: {
          operationId: 'submitMerchantOrders',
          summary: 'Report merchant orders (items, totals, shipment status) for receipts and shipping updates',
          description:
            'Signed like feeds. Each order becomes one event keyed by a deterministic order id; re-reporting an order with a later `updatedAt` updates it. ' +
            '`payment.pan` is tokenized on arrival (only token and last four travel on). At most 5 MiB per request. Field rules: docs/messenger.md, "Receipts and shipping".',
          parameters: [...signedHeaders, { $ref: '#/components/parameters/IdempotencyKey' }, { $ref: '#/components/parameters/Traceparent' }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/MerchantOrderFeed' } } } },
          responses: {
            '202': {
              description: 'Accepted',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    required: ['status', 'orderCount', 'orderIds'],
                    properties: { status: { type: 'string', enum: ['accepted'] }, orderCount: { type: 'integer' }, orderIds: { type: 'array', items: { type: 'string', format: 'uuid' } } },
                  },
                },
              },
            },
            ...errors(400, 401, 413, 422, 500),
          },
        },
      },
      '/v1/feeds/{feedId}': {
        get: {
          operationId: 'getFeed',
          summary: 'A feed\'s status, counts, rejected entries and statement checks (own feeds only)',
          parameters: [{ name: 'feedId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, ...signedHeaders],
          responses: {
            '200': { description: 'The feed', content: { 'application/json': { schema: { $ref: '#/components/schemas/FeedStatus' } } } },
            ...errors(401, 404, 500),
          },
        },
      },
      '/openapi.json': { get: { operationId: 'openApiJson', summary: 'This document as JSON', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/openapi.yaml': { get: { operationId: 'openApiYaml', summary: 'This document as YAML (the committed file)', responses: { '200': { description: 'OpenAPI 3.1' } } } },
      '/health/live': { get: { operationId: 'live', summary: 'Liveness', responses: { '200': { description: 'alive' } } } },
      '/health/ready': { get: { operationId: 'ready', summary: 'Readiness (Kafka and PostgreSQL)', responses: { '200': { description: 'ready' }, '503': { description: 'not ready' } } } },
    },
    components: {
      parameters: {
        BankId: { name: 'X-Kontor-Bank-Id', in: 'header', required: true, schema: { type: 'string' } },
        KeyId: { name: 'X-Kontor-Key-Id', in: 'header', required: true, schema: { type: 'string' } },
        Timestamp: { name: 'X-Kontor-Timestamp', in: 'header', required: true, schema: { type: 'string', pattern: '^\\d{1,12}$' }, description: 'Unix seconds, within the skew window (default 300 s)' },
        Signature: {
          name: 'X-Kontor-Signature',
          in: 'header',
          required: true,
          schema: { type: 'string', pattern: '^v1=[0-9a-f]{64}$' },
          description: 'v1= + hex HMAC-SHA256(secret, "KONTOR-HMAC-SHA256-V1\\nMETHOD\\nPATH\\nTIMESTAMP\\nIDEMPOTENCY-KEY\\nhex(SHA-256(body))"); each signature is accepted once',
        },
        IdempotencyKey: { name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._:-]{8,128}$' } },
        Traceparent: { name: 'traceparent', in: 'header', required: false, schema: { type: 'string' }, description: 'W3C trace context; every entry\'s trace continues it' },
      },
      responses: problemResponses(),
      schemas: {
        Problem: problemSchema,
        SourceLocation: {
          type: 'object',
          properties: { line: { type: 'integer' }, column: { type: 'integer' }, element: { type: 'string', examples: ['Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt', 'entries[3]'] } },
        },
        KontorJsonFeed: {
          type: 'object',
          description: 'The Kontor JSON feed; the entry rules are in docs/partner-banks.md and libs/contracts/schemas.',
          required: ['entries'],
          additionalProperties: false,
          properties: { entries: { type: 'array', minItems: 1, items: { type: 'object' } } },
        },
        MerchantOrderFeed: {
          type: 'object',
          required: ['orders'],
          properties: {
            orders: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['orderNumber', 'merchantName', 'placedAt', 'updatedAt', 'currency', 'total', 'items', 'payment'],
                properties: {
                  orderNumber: { type: 'string' },
                  merchantName: { type: 'string' },
                  placedAt: { type: 'string', format: 'date-time' },
                  updatedAt: { type: 'string', format: 'date-time' },
                  currency: { type: 'string', pattern: '^[A-Z]{3}$' },
                  total: { type: 'string', description: 'decimal, e.g. "45.99"' },
                  shipping: { type: 'string' },
                  tax: { type: 'string' },
                  items: { type: 'array', items: { type: 'object', required: ['title', 'quantity', 'price'], properties: { title: { type: 'string' }, quantity: { type: 'integer' }, price: { type: 'string' }, imageUrl: { type: 'string', format: 'uri' } } } },
                  payment: { type: 'object', description: 'the card (`pan`, tokenized at the edge), optionally `accountId`, or the bank\'s `bankEntryId` of the payment' },
                  shipment: { type: 'object', properties: { status: { type: 'string' }, carrier: { type: 'string' }, trackingNumber: { type: 'string' }, trackingUrl: { type: 'string', format: 'uri' } } },
                },
              },
            },
          },
        },
        CurrencyCheck: {
          type: 'object',
          required: ['currency', 'result', 'entryCount'],
          properties: {
            currency: { type: 'string' },
            result: { type: 'string', enum: ['consistent', 'mismatch', 'not-checkable'] },
            openingMinor: { type: 'string', description: 'signed minor units' },
            entriesMinor: { type: 'string', description: 'Σ signed booked entries, minor units' },
            closingMinor: { type: 'string' },
            differenceMinor: { type: 'string', description: 'stated closing − (opening + entries), only for a mismatch' },
            why: { type: 'string', description: 'only for not-checkable' },
            entryCount: { type: 'integer' },
          },
        },
        FeedStatus: {
          type: 'object',
          required: ['feedId', 'status', 'format', 'entryCount', 'receivedAt', 'replayed', 'counts', 'rejections', 'statements', 'truncated'],
          properties: {
            feedId: { type: 'string', format: 'uuid' },
            status: { type: 'string', enum: ['accepted', 'accepted-with-rejections'] },
            format: { type: 'string', enum: [...FEED_FORMATS] },
            entryCount: { type: 'integer', description: 'accepted entries' },
            receivedAt: { type: 'string', format: 'date-time' },
            completedAt: { type: ['string', 'null'], format: 'date-time' },
            replayed: { type: 'boolean' },
            counts: {
              type: 'object',
              properties: {
                bodyBytes: { type: 'integer' },
                parsedEntries: { type: 'integer' },
                acceptedEntries: { type: 'integer' },
                rejectedEntries: { type: 'integer' },
                publishedEntries: { type: 'integer', description: 'accepted entries already on Kafka' },
                balances: { type: 'integer' },
                statements: { type: 'integer' },
              },
            },
            rejections: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                properties: {
                  entryIndex: { type: ['integer', 'null'] },
                  reason: { type: 'string', enum: ['invalid-amount', 'unknown-currency', 'invalid-date', 'missing-field', 'invalid-entry'] },
                  detail: { type: 'string' },
                  location: { $ref: '#/components/schemas/SourceLocation' },
                },
              },
            },
            statements: {
              type: 'array',
              maxItems: 100,
              items: {
                type: 'object',
                properties: {
                  accountMasked: { type: 'string' },
                  statementRef: { type: ['string', 'null'] },
                  location: { $ref: '#/components/schemas/SourceLocation' },
                  entryCount: { type: 'integer' },
                  balanceCheck: { type: 'string', enum: ['consistent', 'mismatch', 'not-checkable'] },
                  currencies: { type: 'array', items: { $ref: '#/components/schemas/CurrencyCheck' } },
                },
              },
            },
            truncated: { type: 'boolean', description: 'a list was cut at 100 items; the counts are complete' },
          },
        },
      },
    },
  };
}

/** The YAML text committed and served; regenerate with `node dist/apps/bank-ingestion/src/openapi/write-openapi.js`. */
export function ingestionOpenApiYaml(): string {
  return `# Generated from apps/bank-ingestion/src/openapi/openapi.document.ts: node dist/apps/bank-ingestion/src/openapi/write-openapi.js\n${stringify(ingestionOpenApiDocument(), { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
