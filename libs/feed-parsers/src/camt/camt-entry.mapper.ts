import type { BalanceType, BankReferences, CreditDebit, EntryStatus, ForeignExchange } from '@kontor/contracts';
import type { FeedItem, StatementBalance, StatementEntry, StatedCard, StatedCounterparty } from '../feed-parser';
import { at, child, children, firstText, textAt, type XmlElement } from '../xml/element-tree';
import {
  checkedAmount,
  checkedCurrency,
  checkedIsoDate,
  clip,
  compact,
  EntryProblem,
  lastFourDigits,
  nonEmpty,
  statedExchangeRate,
  type StatedDateTime,
} from '../xml/feed-values';

/** The statement an entry or balance belongs to. */
export interface CamtStatementContext {
  accountId: string;
  statementRef?: string;
}

/** Where a captured element sits: its element path and line. */
export interface CapturedAt {
  path: string;
  line: number;
}

const BALANCE_TYPES: Readonly<Record<string, BalanceType>> = {
  OPBD: 'opening-booked',
  // Previously closed booked: the closing balance of the prior statement, i.e. this one's opening.
  PRCD: 'opening-booked',
  CLBD: 'closing-booked',
  ITBD: 'interim-booked',
  OPAV: 'opening-available',
  CLAV: 'closing-available',
  ITAV: 'interim-available',
  FWAV: 'forward-available',
};

/** BOOK is booked; PDNG, and INFO/FUTR (stated for information, not booked yet), are pending. */
const ENTRY_STATUSES: Readonly<Record<string, EntryStatus>> = { BOOK: 'booked', PDNG: 'pending', INFO: 'pending', FUTR: 'pending' };

/** The balance type code of a `Bal`, for deciding which balances to publish; undefined for proprietary types. */
export function balanceCode(bal: XmlElement): string | undefined {
  return firstText(bal, 'Tp/CdOrPrtry/Cd', 'Tp/Cd');
}

/** One `Bal` → a balance item, an entry-error item, or nothing (types we do not publish). */
export function mapBalance(bal: XmlElement, statement: CamtStatementContext, where: CapturedAt): FeedItem | undefined {
  const code = balanceCode(bal);
  const balanceType = code === undefined ? undefined : BALANCE_TYPES[code];
  if (balanceType === undefined) return undefined;
  const location = { line: where.line, element: where.path };
  try {
    const amt = child(bal, 'Amt');
    const currency = checkedCurrency(amt?.attributes?.Ccy, 'Amt/@Ccy');
    const amount = checkedAmount(amt?.text.trim(), currency, 'Amt');
    const creditDebit = checkedCreditDebit(textAt(bal, 'CdtDbtInd'), 'CdtDbtInd');
    const asOf = statedDate(bal, 'Dt');
    if (!asOf) throw new EntryProblem('missing-field', 'Dt is missing', 'Dt');
    const balance: StatementBalance = compact({
      accountId: statement.accountId,
      statementRef: statement.statementRef,
      balanceType,
      amount,
      currency,
      creditDebit,
      asOfDate: asOf.date,
      asOfDateTime: asOf.dateTime,
    });
    return { kind: 'balance', balance, location };
  } catch (error) {
    return entryError(error, where, bal);
  }
}

/**
 * One `Ntry` → its entries: one per `TxDtls` when the bank booked a batch, else one. Problems in a part
 * become entry-error items naming the element; the other parts proceed.
 */
export function mapEntry(ntry: XmlElement, statement: CamtStatementContext, where: CapturedAt): FeedItem[] {
  let base: EntryBase;
  try {
    base = readEntryBase(ntry);
  } catch (error) {
    return [entryError(error, where, ntry)];
  }
  const details = children(ntry, 'NtryDtls');
  const transactions = details.flatMap((d) => children(d, 'TxDtls'));
  const batchInfo = details.map((d) => child(d, 'Btch')).find((b) => b !== undefined);
  const isBatch = transactions.length > 1 || batchInfo !== undefined;
  const batchRef = firstText(batchInfo, 'PmtInfId', 'MsgId') ?? textAt(ntry, 'NtryRef');
  const statedCount = Number(textAt(batchInfo, 'NbOfTxs'));
  const entryCount = Number.isInteger(statedCount) && statedCount > 0 ? statedCount : transactions.length || undefined;

  if (transactions.length <= 1) {
    const tx = transactions[0];
    const txPath = tx ? `${where.path}/NtryDtls/TxDtls` : where.path;
    try {
      const entry = buildEntry(base, tx, ntry, statement, {
        amount: base.amount,
        currency: base.currency,
        creditDebit: base.creditDebit,
        bankEntryId: base.accountServicerRef,
        batch: isBatch ? nonEmpty({ batchRef: batchRef && clip(batchRef), entryCount, index: tx ? 0 : undefined }) : undefined,
      });
      return [{ kind: 'entry', entry, location: { line: where.line, element: where.path } }];
    } catch (error) {
      return [entryError(error, { path: txPath, line: tx?.line ?? where.line }, ntry)];
    }
  }

  return transactions.map((tx, index): FeedItem => {
    const txWhere = { path: `${where.path}/NtryDtls/TxDtls${index > 0 ? `[${index + 1}]` : ''}`, line: tx.line };
    try {
      const amt = child(tx, 'Amt') ?? at(tx, 'AmtDtls/TxAmt/Amt');
      if (!amt) throw new EntryProblem('missing-field', 'a batch transaction states no amount (Amt or AmtDtls/TxAmt/Amt)', 'Amt');
      const currency = checkedCurrency(amt.attributes?.Ccy, 'Amt/@Ccy');
      const amount = checkedAmount(amt.text.trim(), currency, 'Amt');
      const cdtDbt = textAt(tx, 'CdtDbtInd');
      const ownRef = textAt(tx, 'Refs/AcctSvcrRef');
      const entry = buildEntry(base, tx, ntry, statement, {
        amount,
        currency,
        creditDebit: cdtDbt === undefined ? base.creditDebit : checkedCreditDebit(cdtDbt, 'CdtDbtInd'),
        // A split of one booking: the bank's entry reference plus the position, unless the part has its own.
        bankEntryId: ownRef ?? (base.accountServicerRef !== undefined ? `${base.accountServicerRef}/${index}` : undefined),
        batch: nonEmpty({ batchRef: batchRef && clip(batchRef), entryCount, index }),
      });
      return { kind: 'entry', entry, location: { line: tx.line, element: txWhere.path } };
    } catch (error) {
      return entryError(error, txWhere, tx);
    }
  });
}

interface EntryBase {
  amount: string;
  currency: string;
  creditDebit: CreditDebit;
  status: EntryStatus;
  bookingDate: string;
  valueDate?: string;
  bookedAt?: string;
  accountServicerRef?: string;
  reversal?: boolean;
}

function readEntryBase(ntry: XmlElement): EntryBase {
  const amt = child(ntry, 'Amt');
  const currency = checkedCurrency(amt?.attributes?.Ccy, 'Amt/@Ccy');
  const amount = checkedAmount(amt?.text.trim(), currency, 'Amt');
  const creditDebit = checkedCreditDebit(textAt(ntry, 'CdtDbtInd'), 'CdtDbtInd');
  const statusCode = firstText(ntry, 'Sts/Cd', 'Sts/Prtry', 'Sts');
  if (statusCode === undefined) throw new EntryProblem('missing-field', 'Sts is missing', 'Sts');
  const status = ENTRY_STATUSES[statusCode];
  if (status === undefined) throw new EntryProblem('invalid-entry', `unknown entry status ${JSON.stringify(clip(statusCode))}`, 'Sts');
  const booking = statedDate(ntry, 'BookgDt');
  const value = statedDate(ntry, 'ValDt');
  // Pending entries often carry only a value date.
  const bookingDate = booking?.date ?? value?.date;
  if (bookingDate === undefined) throw new EntryProblem('missing-field', 'neither BookgDt nor ValDt is stated', 'BookgDt');
  const reversal = textAt(ntry, 'RvslInd');
  return compact({
    amount,
    currency,
    creditDebit,
    status,
    bookingDate,
    valueDate: value?.date,
    bookedAt: booking?.dateTime,
    accountServicerRef: clipped(textAt(ntry, 'AcctSvcrRef')),
    reversal: reversal === 'true' || reversal === '1' ? true : undefined,
  });
}

interface PartFigures {
  amount: string;
  currency: string;
  creditDebit: CreditDebit;
  bankEntryId?: string;
  batch?: StatementEntry['batch'];
}

function buildEntry(base: EntryBase, tx: XmlElement | undefined, ntry: XmlElement, statement: CamtStatementContext, part: PartFigures): StatementEntry {
  const cardTx = child(tx, 'CardTx') ?? child(ntry, 'CardTx');
  const counterparty = readCounterparty(tx, part.creditDebit);
  const card = readCard(cardTx);
  const cardPresent = firstText(cardTx, 'Tx/Indv/PmtCntxt/CardPres', 'Tx/PmtCntxt/CardPres');
  const merchantName = cardTx && part.creditDebit === 'DBIT' ? counterparty?.name : undefined;
  return compact({
    accountId: statement.accountId,
    amount: part.amount,
    currency: part.currency,
    creditDebit: part.creditDebit,
    status: base.status,
    bookingDate: base.bookingDate,
    valueDate: base.valueDate,
    occurredAt: transactionTime(tx) ?? base.bookedAt,
    bankEntryId: part.bankEntryId,
    statementRef: statement.statementRef,
    description: clipped(firstText(tx, 'AddtlTxInf') ?? textAt(ntry, 'AddtlNtryInf'), 500),
    remittanceInformation: readRemittance(tx),
    merchant: merchantName ? { name: merchantName } : undefined,
    cardPresent: cardPresent === 'true' ? true : cardPresent === 'false' ? false : undefined,
    card,
    counterparty,
    references: readReferences(tx, ntry, base),
    fx: readForeignExchange(tx, ntry, part.currency),
    batch: part.batch,
    reversal: base.reversal,
  });
}

/** The other side of the booking: who paid us on a credit, whom we paid on a debit. */
function readCounterparty(tx: XmlElement | undefined, creditDebit: CreditDebit): StatedCounterparty | undefined {
  if (!tx) return undefined;
  const side = creditDebit === 'CRDT' ? 'Dbtr' : 'Cdtr';
  const parties = child(tx, 'RltdPties');
  const name = firstText(parties, `${side}/Nm`, `${side}/Pty/Nm`, `Ultmt${side}/Nm`, `Ultmt${side}/Pty/Nm`);
  const accountId = firstText(parties, `${side}Acct/Id/IBAN`, `${side}Acct/Id/Othr/Id`);
  const bic = firstText(child(tx, 'RltdAgts'), `${side}Agt/FinInstnId/BICFI`, `${side}Agt/FinInstnId/BIC`);
  return nonEmpty({
    name: clipped(name),
    accountId: accountId?.replace(/\s+/g, ''),
    bic: bic && /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? bic : undefined,
  });
}

function readCard(cardTx: XmlElement | undefined): StatedCard | undefined {
  if (!cardTx) return undefined;
  const pan = firstText(cardTx, 'Card/PlainCardData/PAN')?.replace(/\s+/g, '');
  const masked = firstText(cardTx, 'Card/MskdPAN', 'Card/MaskdPAN');
  const plain = pan && /^\d{12,19}$/.test(pan) ? pan : undefined;
  return nonEmpty({ pan: plain, last4: lastFourDigits(plain ?? masked) });
}

function readRemittance(tx: XmlElement | undefined): string | undefined {
  const rmtInf = child(tx, 'RmtInf');
  if (!rmtInf) return undefined;
  const lines = children(rmtInf, 'Ustrd')
    .map((u) => u.text.trim())
    .filter((t) => t !== '');
  if (lines.length > 0) return clipped(lines.join(' '), 1000);
  const creditorRefs = children(rmtInf, 'Strd')
    .map((s) => textAt(s, 'CdtrRefInf/Ref'))
    .filter((t): t is string => t !== undefined);
  return creditorRefs.length > 0 ? clipped(creditorRefs.join(' '), 1000) : undefined;
}

function readReferences(tx: XmlElement | undefined, ntry: XmlElement, base: EntryBase): BankReferences | undefined {
  const refs = child(tx, 'Refs');
  const endToEndId = textAt(refs, 'EndToEndId');
  return nonEmpty({
    endToEndId: endToEndId === 'NOTPROVIDED' ? undefined : clipped(endToEndId),
    accountServicerRef: clipped(textAt(refs, 'AcctSvcrRef')) ?? base.accountServicerRef,
    instructionId: clipped(textAt(refs, 'InstrId')),
    paymentInformationId: clipped(textAt(refs, 'PmtInfId')),
    mandateId: clipped(textAt(refs, 'MndtId')),
    creditorId: clipped(sepaCreditorId(tx)),
    chequeNumber: clipped(textAt(refs, 'ChqNb'), 40),
    transactionCode: transactionCode(child(tx, 'BkTxCd')) ?? transactionCode(child(ntry, 'BkTxCd')),
  });
}

/** The SEPA creditor identifier a direct debit names (`Cdtr/Id/PrvtId/Othr` with scheme `SEPA`). */
function sepaCreditorId(tx: XmlElement | undefined): string | undefined {
  const parties = child(tx, 'RltdPties');
  const ids = [at(parties, 'Cdtr/Id/PrvtId'), at(parties, 'Cdtr/Pty/Id/PrvtId')];
  for (const privateId of ids) {
    for (const other of children(privateId, 'Othr')) {
      if (textAt(other, 'SchmeNm/Prtry') === 'SEPA') return textAt(other, 'Id');
    }
  }
  return undefined;
}

/** `iso:PMNT-ICDT-ESCT` from Domn, else `prtry:<Issr>:<Cd>`. */
function transactionCode(bkTxCd: XmlElement | undefined): string | undefined {
  if (!bkTxCd) return undefined;
  const domain = textAt(bkTxCd, 'Domn/Cd');
  const family = textAt(bkTxCd, 'Domn/Fmly/Cd');
  const subFamily = textAt(bkTxCd, 'Domn/Fmly/SubFmlyCd');
  if (domain && family && subFamily) return `iso:${domain}-${family}-${subFamily}`;
  const code = textAt(bkTxCd, 'Prtry/Cd');
  if (code === undefined) return undefined;
  const issuer = textAt(bkTxCd, 'Prtry/Issr');
  return clip(issuer ? `prtry:${issuer}:${code}` : `prtry:${code}`, 80);
}

/**
 * The instructed amount when it is in another currency than the booking, with the rate the bank applied
 * (only when stated in the direction source → target; an inverted quote is not recomputed).
 */
function readForeignExchange(tx: XmlElement | undefined, ntry: XmlElement, bookedCurrency: string): ForeignExchange | undefined {
  for (const amtDtls of [child(tx, 'AmtDtls'), child(ntry, 'AmtDtls')]) {
    const instructed = child(amtDtls, 'InstdAmt');
    const amt = child(instructed, 'Amt');
    const currency = amt?.attributes?.Ccy;
    if (!amt || !currency || currency === bookedCurrency) continue;
    let originalAmount: string;
    try {
      originalAmount = checkedAmount(amt.text.trim(), checkedCurrency(currency, 'InstdAmt/Amt/@Ccy'), 'AmtDtls/InstdAmt/Amt');
    } catch {
      continue; // FX is extra detail: a broken one is dropped, the booking itself stands
    }
    const exchange = child(instructed, 'CcyXchg') ?? child(child(amtDtls, 'TxAmt'), 'CcyXchg');
    const unit = textAt(exchange, 'UnitCcy');
    const source = textAt(exchange, 'SrcCcy');
    const rate = unit === undefined || unit === source ? statedExchangeRate(textAt(exchange, 'XchgRate')) : undefined;
    return compact({ originalAmount, originalCurrency: currency, exchangeRate: rate });
  }
  return undefined;
}

/** When the transaction itself happened, if the bank states it with a zone. */
function transactionTime(tx: XmlElement | undefined): string | undefined {
  for (const path of ['RltdDts/TxDtTm', 'RltdDts/AccptncDtTm']) {
    const raw = textAt(tx, path);
    if (raw === undefined) continue;
    try {
      const stated = checkedIsoDate(raw, path);
      if (stated.dateTime) return stated.dateTime;
    } catch {
      // an unreadable related date is detail; the booking date stands
    }
  }
  return undefined;
}

/** `Dt` or `DtTm` inside a date choice element (`BookgDt`, `ValDt`, balance `Dt`). */
function statedDate(parent: XmlElement, choice: string): StatedDateTime | undefined {
  const element = child(parent, choice);
  if (!element) return undefined;
  const date = textAt(element, 'Dt');
  if (date !== undefined) return checkedIsoDate(date, `${choice}/Dt`);
  const dateTime = textAt(element, 'DtTm');
  if (dateTime !== undefined) return checkedIsoDate(dateTime, `${choice}/DtTm`);
  throw new EntryProblem('missing-field', `${choice} has neither Dt nor DtTm`, choice);
}

function checkedCreditDebit(raw: string | undefined, field: string): CreditDebit {
  if (raw === 'CRDT' || raw === 'DBIT') return raw;
  if (raw === undefined) throw new EntryProblem('missing-field', `${field} is missing`, field);
  throw new EntryProblem('invalid-entry', `${field} ${JSON.stringify(clip(raw))} is neither CRDT nor DBIT`, field);
}

function clipped(text: string | undefined, max = 140): string | undefined {
  return text === undefined ? undefined : clip(text, max);
}

function entryError(error: unknown, where: CapturedAt, captured?: XmlElement): FeedItem {
  if (!(error instanceof EntryProblem)) throw error;
  const element = error.field ? `${where.path}/${error.field}` : where.path;
  // The line of the offending element itself when it exists (an attribute is on its element's line).
  const offending = error.field && captured ? at(captured, error.field.replace(/\/@.*$/, '')) : undefined;
  return { kind: 'entry-error', reason: error.reason, detail: error.message, location: { line: offending?.line ?? where.line, element } };
}
