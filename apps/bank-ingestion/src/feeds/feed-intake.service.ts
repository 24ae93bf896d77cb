import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { FeedFormat, Topics } from '@kontor/contracts';
import { CurrencyCheckResult, detectFeedFormat, FeedStructureError, ParseOptions, SourceLocation, StatementCheckResult } from '@kontor/feed-parsers';
import { childTraceparent } from '@kontor/platform-kafka';
import { OutboxEventEntity, OutboxWriter } from '@kontor/platform-outbox';
import { BankRegistry } from '../banks/bank-registry.service';
import { IngestionConfig } from '../ingestion.config';
import { problem, structureProblem, withoutPans } from '../ingestion-problems';
import type { SpooledBody } from './body-spool';
import { FEED_PARSERS, FeedParserCatalogue } from './feed-parser.catalogue';
import { FeedRejectionEntity } from './feed-rejection.entity';
import { FeedStatementEntity } from './feed-statement.entity';
import { FeedWriter } from './feed-writer';
import { FeedEntity } from './feed.entity';

/** How many rejections and statements a status document lists; the counts are always complete. */
export const STATUS_LIST_LIMIT = 100;

export interface FeedStatusDocument {
  feedId: string;
  status: string;
  format: string;
  /** Entries accepted (each published as one message). */
  entryCount: number;
  receivedAt: string;
  completedAt: string | null;
  /** True when this request repeated an earlier one (same idempotency key and body). */
  replayed: boolean;
  counts: {
    bodyBytes: number;
    parsedEntries: number;
    acceptedEntries: number;
    rejectedEntries: number;
    /** Accepted entries already on Kafka; the rest are in the outbox, on their way. */
    publishedEntries: number;
    balances: number;
    statements: number;
  };
  rejections: { entryIndex: number | null; reason: string; detail: string; location: SourceLocation }[];
  statements: { accountMasked: string; statementRef: string | null; location: SourceLocation; entryCount: number; balanceCheck: StatementCheckResult; currencies: CurrencyCheckResult[] }[];
  /** True when a list above was cut at STATUS_LIST_LIMIT items. */
  truncated: boolean;
}

export interface FeedSubmission {
  bankId: string;
  idempotencyKey: string;
  contentType: string | undefined;
  body: SpooledBody;
  /** The bank's W3C trace context, if it sent one: every entry's trace continues it. */
  traceparent?: string;
  signatureReplayed: boolean;
  /** `?accountId=`: the account a report is about when the file does not name it (Berlin Group responses). */
  accountId?: string;
}

/**
 * Accepts a feed: idempotency, format detection, then one transaction in which the feed's parser streams
 * and FeedWriter stores the feed, its outbox rows, rejections and statement checks in chunks. A structural
 * error or a foreign account rolls it all back: nothing is stored, nothing published.
 */
@Injectable()
export class FeedIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IngestionConfig,
    private readonly outbox: OutboxWriter,
    private readonly registry: BankRegistry,
    @Inject(FEED_PARSERS) private readonly parsers: FeedParserCatalogue,
  ) {}

  async accept(submission: FeedSubmission): Promise<FeedStatusDocument> {
    const { bankId, idempotencyKey, body } = submission;
    if (!/^[A-Za-z0-9._:-]{8,128}$/.test(idempotencyKey)) {
      throw problem('idempotency-key-invalid', 'Send an Idempotency-Key of 8 to 128 characters from [A-Za-z0-9._:-].');
    }
    const earlier = (await this.findByIdempotencyKey(bankId, idempotencyKey, body.sha256)) ?? (await this.findByBody(bankId, body.sha256));
    if (earlier) return earlier;
    if (submission.signatureReplayed) throw problem('signature-replayed', 'This signature was used before; sign every request afresh (a new timestamp).');

    let format: FeedFormat;
    try {
      const detected = detectFeedFormat(submission.contentType, body.head);
      if (detected === 'unknown-format') {
        throw new FeedStructureError('unknown-format', 'the content is none of the accepted formats (see docs/partner-banks.md, "Formats")', { line: 1 });
      }
      format = detected;
    } catch (error) {
      if (error instanceof FeedStructureError) throw structureProblem(error);
      throw error;
    }
    const parser = this.parsers.get(format);
    if (!parser) throw problem('format-not-supported', `${format} is recognised but not accepted yet.`, { format });
    const options: ParseOptions = {};
    if (submission.accountId !== undefined) {
      if (!/^[A-Za-z0-9]{4,34}$/.test(submission.accountId)) throw problem('account-id-invalid', 'accountId must be 4 to 34 letters or digits.');
      options.accountId = submission.accountId;
    }
    if (format === 'csv') {
      options.csvProfile = await this.registry.csvProfile(bankId);
      if (!options.csvProfile) throw problem('missing-csv-profile', 'CSV is read with a column-mapping profile registered for your bank; ask Kontor to register one.');
    }
    const permissions = await this.registry.accountPermissions(bankId);
    const feedId = randomUUID();
    // One trace per request: the bank's own if it sent one, so it can follow its feed through Kontor.
    const requestTrace = childTraceparent(submission.traceparent);

    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(FeedEntity, {
          id: feedId,
          bankId,
          idempotencyKey,
          bodySha256: body.sha256,
          bodyBytes: String(body.size),
          format,
          status: 'accepted',
          entryCount: 0,
        });
        const writer = new FeedWriter(manager, { feedId, bankId, format, tokenizationKey: this.config.KONTOR_TOKENIZATION_KEY, permissions, requestTrace, chunk: this.config.INGESTION_WRITE_CHUNK });
        for await (const item of parser.parse(body.chunks(), options)) await writer.take(item);
        const totals = await writer.finish();
        await manager.update(FeedEntity, feedId, {
          status: totals.rejectedEntries > 0 || totals.acceptedEntries === 0 ? 'accepted-with-rejections' : 'accepted',
          entryCount: totals.acceptedEntries,
          parsedEntries: totals.parsedEntries,
          rejectedEntries: totals.rejectedEntries,
          balanceCount: totals.balances,
          statementCount: totals.statements,
          completedAt: new Date(),
        });
      });
    } catch (error) {
      if (error instanceof FeedStructureError) throw structureProblem(error);
      // Two identical requests raced: the loser answers with the winner's feed.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        const winner = await this.findByIdempotencyKey(bankId, idempotencyKey, body.sha256);
        if (winner) return winner;
      }
      throw withoutPans(error);
    }
    this.outbox.flush();
    const stored = await this.dataSource.getRepository(FeedEntity).findOneByOrFail({ id: feedId });
    return this.statusDocument(stored, false);
  }

  async find(bankId: string, feedId: string): Promise<FeedStatusDocument | undefined> {
    const feed = await this.dataSource.getRepository(FeedEntity).findOneBy({ id: feedId, bankId });
    return feed ? this.statusDocument(feed, false) : undefined;
  }

  private async findByIdempotencyKey(bankId: string, idempotencyKey: string, bodySha256: string): Promise<FeedStatusDocument | undefined> {
    const feed = await this.dataSource.getRepository(FeedEntity).findOneBy({ bankId, idempotencyKey });
    if (!feed) return undefined;
    if (feed.bodySha256 !== bodySha256) {
      throw problem('idempotency-key-reused', `Feed ${feed.id} was accepted with this key and a different body; use a new key for a new feed.`, { feedId: feed.id });
    }
    return this.statusDocument(feed, true);
  }

  /** The same bytes pushed again under another idempotency key are the same feed: nothing is published twice. */
  private async findByBody(bankId: string, bodySha256: string): Promise<FeedStatusDocument | undefined> {
    const feed = await this.dataSource.getRepository(FeedEntity).findOne({ where: { bankId, bodySha256 }, order: { receivedAt: 'ASC' } });
    return feed ? this.statusDocument(feed, true) : undefined;
  }

  private async statusDocument(feed: FeedEntity, replayed: boolean): Promise<FeedStatusDocument> {
    const [rejections, statements, unpublished] = await Promise.all([
      this.dataSource.getRepository(FeedRejectionEntity).find({ where: { feedId: feed.id }, order: { seq: 'ASC' }, take: STATUS_LIST_LIMIT + 1 }),
      this.dataSource.getRepository(FeedStatementEntity).find({ where: { feedId: feed.id }, order: { seq: 'ASC' }, take: STATUS_LIST_LIMIT + 1 }),
      this.dataSource
        .getRepository(OutboxEventEntity)
        .createQueryBuilder('o')
        .where(`o.topic = :topic AND o.payload->>'feedId' = :feedId`, { topic: Topics.feedEntryReceived.name, feedId: feed.id })
        .getCount(),
    ]);
    return {
      feedId: feed.id,
      status: feed.status,
      format: feed.format,
      entryCount: feed.entryCount,
      receivedAt: feed.receivedAt.toISOString(),
      completedAt: feed.completedAt?.toISOString() ?? null,
      replayed,
      counts: {
        bodyBytes: Number(feed.bodyBytes),
        parsedEntries: feed.parsedEntries,
        acceptedEntries: feed.entryCount,
        rejectedEntries: feed.rejectedEntries,
        publishedEntries: feed.entryCount - unpublished,
        balances: feed.balanceCount,
        statements: feed.statementCount,
      },
      rejections: rejections.slice(0, STATUS_LIST_LIMIT).map((r) => ({ entryIndex: r.entryIndex, reason: r.reason, detail: r.detail, location: r.location })),
      statements: statements.slice(0, STATUS_LIST_LIMIT).map((s) => ({
        accountMasked: s.accountMasked,
        statementRef: s.statementRef,
        location: s.location,
        entryCount: s.entryCount,
        balanceCheck: s.balanceCheck,
        currencies: s.currencies,
      })),
      truncated: rejections.length > STATUS_LIST_LIMIT || statements.length > STATUS_LIST_LIMIT,
    };
  }
}
