import { locate } from './geo';
import type { TransactionFeatures } from './transaction-features';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** Bounds that keep a profile small (a few KB of JSON) whatever the customer does. */
export const PROFILE_LIMITS = {
  /** Most recent amounts kept per currency and category (median/MAD over a sliding window). */
  amountsPerKey: 40,
  amountKeys: 40,
  /** Known merchants, counterparties, cities: the least recently seen is forgotten first. */
  knownEntries: 300,
  /** The velocity window: recent debits within 24 h of the newest one. */
  recentWindowMs: DAY_MS,
  recentEntries: 200,
} as const;

export interface RecentDebit {
  at: number;
  amount: number;
  cardPresent?: boolean;
  cashOut: boolean;
  /** At a merchant the account had never paid before. */
  novel: boolean;
}

/** What scoring decided about a debit that the activity record needs. */
export interface ActivityFacts {
  cashOut: boolean;
  novel: boolean;
  /** Not alerted: its place counts as where the card really was. An alerted one counts once confirmed. */
  trusted: boolean;
}

/**
 * What Kontor knows about one account or one card, built only from the event stream (transaction
 * timestamps, never the wall clock), so replaying the same stream always gives the same profile.
 * Two parts: activity (every debit, fraud included: velocity, last location, dormancy) and habits (only what
 * the customer plausibly did: transactions that did not raise an alert, and alerts the customer confirmed).
 */
export interface BehaviourProfile {
  v: 1;
  /** Debits seen (activity). */
  debits: number;
  /** Debits learned as habits. */
  habits: number;
  lastAt?: number;
  recent: RecentDebit[];
  lastCardPresent?: { at: number; lat: number; lon: number; place: string };
  amounts: Record<string, number[]>;
  /** Highest amount per amount key that the customer confirmed as genuine. */
  confirmedMax: Record<string, number>;
  /** key → last seen (epoch ms). */
  merchants: Record<string, number>;
  counterparties: Record<string, number>;
  cities: Record<string, number>;
  /** key → count. */
  countries: Record<string, number>;
  mccs: Record<string, number>;
  hours: number[];
  weekdays: number[];
}

export function emptyProfile(): BehaviourProfile {
  return {
    v: 1,
    debits: 0,
    habits: 0,
    recent: [],
    amounts: {},
    confirmedMax: {},
    merchants: {},
    counterparties: {},
    cities: {},
    countries: {},
    mccs: {},
    hours: new Array<number>(24).fill(0),
    weekdays: new Array<number>(7).fill(0),
  };
}

/** Keeps the `limit` most recently seen keys. Ties break on the key, so the result never depends on insertion order. */
function remember(map: Record<string, number>, key: string, at: number, limit: number): Record<string, number> {
  const next = { ...map, [key]: Math.max(map[key] ?? 0, at) };
  const keys = Object.keys(next);
  if (keys.length <= limit) return next;
  keys.sort((a, b) => next[b] - next[a] || (a < b ? -1 : 1));
  return Object.fromEntries(keys.slice(0, limit).map((k) => [k, next[k]]));
}

const count = (map: Record<string, number>, key: string) => ({ ...map, [key]: (map[key] ?? 0) + 1 });

/** The card was really here then: the latest trusted in-person payment is where impossible travel measures from. */
export function confirmLocation(profile: BehaviourProfile, f: TransactionFeatures): BehaviourProfile {
  if (f.cardPresent !== true || (profile.lastCardPresent !== undefined && f.at < profile.lastCardPresent.at)) return profile;
  const where = locate(f.city, f.country);
  return where ? { ...profile, lastCardPresent: { at: f.at, lat: where.lat, lon: where.lon, place: f.city ?? f.country ?? '' } } : profile;
}

/** Activity: every debit counts, whatever its score, because fraud is activity too (velocity, dormancy). */
export function recordActivity(profile: BehaviourProfile, f: TransactionFeatures, facts: ActivityFacts): BehaviourProfile {
  if (!f.debit) return { ...profile, lastAt: Math.max(profile.lastAt ?? f.at, f.at) };
  const newest = Math.max(profile.lastAt ?? f.at, f.at);
  const entry: RecentDebit = { at: f.at, amount: f.amount, ...(f.cardPresent !== undefined && { cardPresent: f.cardPresent }), cashOut: facts.cashOut, novel: facts.novel };
  const recent = [...profile.recent, entry]
    .filter((r) => r.at > newest - PROFILE_LIMITS.recentWindowMs)
    .sort((a, b) => a.at - b.at)
    .slice(-PROFILE_LIMITS.recentEntries);
  const active = { ...profile, debits: profile.debits + 1, lastAt: newest, recent };
  return facts.trusted ? confirmLocation(active, f) : active;
}

/** Habits: what the customer does. Learned from debits that did not alert, and from alerts confirmed genuine. */
export function learnHabits(profile: BehaviourProfile, f: TransactionFeatures, confirmedGenuine = false): BehaviourProfile {
  if (!f.debit) return profile;
  const samples = [...(profile.amounts[f.amountKey] ?? []), f.amount].slice(-PROFILE_LIMITS.amountsPerKey);
  let amounts = { ...profile.amounts, [f.amountKey]: samples };
  const keys = Object.keys(amounts);
  if (keys.length > PROFILE_LIMITS.amountKeys) {
    // Forget the least used category (fewest samples, then by name: deterministic).
    keys.sort((a, b) => amounts[a].length - amounts[b].length || (a < b ? -1 : 1));
    amounts = Object.fromEntries(keys.slice(1).map((k) => [k, amounts[k]]));
  }
  const hours = [...profile.hours];
  hours[f.hour] += 1;
  const weekdays = [...profile.weekdays];
  weekdays[f.weekday] += 1;
  const limit = PROFILE_LIMITS.knownEntries;
  return {
    ...profile,
    habits: profile.habits + 1,
    amounts,
    confirmedMax: confirmedGenuine ? { ...profile.confirmedMax, [f.amountKey]: Math.max(profile.confirmedMax[f.amountKey] ?? 0, f.amount) } : profile.confirmedMax,
    merchants: f.merchantKey !== undefined ? remember(profile.merchants, f.merchantKey, f.at, limit) : profile.merchants,
    counterparties: f.counterpartyKey !== undefined ? remember(profile.counterparties, f.counterpartyKey, f.at, limit) : profile.counterparties,
    cities: f.city !== undefined && f.country !== undefined ? remember(profile.cities, `${f.city.toLowerCase()}|${f.country}`, f.at, limit) : profile.cities,
    countries: f.country !== undefined ? count(profile.countries, f.country) : profile.countries,
    mccs: f.mcc !== undefined ? count(profile.mccs, f.mcc) : profile.mccs,
    hours,
    weekdays,
  };
}

/** The amounts under every key that starts with `prefix` (a currency, or a currency and primary category). */
export function amountsUnder(profile: BehaviourProfile, prefix: string): number[] {
  return Object.entries(profile.amounts)
    .filter(([key]) => key.startsWith(prefix))
    .flatMap(([, values]) => values);
}

/** All amounts of one currency across categories (for a customer with too few in this category). */
export function amountsInCurrency(profile: BehaviourProfile, currency: string): number[] {
  return amountsUnder(profile, `${currency}:`);
}

export const WINDOW = { HOUR_MS, DAY_MS } as const;
