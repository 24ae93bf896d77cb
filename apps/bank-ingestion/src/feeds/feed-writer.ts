import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { DeadLetterHeaders, FeedFormat, TopicDefinition, Topics } from '@kontor/contracts';
import {
  EntryErrorReason,
  FeedItem,
  SourceLocation,
  StatementTally,
  toBalanceReportedEvent,
  toFeedEntryEvent,
} from '@kontor/feed-parsers';
import { childTraceparent, eventHeaders } from '@kontor/platform-kafka';
import { OutboxEventEntity } from '@kontor/platform-outbox';
import { maskAccountId, redactPans } from '@kontor/privacy';
import { AccountPermissions } from '../banks/account-permissions';
import { problem } from '../ingestion-problems';
import { FeedRejectionEntity } from './feed-rejection.entity';
import { FeedStatementEntity } from './feed-statement.entity';

export const INGESTION_SOURCE = 'bank-ingestion';
/** Where a dead-lettered entry came from: not a topic, the bank's request. */
export const FEED_DEAD_LETTER_SOURCE = 'http:POST /v1/feeds';

export interface FeedWriterContext {
  feedId: string;
  bankId: string;
  format: FeedFormat;
  tokenizationKey: string;
  permissions: AccountPermissions;
  /** The request's trace; every event continues it. */
  requestTrace: string;
  /** Rows per INSERT. */
  chunk: number;
}

export interface FeedTotals {
  parsedEntries: number;
  acceptedEntries: number;
  rejectedEntries: number;
  balances: number;
  statements: number;
}

/** What a dead-lettered entry says about itself: where and why, never its content (it may hold a PAN). */
export interface RejectedEntryMessage {
  feedId: string;
  bankId: string;
  sourceFormat: FeedFormat;
  entryIndex: number | null;
  reason: EntryErrorReason;
  detail: string;
  location: SourceLocation;
}

interface OpenStatement {
  accountMasked: string;
  statementRef: string | null;
  location: SourceLocation;
  tally: StatementTally;
  entryCount: number;
}

type OutboxRow = Pick<OutboxEventEntity, 'eventId' | 'topic' | 'messageKey' | 'payload' | 'headers'>;

/**
 * Writes one feed's items inside the feed's transaction as they stream from the parser: accepted entries
 * and stated balances become outbox rows, invalid ones rejections plus dead letters, statements their
 * balance checks. Rows go to PostgreSQL in chunks, so memory holds at most one chunk whatever the file's
 * size; nothing is visible to the outbox relay until the feed's transaction commits, so a feed refused
 * half-way (structure, account permissions) publishes nothing.
 */
export class FeedWriter {
  private entryIndex = 0;
  private rejectionSeq = 0;
  private statementSeq = 0;
  private outbox: OutboxRow[] = [];
  private rejections: FeedRejectionEntity[] = [];
  private statements: FeedStatementEntity[] = [];
  private statement?: OpenStatement;
  private readonly totals: FeedTotals = { parsedEntries: 0, acceptedEntries: 0, rejectedEntries: 0, balances: 0, statements: 0 };
  private readonly edge;

  constructor(
    private readonly manager: EntityManager,
    private readonly context: FeedWriterContext,
  ) {
    this.edge = { feedId: context.feedId, bankId: context.bankId, sourceFormat: context.format, tokenizationKey: context.tokenizationKey };
  }

  async take(item: FeedItem): Promise<void> {
    switch (item.kind) {
      case 'statement':
        this.permit(item.accountId, item.location);
        this.closeStatement();
        this.statement = {
          accountMasked: maskAccountId(item.accountId),
          statementRef: item.statementRef !== undefined ? redactPans(item.statementRef).slice(0, 140) : null,
          location: item.location,
          tally: new StatementTally(),
          entryCount: 0,
        };
        break;
      case 'entry': {
        const entryIndex = this.entryIndex++;
        this.totals.parsedEntries++;
        this.permit(item.entry.accountId, item.location);
        if (this.statement) this.statement.entryCount++;
        const result = toFeedEntryEvent(item.entry, entryIndex, this.edge);
        if (result.ok) {
          this.totals.acceptedEntries++;
          this.statement?.tally.addEntry(item.entry);
          this.enqueue(Topics.feedEntryReceived, result.event.accountRef, result.event);
        } else {
          this.reject(entryIndex, result.reason, result.detail, item.location);
        }
        break;
      }
      case 'entry-error': {
        const entryIndex = this.entryIndex++;
        this.totals.parsedEntries++;
        if (this.statement) this.statement.entryCount++;
        this.reject(entryIndex, item.reason, item.detail, item.location);
        break;
      }
      case 'balance': {
        this.permit(item.balance.accountId, item.location);
        this.statement?.tally.addBalance(item.balance);
        const result = toBalanceReportedEvent(item.balance, this.edge);
        if (result.ok) {
          this.totals.balances++;
          this.enqueue(Topics.balanceReported, result.event.accountRef, result.event);
        } else {
          this.reject(null, result.reason, `balance: ${result.detail}`, item.location);
        }
        break;
      }
    }
    if (this.outbox.length >= this.context.chunk || this.rejections.length >= this.context.chunk || this.statements.length >= this.context.chunk) await this.flush();
  }

  async finish(): Promise<FeedTotals> {
    this.closeStatement();
    await this.flush();
    return { ...this.totals };
  }

  /** A bank reports only on accounts the registry lets it: anything else refuses the whole feed. */
  private permit(accountId: string, location: SourceLocation): void {
    // No usable account at all is the entry's own error (missing-field, from the edge), not a permission matter.
    if (!accountId || accountId.replace(/\s+/g, '').length < 4) return;
    if (this.context.permissions.permits(accountId)) return;
    throw problem('account-not-permitted', `Your bank may not report on account ${maskAccountId(accountId)}. Nothing from this feed was accepted.`, { location });
  }

  private closeStatement(): void {
    const open = this.statement;
    if (!open) return;
    this.statement = undefined;
    this.totals.statements++;
    const currencies = open.tally.results();
    this.statements.push(
      Object.assign(new FeedStatementEntity(), {
        feedId: this.context.feedId,
        seq: this.statementSeq++,
        accountMasked: open.accountMasked,
        statementRef: open.statementRef,
        location: open.location,
        entryCount: open.entryCount,
        balanceCheck: StatementTally.summarize(currencies),
        currencies,
      }),
    );
  }

  private reject(entryIndex: number | null, reason: EntryErrorReason, rawDetail: string, location: SourceLocation): void {
    const detail = redactPans(rawDetail).slice(0, 1000);
    if (entryIndex !== null) this.totals.rejectedEntries++;
    this.statement?.tally.markIncomplete(entryIndex !== null ? 'an entry of the statement was rejected' : 'a balance of the statement was rejected');
    this.rejections.push(Object.assign(new FeedRejectionEntity(), { feedId: this.context.feedId, seq: this.rejectionSeq++, entryIndex, reason, detail, location }));
    const message: RejectedEntryMessage = { feedId: this.context.feedId, bankId: this.context.bankId, sourceFormat: this.context.format, entryIndex, reason, detail, location };
    const eventId = randomUUID();
    this.outbox.push({
      eventId,
      topic: Topics.deadLetterIngestion.name,
      messageKey: this.context.feedId,
      payload: message,
      headers: {
        ...eventHeaders(Topics.deadLetterIngestion, INGESTION_SOURCE, eventId, childTraceparent(this.context.requestTrace)),
        [DeadLetterHeaders.sourceTopic]: FEED_DEAD_LETTER_SOURCE,
        [DeadLetterHeaders.reason]: detail,
        [DeadLetterHeaders.reasonCode]: reason,
        [DeadLetterHeaders.failedAt]: new Date().toISOString(),
        [DeadLetterHeaders.attempts]: '1',
        'kontor-dlt-feed-id': this.context.feedId,
      },
    });
  }

  /** The edge already validated the payload against its contract (toFeedEntryEvent / toBalanceReportedEvent). */
  private enqueue(topic: TopicDefinition, key: string, payload: object): void {
    const eventId = randomUUID();
    this.outbox.push({ eventId, topic: topic.name, messageKey: key, payload, headers: eventHeaders(topic, INGESTION_SOURCE, eventId, childTraceparent(this.context.requestTrace)) });
  }

  private async flush(): Promise<void> {
    if (this.outbox.length > 0) await this.manager.createQueryBuilder().insert().into(OutboxEventEntity).values(this.outbox).execute();
    if (this.rejections.length > 0) await this.manager.createQueryBuilder().insert().into(FeedRejectionEntity).values(this.rejections).execute();
    if (this.statements.length > 0) await this.manager.createQueryBuilder().insert().into(FeedStatementEntity).values(this.statements).execute();
    this.outbox = [];
    this.rejections = [];
    this.statements = [];
  }
}
