import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, QueryFailedError } from 'typeorm';
import { Topics } from '@kontor/contracts';
import { FeedRejectedError, readKontorJsonFeed } from '@kontor/feed-parsers';
import { childTraceparent } from '@kontor/platform-kafka';
import { OutboxWriter } from '@kontor/platform-outbox';
import { ProblemException } from '@kontor/platform-runtime';
import { sha256Hex } from '@kontor/request-signing';
import { IngestionConfig } from '../ingestion.config';
import { FeedEntity } from './feed.entity';

export interface FeedReceipt {
  feedId: string;
  status: string;
  format: string;
  entryCount: number;
  receivedAt: string;
  /** True when this request repeated an earlier one (same idempotency key and body). */
  replayed: boolean;
}

function receipt(feed: FeedEntity, replayed: boolean): FeedReceipt {
  return { feedId: feed.id, status: feed.status, format: feed.format, entryCount: feed.entryCount, receivedAt: feed.receivedAt.toISOString(), replayed };
}

/** Accepts a feed: idempotency, parsing, and one transaction that stores the feed and its entry events. */
@Injectable()
export class FeedIntakeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: IngestionConfig,
    private readonly outbox: OutboxWriter,
  ) {}

  /** `traceparent` is the bank's W3C trace context, if it sent one: every entry's trace continues it. */
  async accept(bankId: string, idempotencyKey: string, contentType: string | undefined, body: Buffer, traceparent?: string): Promise<FeedReceipt> {
    if (!/^[A-Za-z0-9._:-]{8,128}$/.test(idempotencyKey)) {
      throw new ProblemException(400, 'idempotency-key-invalid', 'Invalid Idempotency-Key', 'Send an Idempotency-Key of 8 to 128 characters from [A-Za-z0-9._:-].');
    }
    const bodySha256 = sha256Hex(body);
    const earlier = await this.findByIdempotencyKey(bankId, idempotencyKey, bodySha256);
    if (earlier) return earlier;

    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (mediaType !== 'application/json' && mediaType !== 'application/vnd.kontor.feed.v1+json') {
      throw new ProblemException(415, 'unsupported-media-type', 'Unsupported feed format', `Content-Type ${mediaType || '(none)'} is not accepted; send application/json.`);
    }
    const feedId = randomUUID();
    // One trace per request: the bank's own if it sent one, so it can follow its feed through Kontor.
    const requestTrace = childTraceparent(traceparent);
    let entries;
    try {
      entries = readKontorJsonFeed(body, { feedId, bankId, tokenizationKey: this.config.KONTOR_TOKENIZATION_KEY });
    } catch (error) {
      if (error instanceof FeedRejectedError) {
        throw new ProblemException(error.reason === 'malformed-json' ? 400 : 422, error.reason, 'Feed rejected', 'Nothing from this feed was accepted.', { errors: error.problems.slice(0, 100) });
      }
      throw error;
    }

    const feed = Object.assign(new FeedEntity(), { id: feedId, bankId, idempotencyKey, bodySha256, format: 'kontor-json', status: 'accepted', entryCount: entries.length });
    try {
      await this.dataSource.transaction(async (manager) => {
        await manager.insert(FeedEntity, feed);
        await this.outbox.enqueue(
          manager,
          entries.map((entry) => ({ topic: Topics.feedEntryReceived, key: entry.accountRef, payload: entry, traceparent: childTraceparent(requestTrace) })),
        );
      });
    } catch (error) {
      // Two identical requests raced: the loser answers with the winner's feed.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') {
        const winner = await this.findByIdempotencyKey(bankId, idempotencyKey, bodySha256);
        if (winner) return winner;
      }
      throw error;
    }
    this.outbox.flush();
    const stored = await this.dataSource.getRepository(FeedEntity).findOneByOrFail({ id: feedId });
    return receipt(stored, false);
  }

  async find(bankId: string, feedId: string): Promise<FeedReceipt | undefined> {
    const feed = await this.dataSource.getRepository(FeedEntity).findOneBy({ id: feedId, bankId });
    return feed ? receipt(feed, false) : undefined;
  }

  private async findByIdempotencyKey(bankId: string, idempotencyKey: string, bodySha256: string): Promise<FeedReceipt | undefined> {
    const feed = await this.dataSource.getRepository(FeedEntity).findOneBy({ bankId, idempotencyKey });
    if (!feed) return undefined;
    if (feed.bodySha256 !== bodySha256) {
      throw new ProblemException(409, 'idempotency-key-reused', 'Idempotency-Key already used', `Feed ${feed.id} was accepted with this key and a different body.`);
    }
    return receipt(feed, true);
  }
}
