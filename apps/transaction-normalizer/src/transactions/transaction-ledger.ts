import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { FeedEntryReceivedV1, NormalizedTransactionV1, TransactionLink, TransactionStatus, Topics } from '@kontor/contracts';
import { decimalToMinorUnits } from '@kontor/money';
import {
  bankIdTrust,
  canonicalIdentity,
  entryFingerprint,
  LedgerTransaction,
  matchBookedForPending,
  matchPending,
  matchRefund,
  matchReversal,
  normalizeDescriptor,
  normalizeFeedEntry,
  PENDING_MATCH_RULES,
  POSTED_STATUSES,
  usableBankEntryId,
} from '@kontor/normalization';
import { childTraceparent, ConsumedMessageContext, OutgoingEvent } from '@kontor/platform-kafka';
import { uuidV5 } from '@kontor/util';
import { FeedEntryEntity } from './feed-entry.entity';
import { TransactionEntity } from './transaction.entity';

/** Column name and PostgreSQL type of every TransactionEntity column the normalizer writes (created_at has a default). */
const TRANSACTION_COLUMNS: readonly [keyof TransactionEntity, string, string][] = [
  ['id', 'id', 'uuid'],
  ['bankId', 'bank_id', 'text'],
  ['accountRef', 'account_ref', 'text'],
  ['accountMasked', 'account_masked', 'text'],
  ['amountMinor', 'amount_minor', 'bigint'],
  ['currency', 'currency', 'char(3)'],
  ['currencyExponent', 'currency_exponent', 'smallint'],
  ['direction', 'direction', 'text'],
  ['status', 'status', 'text'],
  ['bookingDate', 'booking_date', 'date'],
  ['valueDate', 'value_date', 'date'],
  ['occurredAt', 'occurred_at', 'timestamptz'],
  ['description', 'description', 'text'],
  ['merchant', 'merchant', 'jsonb'],
  ['cardToken', 'card_token', 'text'],
  ['cardLast4', 'card_last4', 'char(4)'],
  ['cardPresent', 'card_present', 'boolean'],
  ['sourceFeedId', 'source_feed_id', 'uuid'],
  ['sourceEntryIndex', 'source_entry_index', 'integer'],
  ['sourceFormat', 'source_format', 'text'],
  ['bankEntryId', 'bank_entry_id', 'text'],
  ['normalizedAt', 'normalized_at', 'timestamptz'],
  ['revision', 'revision', 'integer'],
  ['displayName', 'display_name', 'text'],
  ['categoryDetailed', 'category_detailed', 'text'],
  ['identity', 'identity', 'text'],
  ['fingerprint', 'fingerprint', 'uuid'],
  ['supersedes', 'supersedes', 'jsonb'],
  ['supersededBy', 'superseded_by', 'jsonb'],
  ['payload', 'payload', 'jsonb'],
];
const INSERT_TRANSACTIONS_SQL = `INSERT INTO normalizer.transaction (${TRANSACTION_COLUMNS.map(([, c]) => c).join(', ')})
  SELECT ${TRANSACTION_COLUMNS.map(([, c]) => c).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${TRANSACTION_COLUMNS.map(([, c, t]) => `${c} ${t}`).join(', ')})`;

/**
 * Inserts canonical transactions as one JSON parameter: a batch of 200 rows × 30 columns through the query
 * builder costs more in building 6 000 bind parameters than PostgreSQL spends inserting them.
 */
async function insertTransactions(manager: EntityManager, rows: readonly Partial<TransactionEntity>[]): Promise<void> {
  const records = rows.map((row) => Object.fromEntries(TRANSACTION_COLUMNS.map(([key, column]) => [column, row[key] ?? null])));
  await manager.query(INSERT_TRANSACTIONS_SQL, [JSON.stringify(records)]);
}

/** A candidate a match returned is in the pool it was chosen from; anything else is a bug. */
function required<T>(value: T | undefined, id: string): T {
  if (value === undefined) throw new Error(`matched transaction ${id} is not among the candidates`);
  return value;
}

/** The event id of one revision of a canonical transaction: a republished revision keeps it. */
export function transactionEventId(transactionId: string, revision: number): string {
  return uuidV5(`${Topics.transactionNormalized.name}|${transactionId}|${revision}`);
}

export function toRow(tx: NormalizedTransactionV1, fingerprint: string | null): Partial<TransactionEntity> {
  return {
    id: tx.transactionId,
    bankId: tx.bankId,
    accountRef: tx.accountRef,
    accountMasked: tx.accountMasked,
    amountMinor: tx.amountMinor,
    currency: tx.currency,
    currencyExponent: tx.currencyExponent,
    direction: tx.direction,
    status: tx.status,
    bookingDate: tx.bookingDate,
    valueDate: tx.valueDate ?? null,
    occurredAt: tx.occurredAt ? new Date(tx.occurredAt) : null,
    description: tx.description ?? null,
    merchant: tx.merchant ?? null,
    cardToken: tx.card?.token ?? null,
    cardLast4: tx.card?.last4 ?? null,
    cardPresent: tx.cardPresent ?? null,
    sourceFeedId: tx.source.feedId,
    sourceEntryIndex: tx.source.entryIndex,
    sourceFormat: tx.source.format,
    bankEntryId: tx.source.bankEntryId ?? null,
    normalizedAt: new Date(tx.normalizedAt),
    revision: tx.revision,
    displayName: tx.displayName ?? null,
    categoryDetailed: tx.category?.detailed ?? null,
    identity: tx.identity ?? null,
    fingerprint,
    supersedes: tx.supersedes ?? null,
    supersededBy: tx.supersededBy ?? null,
    payload: tx,
  };
}

export function ledgerView(tx: NormalizedTransactionV1): LedgerTransaction {
  let original: LedgerTransaction['original'];
  if (tx.fx) {
    try {
      original = { amountMinor: decimalToMinorUnits(tx.fx.originalAmount, tx.fx.originalCurrency), currency: tx.fx.originalCurrency };
    } catch {
      original = undefined; // an original amount we cannot represent only weakens the match
    }
  }
  return {
    transactionId: tx.transactionId,
    status: tx.status,
    direction: tx.direction,
    amountMinor: BigInt(tx.amountMinor),
    currency: tx.currency,
    bookingDate: tx.bookingDate,
    cardToken: tx.card?.token,
    bankEntryId: tx.source.bankEntryId,
    merchantKey: normalizeDescriptor(tx.displayName ?? tx.merchant?.name ?? tx.description ?? tx.counterparty?.name ?? ''),
    original,
    endToEndId: tx.references?.endToEndId,
    accountServicerRef: tx.references?.accountServicerRef,
  };
}

/** The next revision of a stored transaction: a new status and the link to what caused it. */
export function nextRevision(tx: NormalizedTransactionV1, status: TransactionStatus, now: Date, supersededBy?: TransactionLink): NormalizedTransactionV1 {
  return { ...tx, status, revision: tx.revision + 1, ...(supersededBy && { supersededBy }), normalizedAt: now.toISOString() };
}

export interface LedgerItem {
  entry: FeedEntryReceivedV1;
  context: ConsumedMessageContext;
}

export interface LedgerBatchResult {
  events: OutgoingEvent[];
  /** Accounts that got new posted transactions (their computed balance changed). */
  postedAccounts: Set<string>;
}

const REVERSAL_WINDOW_DAYS = 90;
const REFUND_WINDOW_DAYS = 120;

/**
 * Applies feed entries to the canonical transactions inside the caller's database transaction: identity
 * (bank id or fingerprint with its occurrence counter), dedup against what is stored, pending→booked,
 * reversal and refund links, new revisions of what they change, and the events announcing all of it.
 * Entries of one account arrive in order (one partition), which the occurrence counter relies on.
 */
@Injectable()
export class TransactionLedger {
  async apply(manager: EntityManager, items: readonly LedgerItem[], now: Date): Promise<LedgerBatchResult> {
    const result: LedgerBatchResult = { events: [], postedAccounts: new Set() };
    const seenEntries = await this.knownFeedEntries(manager, items);
    const fresh = items.filter((i) => !seenEntries.has(`${i.entry.feedId}|${i.entry.entryIndex}`));
    if (fresh.length === 0) return result;

    // Identity: occurrence of the fingerprint and repetition of the bank id within the feed, stored and in this batch.
    const fingerprints = fresh.map((i) => entryFingerprint(i.entry));
    const occurrences = await this.fingerprintCounts(manager, fresh, fingerprints);
    const repeatedIds = await this.repeatedBankIds(manager, fresh);
    const entryRows: Omit<FeedEntryEntity, 'createdAt'>[] = [];
    const candidates = new Map<string, { tx: NormalizedTransactionV1; fingerprint: string; context: ConsumedMessageContext }>();
    fresh.forEach(({ entry, context }, index) => {
      const fingerprint = fingerprints[index];
      const occurrenceKey = `${entry.feedId}|${fingerprint}`;
      const occurrence = occurrences.get(occurrenceKey) ?? 0;
      occurrences.set(occurrenceKey, occurrence + 1);
      const bankId = bankIdTrust(entry.sourceFormat) === 'checked' ? usableBankEntryId(entry) : undefined;
      const bankIdKey = `${entry.feedId}|${entry.accountRef}|${bankId}`;
      const bankIdRepeatedInFeed = bankId !== undefined && repeatedIds.has(bankIdKey);
      if (bankId !== undefined) repeatedIds.add(bankIdKey);
      const identity = canonicalIdentity(entry, { occurrence, bankIdRepeatedInFeed });
      entryRows.push({ feedId: entry.feedId, entryIndex: entry.entryIndex, accountRef: entry.accountRef, fingerprint, bankEntryId: entry.bankEntryId ?? null, transactionId: identity.transactionId });
      // A re-sent entry in the same batch maps onto the first.
      if (!candidates.has(identity.transactionId)) candidates.set(identity.transactionId, { tx: normalizeFeedEntry(entry, now, identity), fingerprint, context });
    });
    await manager.query(
      `INSERT INTO normalizer.feed_entry (feed_id, entry_index, account_ref, fingerprint, bank_entry_id, transaction_id)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::text[], $6::uuid[]) ON CONFLICT DO NOTHING`,
      [
        entryRows.map((r) => r.feedId),
        entryRows.map((r) => r.entryIndex),
        entryRows.map((r) => r.accountRef),
        entryRows.map((r) => r.fingerprint),
        entryRows.map((r) => r.bankEntryId),
        entryRows.map((r) => r.transactionId),
      ],
    );

    const stored = new Set(
      ((await manager.query('SELECT id FROM normalizer.transaction WHERE id = ANY($1::uuid[])', [[...candidates.keys()]])) as { id: string }[]).map((r) => r.id),
    );
    const created = [...candidates.values()].filter((c) => !stored.has(c.tx.transactionId));
    if (created.length === 0) return result;

    // Open pending transactions of the accounts that get booked ones, locked so expiry cannot race the match.
    const bookedAccounts = [...new Set(created.filter((c) => c.tx.status === 'booked' && !c.tx.reversal).map((c) => c.tx.accountRef))];
    const pendingPool = new Map<string, NormalizedTransactionV1>();
    if (bookedAccounts.length > 0) {
      const rows = (await manager.query(`SELECT payload FROM normalizer.transaction WHERE account_ref = ANY($1::text[]) AND status = 'pending' ORDER BY booking_date, id FOR UPDATE`, [bookedAccounts])) as {
        payload: NormalizedTransactionV1;
      }[];
      for (const row of rows) pendingPool.set(row.payload.transactionId, row.payload);
    }

    const inserted = new Map<string, { tx: NormalizedTransactionV1; fingerprint: string }>();
    const updates = new Map<string, NormalizedTransactionV1>();
    const latest = (id: string) => updates.get(id) ?? inserted.get(id)?.tx;
    for (const { tx: created0, fingerprint, context } of created) {
      let tx = created0;
      const traceparent = childTraceparent(context.traceparent);
      let changed: NormalizedTransactionV1 | undefined;
      if (tx.status === 'pending') {
        // Its booked one may already be here (feeds are not always in order): then it is born superseded.
        const booked = await this.bookedTarget(manager, tx, inserted, updates);
        if (booked) {
          const link = { relation: 'posts-pending' as const, confidence: booked.confidence };
          tx = { ...tx, status: 'superseded', supersededBy: { transactionId: booked.tx.transactionId, ...link } };
          changed = { ...nextRevision(booked.tx, booked.tx.status, now), supersedes: { transactionId: tx.transactionId, ...link } };
        } else {
          pendingPool.set(tx.transactionId, tx);
        }
      } else if (tx.reversal) {
        const original = await this.reversalTarget(manager, tx, inserted, updates);
        if (original) {
          tx = { ...tx, supersedes: { transactionId: original.tx.transactionId, relation: 'reverses', confidence: original.confidence } };
          changed = nextRevision(original.tx, 'reversed', now, { transactionId: tx.transactionId, relation: 'reverses', confidence: original.confidence });
        }
      } else {
        const pool = [...pendingPool.values()].filter((p) => p.accountRef === tx.accountRef);
        const match = matchPending(ledgerView(tx), pool.map(ledgerView));
        if (match) {
          const pending = required(pendingPool.get(match.transactionId), match.transactionId);
          pendingPool.delete(match.transactionId);
          tx = { ...tx, supersedes: { transactionId: pending.transactionId, relation: 'posts-pending', confidence: match.confidence } };
          changed = nextRevision(latest(pending.transactionId) ?? pending, 'superseded', now, { transactionId: tx.transactionId, relation: 'posts-pending', confidence: match.confidence });
        } else if (tx.direction === 'credit' && (tx.card !== undefined || tx.category?.detailed === 'income.refund')) {
          const refunded = await this.refundTarget(manager, tx, inserted);
          if (refunded) tx = { ...tx, supersedes: { transactionId: refunded.transactionId, relation: 'refunds', confidence: refunded.confidence } };
        }
      }
      inserted.set(tx.transactionId, { tx, fingerprint });
      result.events.push(this.event(tx, traceparent));
      if (POSTED_STATUSES.includes(tx.status)) result.postedAccounts.add(tx.accountRef);
      if (changed) {
        updates.set(changed.transactionId, changed);
        result.events.push(this.event(changed, traceparent));
      }
    }

    await insertTransactions(manager, [...inserted.values()].map(({ tx, fingerprint }) => toRow(tx, fingerprint)));
    for (const tx of updates.values()) {
      await manager.update(TransactionEntity, { id: tx.transactionId }, {
        status: tx.status,
        revision: tx.revision,
        supersedes: tx.supersedes ?? null,
        supersededBy: tx.supersededBy ?? null,
        payload: tx,
      });
    }
    return result;
  }

  event(tx: NormalizedTransactionV1, traceparent?: string): OutgoingEvent<NormalizedTransactionV1> {
    return { topic: Topics.transactionNormalized, key: tx.accountRef, payload: tx, eventId: transactionEventId(tx.transactionId, tx.revision), traceparent };
  }

  private async knownFeedEntries(manager: EntityManager, items: readonly LedgerItem[]): Promise<Set<string>> {
    const rows = (await manager.query('SELECT feed_id, entry_index FROM normalizer.feed_entry WHERE (feed_id, entry_index) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))', [
      items.map((i) => i.entry.feedId),
      items.map((i) => i.entry.entryIndex),
    ])) as { feed_id: string; entry_index: number }[];
    return new Set(rows.map((r) => `${r.feed_id}|${r.entry_index}`));
  }

  private async fingerprintCounts(manager: EntityManager, items: readonly LedgerItem[], fingerprints: readonly string[]): Promise<Map<string, number>> {
    const rows = (await manager.query(
      'SELECT feed_id, fingerprint, count(*)::int AS n FROM normalizer.feed_entry WHERE (feed_id, fingerprint) IN (SELECT * FROM unnest($1::uuid[], $2::uuid[])) GROUP BY feed_id, fingerprint',
      [items.map((i) => i.entry.feedId), fingerprints],
    )) as { feed_id: string; fingerprint: string; n: number }[];
    return new Map(rows.map((r) => [`${r.feed_id}|${r.fingerprint}`, r.n]));
  }

  private async repeatedBankIds(manager: EntityManager, items: readonly LedgerItem[]): Promise<Set<string>> {
    const checked = items.filter((i) => bankIdTrust(i.entry.sourceFormat) === 'checked' && usableBankEntryId(i.entry) !== undefined);
    if (checked.length === 0) return new Set();
    const rows = (await manager.query(
      'SELECT DISTINCT feed_id, account_ref, bank_entry_id FROM normalizer.feed_entry WHERE (feed_id, account_ref, bank_entry_id) IN (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[]))',
      [checked.map((i) => i.entry.feedId), checked.map((i) => i.entry.accountRef), checked.map((i) => usableBankEntryId(i.entry) ?? '')],
    )) as { feed_id: string; account_ref: string; bank_entry_id: string }[];
    return new Set(rows.map((r) => `${r.feed_id}|${r.account_ref}|${r.bank_entry_id}`));
  }

  /** The booked transaction a reversal undoes: same account and amount, other direction, within 90 days. */
  private async reversalTarget(
    manager: EntityManager,
    reversal: NormalizedTransactionV1,
    inserted: Map<string, { tx: NormalizedTransactionV1 }>,
    updates: Map<string, NormalizedTransactionV1>,
  ): Promise<{ tx: NormalizedTransactionV1; confidence: number } | undefined> {
    const rows = (await manager.query(
      `SELECT payload FROM normalizer.transaction WHERE account_ref = $1 AND status = 'booked' AND direction <> $2 AND amount_minor = $3 AND currency = $4
         AND booking_date BETWEEN ($5::date - $6::int) AND $5::date AND payload IS NOT NULL FOR UPDATE`,
      [reversal.accountRef, reversal.direction, reversal.amountMinor, reversal.currency, reversal.bookingDate, REVERSAL_WINDOW_DAYS],
    )) as { payload: NormalizedTransactionV1 }[];
    const pool = new Map(rows.map((r) => [r.payload.transactionId, updates.get(r.payload.transactionId) ?? r.payload]));
    for (const { tx } of inserted.values()) if (tx.accountRef === reversal.accountRef) pool.set(tx.transactionId, updates.get(tx.transactionId) ?? tx);
    const match = matchReversal(ledgerView(reversal), [...pool.values()].map(ledgerView));
    return match && { tx: required(pool.get(match.transactionId), match.transactionId), confidence: match.confidence };
  }

  /** A booked transaction of the account, linked to no pending one yet, that posts this late pending one. */
  private async bookedTarget(
    manager: EntityManager,
    pending: NormalizedTransactionV1,
    inserted: Map<string, { tx: NormalizedTransactionV1 }>,
    updates: Map<string, NormalizedTransactionV1>,
  ): Promise<{ tx: NormalizedTransactionV1; confidence: number } | undefined> {
    const { minDaysAfter, maxDaysAfter } = PENDING_MATCH_RULES;
    const rows = (await manager.query(
      `SELECT payload FROM normalizer.transaction WHERE account_ref = $1 AND status = 'booked' AND direction = $2 AND supersedes IS NULL
         AND booking_date BETWEEN ($3::date + $4::int) AND ($3::date + $5::int) AND payload IS NOT NULL AND NOT COALESCE((payload->>'reversal')::boolean, false)
       ORDER BY booking_date, id LIMIT 200 FOR UPDATE`,
      [pending.accountRef, pending.direction, pending.bookingDate, minDaysAfter, maxDaysAfter],
    )) as { payload: NormalizedTransactionV1 }[];
    const pool = new Map(rows.map((r) => [r.payload.transactionId, updates.get(r.payload.transactionId) ?? r.payload]));
    for (const { tx } of inserted.values()) {
      const current = updates.get(tx.transactionId) ?? tx;
      if (current.accountRef === pending.accountRef && current.status === 'booked' && !current.supersedes && !current.reversal) pool.set(tx.transactionId, current);
    }
    for (const [id, tx] of pool) if (tx.supersedes) pool.delete(id);
    const match = matchBookedForPending(ledgerView(pending), [...pool.values()].map(ledgerView));
    return match && { tx: required(pool.get(match.transactionId), match.transactionId), confidence: match.confidence };
  }

  private async refundTarget(manager: EntityManager, refund: NormalizedTransactionV1, inserted: Map<string, { tx: NormalizedTransactionV1 }>) {
    const rows = (await manager.query(
      `SELECT payload FROM normalizer.transaction WHERE account_ref = $1 AND status = 'booked' AND direction = 'debit' AND currency = $2 AND amount_minor >= $3
         AND booking_date BETWEEN ($4::date - $5::int) AND $4::date AND payload IS NOT NULL ORDER BY booking_date DESC LIMIT 200`,
      [refund.accountRef, refund.currency, refund.amountMinor, refund.bookingDate, REFUND_WINDOW_DAYS],
    )) as { payload: NormalizedTransactionV1 }[];
    const pool = rows.map((r) => r.payload);
    for (const { tx } of inserted.values()) if (tx.accountRef === refund.accountRef) pool.push(tx);
    return matchRefund(ledgerView(refund), pool.map(ledgerView));
  }
}
