import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessAuditEntity } from './access-audit.entity';
import { ConsentRepository } from './consent.repository';
import type { ConsentScope } from './customer-consent.entity';

/**
 * The only way to read customer data for the messenger. A reader exists only for one customer, one
 * scope and the consents that were valid for that scope when it was opened; every query
 * - joins the data to those consents again and re-checks them in SQL (not revoked, not expired, scope
 *   included, same customer), so a consent revoked a moment ago yields nothing,
 * - is limited to the consented accounts by that join, whatever ids the caller passes,
 * - writes one audit row per consent it used, in the same transaction as the read.
 * Readers are created only by ConsentGate: their constructor demands a token this module never exports.
 */
const GATE_TOKEN = Symbol('ConsentGate');

export interface ConsentedAccount {
  consentId: string;
  bankId: string;
  accountMasked: string;
}

interface ReaderContext {
  psid: string;
  scope: ConsentScope;
  purpose: string;
  consents: readonly ConsentedAccount[];
}

/** The SQL every reader query starts from: the consents of this reader, still valid now, for this scope. */
const CONSENT_JOIN = (alias: string) => `
  JOIN gateway.customer_consent c
    ON c.bank_id = ${alias}.bank_id AND c.account_ref = ${alias}.account_ref
   AND c.id = ANY($1::uuid[]) AND c.psid = $2 AND $3 = ANY(c.scopes)
   AND c.revoked_at IS NULL AND c.expires_at > now()`;

abstract class ConsentedReader {
  protected constructor(
    token: symbol,
    protected readonly dataSource: DataSource,
    readonly context: ReaderContext,
  ) {
    if (token !== GATE_TOKEN) throw new Error('readers are opened through ConsentGate only');
  }

  get accounts(): readonly ConsentedAccount[] {
    return this.context.consents;
  }

  /** Runs a query over consented rows (it must select `c.id AS consent_id`, `c.account_masked`) and audits it. */
  protected async read<T extends { consent_id: string; account_masked: string }>(resource: string, sql: string, params: unknown[] = []): Promise<T[]> {
    const { psid, scope, purpose, consents } = this.context;
    return this.dataSource.transaction(async (manager: EntityManager) => {
      // The consents are checked again here, in the read's transaction: only those still valid take part.
      const valid = (await manager.query(
        `SELECT id, account_masked FROM gateway.customer_consent
          WHERE id = ANY($1::uuid[]) AND psid = $2 AND $3 = ANY(scopes) AND revoked_at IS NULL AND expires_at > now()`,
        [consents.map((c) => c.consentId), psid, scope],
      )) as { id: string; account_masked: string }[];
      if (valid.length === 0) return [];
      const rows = (await manager.query(sql, [valid.map((c) => c.id), psid, scope, ...params])) as T[];
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row.consent_id, (counts.get(row.consent_id) ?? 0) + 1);
      // A read that found nothing is still a read of the account: every consent used gets its audit row.
      await manager.getRepository(AccessAuditEntity).insert(
        valid.map((c) => ({ psid, consentId: c.id, scope, purpose, accessor: `messenger-gateway/${resource}`, accountMasked: c.account_masked, recordCount: counts.get(c.id) ?? 0 })),
      );
      return rows;
    });
  }
}

export interface BalanceRow {
  consent_id: string;
  account_masked: string;
  currency: string;
  booked_minor: string;
  available_minor: string | null;
  as_of: Date;
}

export class BalancesReader extends ConsentedReader {
  constructor(token: symbol, dataSource: DataSource, context: ReaderContext) {
    super(token, dataSource, context);
  }

  balances(): Promise<BalanceRow[]> {
    return this.read<BalanceRow>(
      'balance',
      `SELECT c.id AS consent_id, c.account_masked, b.currency, b.booked_minor::text, b.available_minor::text, b.as_of
         FROM gateway.account_balance b ${CONSENT_JOIN('b')} ORDER BY c.account_masked`,
    );
  }
}

export interface TransactionRow {
  consent_id: string;
  account_masked: string;
  transaction_id: string;
  booking_date: string;
  display_name: string | null;
  amount_minor: string;
  currency: string;
  direction: 'debit' | 'credit';
  card_last4: string | null;
}

export interface TotalRow {
  consent_id: string;
  account_masked: string;
  label: string | null;
  currency: string;
  total_minor: string;
  count: number;
}

const TRANSACTION_COLUMNS = `c.id AS consent_id, c.account_masked, t.transaction_id, to_char(t.booking_date, 'YYYY-MM-DD') AS booking_date,
  t.display_name, t.amount_minor::text, t.currency, t.direction, t.card_last4`;
/** Spending: money that went out and stayed out. */
const SPENT = `t.direction = 'debit' AND t.status IN ('booked', 'pending')`;

const monthRange = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  const start = `${month}-01`;
  const end = m === 12 ? `${year + 1}-01-01` : `${year}-${String(m + 1).padStart(2, '0')}-01`;
  return [start, end];
};

export class TransactionsReader extends ConsentedReader {
  constructor(token: symbol, dataSource: DataSource, context: ReaderContext) {
    super(token, dataSource, context);
  }

  recent(limit = 5): Promise<TransactionRow[]> {
    return this.read<TransactionRow>(
      'recent-transactions',
      `SELECT ${TRANSACTION_COLUMNS} FROM gateway.account_transaction t ${CONSENT_JOIN('t')}
        WHERE t.status <> 'expired' ORDER BY t.booking_date DESC, t.transaction_id LIMIT $4`,
      [Math.min(Math.max(limit, 1), 20)],
    );
  }

  /** Totals per category (one row per consent, category and currency) for a `YYYY-MM` month. */
  spendingByCategory(month: string): Promise<TotalRow[]> {
    return this.read<TotalRow>(
      'spending-by-category',
      `SELECT c.id AS consent_id, c.account_masked, t.category_primary AS label, t.currency, SUM(t.amount_minor)::text AS total_minor, COUNT(*)::int AS count
         FROM gateway.account_transaction t ${CONSENT_JOIN('t')}
        WHERE ${SPENT} AND t.booking_date >= $4::date AND t.booking_date < $5::date
        GROUP BY c.id, c.account_masked, t.category_primary, t.currency`,
      monthRange(month),
    );
  }

  /** Spending at a merchant (name contains the text, case-insensitive), optionally in one month. */
  spendingAt(merchant: string, month?: string): Promise<TotalRow[]> {
    const pattern = `%${merchant.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const [start, end] = month ? monthRange(month) : ['0001-01-01', '9999-12-31'];
    return this.read<TotalRow>(
      'search-spending',
      `SELECT c.id AS consent_id, c.account_masked, NULL AS label, t.currency, SUM(t.amount_minor)::text AS total_minor, COUNT(*)::int AS count
         FROM gateway.account_transaction t ${CONSENT_JOIN('t')}
        WHERE ${SPENT} AND t.display_name ILIKE $4 AND t.booking_date >= $5::date AND t.booking_date < $6::date
        GROUP BY c.id, c.account_masked, t.currency`,
      [pattern, start, end],
    );
  }
}

export interface OrderRow {
  consent_id: string;
  account_masked: string;
  order_id: string;
  transaction_id: string;
  merchant_name: string;
  order_number: string;
  placed_at: Date;
  currency: string;
  total_minor: string;
  shipping_minor: string | null;
  tax_minor: string | null;
  items: { title: string; quantity: number; priceMinor: string; imageUrl?: string }[];
  shipment: { status: string; carrier?: string; trackingNumber?: string; trackingUrl?: string; estimatedDelivery?: string } | null;
  card_last4: string | null;
}

const ORDER_COLUMNS = `c.id AS consent_id, c.account_masked, o.order_id, o.transaction_id, o.merchant_name, o.order_number, o.placed_at,
  o.currency, o.total_minor::text, o.shipping_minor::text, o.tax_minor::text, o.items, o.shipment, o.card_last4`;

export class ReceiptsReader extends ConsentedReader {
  constructor(token: symbol, dataSource: DataSource, context: ReaderContext) {
    super(token, dataSource, context);
  }

  /** The order behind a card transaction (or the latest one) — only orders linked to a consented account's transaction. */
  receipt(transactionId?: string): Promise<OrderRow[]> {
    return this.read<OrderRow>(
      'receipt',
      `SELECT ${ORDER_COLUMNS} FROM gateway.merchant_order o
         JOIN gateway.account_transaction t ON t.transaction_id = o.transaction_id ${CONSENT_JOIN('t')}
        WHERE ($4::uuid IS NULL OR o.transaction_id = $4::uuid) ORDER BY o.placed_at DESC LIMIT 1`,
      [transactionId ?? null],
    );
  }

  shipments(limit = 5): Promise<OrderRow[]> {
    return this.read<OrderRow>(
      'shipping-status',
      `SELECT ${ORDER_COLUMNS} FROM gateway.merchant_order o
         JOIN gateway.account_transaction t ON t.transaction_id = o.transaction_id ${CONSENT_JOIN('t')}
        WHERE o.shipment IS NOT NULL ORDER BY o.reported_at DESC LIMIT $4`,
      [limit],
    );
  }
}

export type ReadableScope = Exclude<ConsentScope, 'fraud_alerts'>;
type ReaderFor<S extends ReadableScope> = S extends 'balances' ? BalancesReader : S extends 'transactions' ? TransactionsReader : ReceiptsReader;

/** Opens readers: only for a scope the customer granted on at least one account that is valid now. */
@Injectable()
export class ConsentGate {
  constructor(
    private readonly dataSource: DataSource,
    private readonly consents: ConsentRepository,
  ) {}

  /** Undefined when the customer holds no valid consent with this scope: no reader, no data. */
  async open<S extends ReadableScope>(psid: string, scope: S, purpose: string): Promise<ReaderFor<S> | undefined> {
    const valid = await this.consents.activeForCustomer(this.dataSource.manager, psid, scope);
    if (valid.length === 0) return undefined;
    const context: ReaderContext = { psid, scope, purpose, consents: valid.map((c) => ({ consentId: c.id, bankId: c.bankId, accountMasked: c.accountMasked })) };
    const reader = scope === 'balances' ? new BalancesReader(GATE_TOKEN, this.dataSource, context) : scope === 'transactions' ? new TransactionsReader(GATE_TOKEN, this.dataSource, context) : new ReceiptsReader(GATE_TOKEN, this.dataSource, context);
    return reader as ReaderFor<S>;
  }

  /** "What did you access?": the customer's own audit trail, newest first. */
  async accessLog(psid: string, limit = 10): Promise<AccessAuditEntity[]> {
    return this.dataSource.getRepository(AccessAuditEntity).find({ where: { psid }, order: { accessedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  /** Audits a push (fraud alert, shipment update) sent under a consent. */
  static auditPush(manager: EntityManager, entry: { psid: string; consentId: string; scope: ConsentScope; purpose: string; accountMasked: string }): Promise<unknown> {
    return manager.getRepository(AccessAuditEntity).insert({ ...entry, accessor: `messenger-gateway/${entry.purpose}`, recordCount: 1 });
  }
}
