import type { FraudReason } from '@kontor/contracts';
import { amountsInCurrency, amountsUnder, BehaviourProfile, WINDOW } from './behaviour-profile';
import { distanceKm, locate } from './geo';
import { median, robustLogZ } from './robust-stats';
import type { FraudRuleSet } from './rule-set';
import type { TransactionFeatures } from './transaction-features';

/** What a typology sees: the transaction and the profiles as they were before it. */
export interface TypologyContext {
  readonly f: TransactionFeatures;
  readonly account: BehaviourProfile;
  /** The card's own profile when the transaction has a card. */
  readonly card?: BehaviourProfile;
  readonly rules: FraudRuleSet;
}

/** One typology: a pure function that either names a reason (code, points, EN + DE sentence) or stays silent. */
export type Typology = (ctx: TypologyContext) => FraudReason | undefined;

const reason = (code: string, points: number, messageEn: string, messageDe: string): FraudReason => ({ code, points: Math.round(points), messageEn, messageDe });
const major = (f: TransactionFeatures) => f.amount / f.unit;
const minutes = (ms: number) => ms / 60_000;
/** The profile whose activity matters: the card's when there is one, else the account's. */
const activityOf = (ctx: TypologyContext) => ctx.card ?? ctx.account;
const isCashOutMcc = (rules: FraudRuleSet, mcc: string | undefined) => mcc !== undefined && (rules.cashOut.atmMccs.includes(mcc) || rules.cashOut.transferMccs.includes(mcc));
const hasHistory = (ctx: TypologyContext) => ctx.account.habits >= ctx.rules.minHabits;
/** The customer's typical amount in this currency (all categories), or undefined without history. */
const typicalAmount = (ctx: TypologyContext) => {
  const all = amountsInCurrency(ctx.account, ctx.f.currency);
  return all.length >= ctx.rules.amountOutlier.minSamples ? median(all) : undefined;
};

/** A merchant this account has never paid (as far as its habits know). */
export function isNovelMerchant(f: TransactionFeatures, account: BehaviourProfile): boolean {
  return f.merchantKey !== undefined && account.merchants[f.merchantKey] === undefined;
}

export function isCashOut(f: TransactionFeatures, rules: FraudRuleSet): boolean {
  return f.debit && isCashOutMcc(rules, f.mcc);
}

/** Cold start: a customer without enough history is judged against population-level amounts (exact, per currency). */
export const highAmount: Typology = ({ f, account, rules }) => {
  const threshold = rules.coldStart.highAmount.minorUnits[f.currency];
  return account.habits < rules.minHabits && threshold !== undefined && BigInt(f.amountMinor) >= BigInt(threshold)
    ? reason('HIGH_AMOUNT', rules.coldStart.highAmount.points, 'The amount is unusually high.', 'Der Betrag ist ungewöhnlich hoch.')
    : undefined;
};

export const veryHighAmount: Typology = ({ f, account, rules }) => {
  const threshold = rules.coldStart.veryHighAmount.minorUnits[f.currency];
  return account.habits < rules.minHabits && threshold !== undefined && BigInt(f.amountMinor) >= BigInt(threshold)
    ? reason(
        'VERY_HIGH_AMOUNT',
        rules.coldStart.veryHighAmount.points,
        'The amount is far above a typical card payment.',
        'Der Betrag liegt weit über einer üblichen Kartenzahlung.',
      )
    : undefined;
};

/** Gambling, money transfer, crypto: risky when this customer has never paid such a merchant before. */
export const riskyMerchantCategory: Typology = ({ f, account, rules }) =>
  f.mcc !== undefined && rules.riskyMerchantCategory.mccs.includes(f.mcc) && (account.mccs[f.mcc] ?? 0) === 0
    ? reason(
        'RISKY_MERCHANT_CATEGORY',
        rules.riskyMerchantCategory.points,
        'The merchant is in a category often used for fraud (gambling, money transfer, crypto).',
        'Der Händler gehört zu einer Branche, die oft für Betrug genutzt wird (Glücksspiel, Geldtransfer, Krypto).',
      )
    : undefined;

/**
 * Many debits in a short time, counted over the transactions' own timestamps; a run of payments at merchants
 * the customer has never used (a spree with a stolen card) counts more than a busy hour at familiar ones.
 */
export const velocityBurst: Typology = (ctx) => {
  const { f, account, rules } = ctx;
  const recent = activityOf(ctx).recent.filter((r) => r.at > f.at - WINDOW.HOUR_MS && r.at <= f.at);
  const inHour = recent.length + 1;
  const inTen = recent.filter((r) => r.at > f.at - 10 * 60_000).length + 1;
  const novelInHour = recent.filter((r) => r.novel).length + (isNovelMerchant(f, account) ? 1 : 0);
  const v = rules.velocity;
  const extra = Math.max(inHour - v.perHour, inTen - v.perTenMinutes);
  const spree = novelInHour >= v.novelPerHour && isNovelMerchant(f, account);
  if (extra < 0 && !spree) return undefined;
  const points = Math.min(v.maxPoints, (extra >= 0 ? v.points + extra * v.pointsPerExtra : 0) + (spree ? v.novelSpreePoints + (novelInHour - v.novelPerHour) * v.pointsPerExtra : 0));
  return reason(
    'VELOCITY_BURST',
    points,
    spree ? `${novelInHour} payments at new merchants within an hour.` : `${inHour} payments within an hour is far more than usual.`,
    spree ? `${novelInHour} Zahlungen bei neuen Händlern innerhalb einer Stunde.` : `${inHour} Zahlungen innerhalb einer Stunde sind weit mehr als üblich.`,
  );
};

/** Far above what this customer usually pays in this category: robust z-score of the log amount (median/MAD). */
export const amountOutlier: Typology = (ctx) => {
  const { f, account, rules } = ctx;
  const o = rules.amountOutlier;
  if (major(f) < o.minMajor) return undefined;
  const confirmed = account.confirmedMax[f.amountKey];
  if (confirmed !== undefined && f.amount <= confirmed * o.confirmedSlack) return undefined;
  // The most specific history that is large enough: detailed category, primary category, all spending.
  const tiers: [number[], number][] = [
    [account.amounts[f.amountKey] ?? [], o.z],
    [amountsUnder(account, `${f.currency}:${f.category}:`), o.z],
    [amountsInCurrency(account, f.currency), o.zAcrossCategories],
  ];
  const tier = tiers.find(([samples]) => samples.length >= o.minSamples);
  if (tier === undefined) return undefined;
  const [samples, zLimit] = tier;
  const z = robustLogZ(f.amount, samples, o.minLogSpread);
  if (z < zLimit || f.amount < median(samples) * o.minRatioToMedian) return undefined;
  return reason(
    'AMOUNT_OUTLIER',
    Math.min(o.maxPoints, o.points + (z - zLimit) * o.pointsPerZ),
    'The amount is far above what you usually spend on this kind of purchase.',
    'Der Betrag liegt weit über dem, was Sie für solche Einkäufe üblicherweise ausgeben.',
  );
};

/** A merchant this customer never paid, with an amount well above their usual. */
export const newMerchantHighAmount: Typology = (ctx) => {
  const { f, account, rules } = ctx;
  const m = rules.newMerchantHighAmount;
  if (!hasHistory(ctx) || f.merchantKey === undefined || account.merchants[f.merchantKey] !== undefined) return undefined;
  const typical = typicalAmount(ctx);
  if (typical === undefined || major(f) < m.minMajor || f.amount < typical * m.minRatioToMedian) return undefined;
  return reason(
    'NEW_MERCHANT_HIGH_AMOUNT',
    m.points + (f.cardPresent === false ? m.cardNotPresentPoints : 0),
    'A high amount at a merchant you have not paid before.',
    'Ein hoher Betrag bei einem Händler, bei dem Sie noch nie bezahlt haben.',
  );
};

/** A country this customer has never paid in. */
export const newCountry: Typology = (ctx) => {
  const { f, account, rules } = ctx;
  if (!hasHistory(ctx) || f.country === undefined || (account.countries[f.country] ?? 0) > 0) return undefined;
  return reason(
    'NEW_COUNTRY',
    f.cardPresent === false ? rules.newCountry.cardNotPresentPoints : rules.newCountry.cardPresentPoints,
    `The payment was made in a country you have not paid in before (${f.country}).`,
    `Die Zahlung erfolgte in einem Land, in dem Sie noch nie bezahlt haben (${f.country}).`,
  );
};

/** Two card-present payments further apart than anyone can travel in the time between them. */
export const impossibleTravel: Typology = (ctx) => {
  const { f, rules } = ctx;
  const last = activityOf(ctx).lastCardPresent;
  if (f.cardPresent !== true || last === undefined) return undefined;
  const here = locate(f.city, f.country);
  if (here === undefined) return undefined;
  const km = distanceKm(last, here);
  const hours = Math.max(Math.abs(f.at - last.at) / WINDOW.HOUR_MS, rules.impossibleTravel.minHours);
  if (km < rules.impossibleTravel.minKm || km / hours <= rules.impossibleTravel.maxKmPerHour) return undefined;
  const gap = Math.round(minutes(Math.abs(f.at - last.at)));
  return reason(
    'IMPOSSIBLE_TRAVEL',
    rules.impossibleTravel.points,
    `The card was used in person ${Math.round(km)} km away from its previous in-person use only ${gap} minutes earlier.`,
    `Die Karte wurde vor Ort ${Math.round(km)} km entfernt vom vorherigen Einsatz verwendet, nur ${gap} Minuten später.`,
  );
};

/** Many small card-not-present attempts in a short time: someone checking whether a stolen card works. */
export const cardTesting: Typology = (ctx) => {
  const { f, rules } = ctx;
  const c = rules.cardTesting;
  if (f.cardToken === undefined || f.cardPresent !== false) return undefined;
  const isSmall = (amount: number) => amount <= c.smallMajor * f.unit;
  const tests = activityOf(ctx).recent.filter((r) => r.cardPresent === false && isSmall(r.amount) && r.at > f.at - c.windowMinutes * 60_000 && r.at <= f.at);
  const small = tests.length;
  if (isSmall(f.amount)) {
    const attempts = small + 1;
    if (attempts < c.minAttempts) return undefined;
    // Tests go to merchants the customer does not know; a customer's own small online habits do not.
    const novel = tests.filter((r) => r.novel).length + (isNovelMerchant(f, ctx.account) ? 1 : 0) >= c.minAttempts - 1;
    return reason(
      'CARD_TESTING',
      Math.min(c.maxPoints, c.points + (attempts - c.minAttempts) * c.pointsPerExtra + (novel ? c.novelMerchantPoints : 0)),
      `${attempts} small online payments in a short time, a pattern used to test stolen cards.`,
      `${attempts} kleine Online-Zahlungen in kurzer Zeit, ein Muster zum Testen gestohlener Karten.`,
    );
  }
  if (small < c.minAttempts - 1) return undefined;
  return reason(
    'CARD_TESTING',
    c.spendAfterTestPoints,
    'A larger online payment right after several small test payments.',
    'Eine größere Online-Zahlung direkt nach mehreren kleinen Testzahlungen.',
  );
};

/** The first payment after a long silence: dormant cards are a favourite target. */
export const dormancy: Typology = (ctx) => {
  const { f, rules } = ctx;
  const profile = activityOf(ctx);
  if (profile.lastAt === undefined || profile.debits === 0) return undefined;
  const days = (f.at - profile.lastAt) / WINDOW.DAY_MS;
  if (days < rules.dormancy.days) return undefined;
  const typical = typicalAmount(ctx);
  const high = typical !== undefined && f.amount >= typical * rules.dormancy.highRatioToMedian;
  return reason(
    'DORMANT_THEN_ACTIVE',
    rules.dormancy.points + (high ? rules.dormancy.highAmountPoints : 0),
    `The first payment after ${Math.floor(days)} days without any.`,
    `Die erste Zahlung nach ${Math.floor(days)} Tagen ohne Zahlungen.`,
  );
};

/** An hour at which this customer almost never pays (their own pattern, ±1 hour, local time). */
export const unusualHour: Typology = ({ f, account, rules }) => {
  const u = rules.unusualHour;
  if (account.habits < u.minHabits) return undefined;
  const near = account.hours[(f.hour + 23) % 24] + account.hours[f.hour] + account.hours[(f.hour + 1) % 24];
  if (near / account.habits > u.maxShare) return undefined;
  const hh = String(f.hour).padStart(2, '0');
  return reason(
    'UNUSUAL_HOUR',
    u.points,
    `You rarely pay at this time of day (around ${hh}:00).`,
    `Sie bezahlen selten zu dieser Tageszeit (gegen ${hh}:00 Uhr).`,
  );
};

/** Turning a card or account into cash: round amounts at ATMs or money-transfer merchants, large for this customer or repeated. */
export const cashOut: Typology = (ctx) => {
  const { f, account, rules } = ctx;
  const c = rules.cashOut;
  if (!isCashOut(f, rules)) return undefined;
  const round = f.amount % (c.roundMajor * f.unit) === 0;
  const history = account.amounts[f.amountKey] ?? [];
  const usual = history.length >= 3 ? median(history) : undefined;
  const large = usual !== undefined ? f.amount >= usual * c.minRatioToMedian && major(f) >= c.roundMajor * 2 : major(f) >= c.firstTimeMinMajor;
  const today = activityOf(ctx).recent.filter((r) => r.cashOut && r.at > f.at - WINDOW.DAY_MS && r.at <= f.at).length + 1;
  const repeated = today >= c.repeatsPerDay;
  if (!(round && large) && !repeated) return undefined;
  return reason(
    'CASH_OUT',
    round && large && repeated ? c.points + c.repeatPoints : c.points,
    repeated ? `${today} cash withdrawals or money transfers within a day.` : 'A large round cash withdrawal or money transfer, unusual for you.',
    repeated ? `${today} Bargeldabhebungen oder Geldtransfers innerhalb eines Tages.` : 'Eine große, runde Bargeldabhebung oder Geldüberweisung, ungewöhnlich für Sie.',
  );
};

/** Not a typology on its own: online use adds weight only to a payment that already looks wrong. */
export function cardNotPresent(ctx: TypologyContext, others: readonly FraudReason[]): FraudReason | undefined {
  return ctx.f.cardToken !== undefined && ctx.f.cardPresent === false && others.length > 0
    ? reason('CARD_NOT_PRESENT', ctx.rules.cardNotPresent.points, 'The card was used online or by phone, not in person.', 'Die Karte wurde online oder telefonisch verwendet, nicht vor Ort.')
    : undefined;
}

/** Every typology in a fixed order (the order breaks ties between equal points). */
export const TYPOLOGIES: readonly Typology[] = [
  highAmount,
  veryHighAmount,
  impossibleTravel,
  cardTesting,
  amountOutlier,
  cashOut,
  newMerchantHighAmount,
  velocityBurst,
  riskyMerchantCategory,
  dormancy,
  newCountry,
  unusualHour,
];
