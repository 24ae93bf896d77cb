import type { NormalizedTransactionV1 } from '@kontor/contracts';
import { distanceKm, locate } from '@kontor/fraud-rules';
import { uuidV5 } from '@kontor/util';
import { SeededRandom } from './random';

/**
 * A seeded generator of realistic, labelled card and account streams for evaluating fraud scoring.
 *
 * Customers follow one of several personas (habits: how often, where, when, how much, online or in person),
 * each with their own spending level, favourite merchants, salary, subscriptions, holidays abroad and the
 * occasional big purchase. Fraud incidents of every typology are injected on top and labelled. Nothing
 * here reads the rule set: the generator describes behaviour, not the rules that are meant to catch it.
 */

export type Persona = 'commuter' | 'online_shopper' | 'traveller' | 'night_owl' | 'cash_user' | 'gambler' | 'occasional' | 'family';
export type FraudTypology = 'card_testing' | 'velocity_spree' | 'big_purchase_takeover' | 'foreign_online' | 'cloned_card_abroad' | 'dormant_card' | 'night_spree' | 'cash_out';

export const PERSONAS: readonly Persona[] = ['commuter', 'online_shopper', 'traveller', 'night_owl', 'cash_user', 'gambler', 'occasional', 'family'];
export const FRAUD_TYPOLOGIES: readonly FraudTypology[] = ['card_testing', 'velocity_spree', 'big_purchase_takeover', 'foreign_online', 'cloned_card_abroad', 'dormant_card', 'night_spree', 'cash_out'];

export interface GeneratorOptions {
  seed: number;
  customers: number;
  months: number;
  /** First day of the stream (UTC date). */
  start: string;
  /** Relative weight of each persona among the customers. */
  habitMix: Readonly<Record<Persona, number>>;
  /** Relative weight of each fraud typology among the incidents. */
  fraudMix: Readonly<Record<FraudTypology, number>>;
  /** Fraud incidents per customer and month (an incident is one or several transactions). */
  fraudRate: number;
  /** No fraud in the first days: a new customer's first weeks are not when banks onboard Kontor mid-life. */
  fraudFreeDays: number;
}

export const DEFAULT_GENERATOR_OPTIONS: GeneratorOptions = {
  seed: 1,
  customers: 300,
  months: 4,
  start: '2026-01-05',
  habitMix: { commuter: 3, online_shopper: 2, traveller: 2, night_owl: 1, cash_user: 1, gambler: 0.5, occasional: 1, family: 2 },
  fraudMix: { card_testing: 1, velocity_spree: 1, big_purchase_takeover: 1, foreign_online: 1, cloned_card_abroad: 1, dormant_card: 1, night_spree: 1, cash_out: 1 },
  fraudRate: 0.04,
  fraudFreeDays: 30,
};

export interface LabelledTransaction {
  tx: NormalizedTransactionV1;
  customer: number;
  persona: Persona;
  fraud: boolean;
  typology?: FraudTypology;
  /** All transactions of one fraud incident share it. */
  incident?: string;
}

interface Place {
  city: string;
  country: string;
  /** UTC offset in hours (fixed: the generator ignores daylight saving time). */
  offset: number;
}

const HOMES: readonly Place[] = [
  { city: 'Berlin', country: 'DE', offset: 1 }, { city: 'Munich', country: 'DE', offset: 1 }, { city: 'Hamburg', country: 'DE', offset: 1 },
  { city: 'Cologne', country: 'DE', offset: 1 }, { city: 'Frankfurt', country: 'DE', offset: 1 }, { city: 'Vienna', country: 'AT', offset: 1 },
  { city: 'Zurich', country: 'CH', offset: 1 }, { city: 'Amsterdam', country: 'NL', offset: 1 },
];
const HOLIDAYS: readonly Place[] = [
  { city: 'Paris', country: 'FR', offset: 1 }, { city: 'Barcelona', country: 'ES', offset: 1 }, { city: 'Rome', country: 'IT', offset: 1 },
  { city: 'Lisbon', country: 'PT', offset: 0 }, { city: 'London', country: 'GB', offset: 0 }, { city: 'Copenhagen', country: 'DK', offset: 1 },
  { city: 'Prague', country: 'CZ', offset: 1 }, { city: 'Athens', country: 'GR', offset: 2 }, { city: 'Istanbul', country: 'TR', offset: 3 },
  { city: 'New York', country: 'US', offset: -5 }, { city: 'Bangkok', country: 'TH', offset: 7 }, { city: 'Tokyo', country: 'JP', offset: 9 },
  { city: 'Dubai', country: 'AE', offset: 4 }, { city: 'Palma', country: 'ES', offset: 1 },
];
const FRAUD_PLACES: readonly Place[] = [
  { city: 'New York', country: 'US', offset: -5 }, { city: 'Bangkok', country: 'TH', offset: 7 }, { city: 'Lagos', country: 'NG', offset: 1 },
  { city: 'Sao Paulo', country: 'BR', offset: -3 }, { city: 'Moscow', country: 'RU', offset: 3 }, { city: 'Mexico City', country: 'MX', offset: -6 },
  { city: 'Kyiv', country: 'UA', offset: 2 }, { city: 'Singapore', country: 'SG', offset: 8 },
];

type Category = 'groceries' | 'coffee' | 'restaurant' | 'transit' | 'fuel' | 'pharmacy' | 'clothing' | 'online' | 'electronics' | 'bar' | 'taxi' | 'casino' | 'atm' | 'furniture';

interface CategorySpec {
  mcc: string;
  brands: readonly string[];
  median: number;
  sigma: number;
  /** Probability the card is present. */
  cardPresent: number;
  /** Online merchants sit in another country than the customer (the issuer sees the merchant's country). */
  onlineCountries?: readonly string[];
}

const CATEGORIES: Readonly<Record<Category, CategorySpec>> = {
  groceries: { mcc: '5411', brands: ['REWE', 'EDEKA', 'Lidl', 'Aldi', 'Billa', 'Albert Heijn', 'Migros'], median: 32, sigma: 0.55, cardPresent: 1 },
  coffee: { mcc: '5814', brands: ['Coffee Fellows', 'Espresso House', 'Bakery Kamps', 'Balzac Coffee'], median: 4.5, sigma: 0.3, cardPresent: 1 },
  restaurant: { mcc: '5812', brands: ['Trattoria', 'Sushi Bar', 'Burger House', 'Thai Kitchen', 'Brasserie'], median: 28, sigma: 0.5, cardPresent: 1 },
  transit: { mcc: '4111', brands: ['Public Transport'], median: 3, sigma: 0.25, cardPresent: 1 },
  fuel: { mcc: '5541', brands: ['Aral', 'Shell', 'Esso'], median: 62, sigma: 0.3, cardPresent: 1 },
  pharmacy: { mcc: '5912', brands: ['dm', 'Rossmann', 'Apotheke'], median: 14, sigma: 0.6, cardPresent: 1 },
  clothing: { mcc: '5651', brands: ['H&M', 'Zara', 'Uniqlo', 'Zalando'], median: 55, sigma: 0.6, cardPresent: 0.5, onlineCountries: ['DE', 'IE'] },
  online: { mcc: '5999', brands: ['Amazon', 'eBay', 'Etsy', 'Otto', 'bol.com'], median: 35, sigma: 0.8, cardPresent: 0, onlineCountries: ['LU', 'DE', 'IE', 'NL'] },
  electronics: { mcc: '5732', brands: ['MediaMarkt', 'Saturn', 'Cyberport', 'Apple Store'], median: 180, sigma: 0.9, cardPresent: 0.5, onlineCountries: ['DE', 'IE'] },
  bar: { mcc: '5813', brands: ['Bar Central', 'Pub Corner', 'Club Nacht', 'Cocktail Lounge'], median: 22, sigma: 0.5, cardPresent: 1 },
  taxi: { mcc: '4121', brands: ['Taxi', 'Uber', 'FreeNow'], median: 17, sigma: 0.45, cardPresent: 0.4, onlineCountries: ['NL', 'DE'] },
  casino: { mcc: '7995', brands: ['Lucky Star Casino', 'Tipico', 'bet365'], median: 25, sigma: 0.8, cardPresent: 0, onlineCountries: ['MT', 'GI'] },
  atm: { mcc: '6011', brands: ['ATM'], median: 100, sigma: 0.5, cardPresent: 1 },
  furniture: { mcc: '5712', brands: ['IKEA', 'XXXLutz', 'Home24'], median: 250, sigma: 0.8, cardPresent: 0.6, onlineCountries: ['DE'] },
};

interface PersonaSpec {
  perDay: number;
  /** [from hour, to hour (exclusive), weight] in local time. */
  hours: readonly (readonly [number, number, number])[];
  categories: Partial<Record<Category, number>>;
  tripsPerYear: number;
  bigPurchasesPerYear: number;
  subscriptions: [number, number];
  /** Probability of a quiet spell of 60–150 days starting in a given month. */
  quietSpellPerMonth: number;
}

const DAYTIME: PersonaSpec['hours'] = [[7, 9, 2], [9, 12, 3], [12, 14, 3], [14, 18, 3], [18, 21, 2], [21, 23, 0.4]];
const PERSONA_SPECS: Readonly<Record<Persona, PersonaSpec>> = {
  commuter: { perDay: 3, hours: DAYTIME, categories: { transit: 4, coffee: 3, groceries: 2, restaurant: 1, pharmacy: 0.5, online: 0.5, clothing: 0.3 }, tripsPerYear: 1.5, bigPurchasesPerYear: 2, subscriptions: [2, 4], quietSpellPerMonth: 0 },
  online_shopper: { perDay: 2, hours: [[8, 12, 2], [12, 18, 2], [18, 23, 4], [23, 24, 0.5]], categories: { online: 5, clothing: 2, groceries: 2, electronics: 0.3, coffee: 1, taxi: 0.5 }, tripsPerYear: 1, bigPurchasesPerYear: 4, subscriptions: [3, 6], quietSpellPerMonth: 0 },
  traveller: { perDay: 2.5, hours: DAYTIME, categories: { restaurant: 3, coffee: 2, groceries: 2, taxi: 2, online: 1, clothing: 0.5 }, tripsPerYear: 8, bigPurchasesPerYear: 3, subscriptions: [2, 4], quietSpellPerMonth: 0 },
  night_owl: { perDay: 2.5, hours: [[11, 14, 1], [14, 19, 1.5], [19, 24, 3], [0, 4, 2]], categories: { bar: 3, restaurant: 2, taxi: 2, online: 1.5, groceries: 1.5, coffee: 1 }, tripsPerYear: 2, bigPurchasesPerYear: 2, subscriptions: [2, 4], quietSpellPerMonth: 0 },
  cash_user: { perDay: 1.2, hours: DAYTIME, categories: { groceries: 3, atm: 1.2, pharmacy: 1, fuel: 1, coffee: 0.5 }, tripsPerYear: 1, bigPurchasesPerYear: 1, subscriptions: [0, 2], quietSpellPerMonth: 0 },
  gambler: { perDay: 2, hours: [[10, 14, 1], [14, 20, 2], [20, 24, 3], [0, 2, 1]], categories: { casino: 3, groceries: 2, bar: 1, online: 1, fuel: 0.5 }, tripsPerYear: 1, bigPurchasesPerYear: 1, subscriptions: [1, 3], quietSpellPerMonth: 0 },
  occasional: { perDay: 0.35, hours: DAYTIME, categories: { groceries: 3, pharmacy: 1, restaurant: 1, online: 1, fuel: 1 }, tripsPerYear: 0.5, bigPurchasesPerYear: 1, subscriptions: [0, 1], quietSpellPerMonth: 0.25 },
  family: { perDay: 3.5, hours: DAYTIME, categories: { groceries: 5, pharmacy: 1.5, fuel: 1.5, clothing: 1.5, online: 2, restaurant: 1, furniture: 0.2 }, tripsPerYear: 1.5, bigPurchasesPerYear: 4, subscriptions: [3, 6], quietSpellPerMonth: 0 },
};

const SUBSCRIPTIONS = [
  { name: 'Netflix', mcc: '4899', amount: 1399, country: 'NL' }, { name: 'Spotify', mcc: '5815', amount: 1099, country: 'SE' },
  { name: 'FitX Gym', mcc: '7997', amount: 2499, country: 'DE' }, { name: 'Disney+', mcc: '4899', amount: 899, country: 'NL' },
  { name: 'Telekom Mobile', mcc: '4814', amount: 3995, country: 'DE' }, { name: 'iCloud', mcc: '5818', amount: 299, country: 'IE' },
  { name: 'Zeit Abo', mcc: '5994', amount: 2190, country: 'DE' }, { name: 'Adobe', mcc: '5734', amount: 2379, country: 'IE' },
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Customer {
  id: number;
  persona: Persona;
  spec: PersonaSpec;
  home: Place;
  accountRef: string;
  card: { token: string; last4: string };
  level: number;
  favourites: Record<string, string[]>;
  subscriptions: { name: string; mcc: string; amount: number; country: string; day: number }[];
  salaryMinor: number;
}

function flightKm(from: Place, to: Place): number {
  const a = locate(from.city, from.country);
  const b = locate(to.city, to.country);
  return a && b ? distanceKm(a, b) : 10_000;
}

function localIso(at: number, offsetHours: number): string {
  const local = new Date(at + offsetHours * HOUR).toISOString().slice(0, 19);
  const sign = offsetHours < 0 ? '-' : '+';
  const abs = Math.abs(offsetHours);
  return `${local}${sign}${String(Math.floor(abs)).padStart(2, '0')}:00`;
}

function pickHour(random: SeededRandom, hours: PersonaSpec['hours']): number {
  const index = random.weighted(Object.fromEntries(hours.map((h, i) => [String(i), h[2]])) as Record<string, number>);
  const [from, to] = hours[Number(index)];
  return random.between(from, to);
}

/** Builds the labelled stream, ordered by time (what the scorer sees: transactions as they happen). */
export function generateStream(options: GeneratorOptions): LabelledTransaction[] {
  const random = new SeededRandom(options.seed);
  const start = Date.parse(`${options.start}T00:00:00Z`);
  const days = Math.round(options.months * 30.4);
  const out: LabelledTransaction[] = [];
  let serial = 0;

  for (let id = 0; id < options.customers; id++) {
    const firstOfCustomer = out.length;
    const persona = random.weighted(options.habitMix);
    const spec = PERSONA_SPECS[persona];
    const home = random.pick(HOMES);
    const customer: Customer = {
      id,
      persona,
      spec,
      home,
      accountRef: `acc_bench${options.seed}x${String(id).padStart(10, '0')}`,
      card: { token: `card_bench${options.seed}x${String(id).padStart(10, '0')}`, last4: String(random.int(1000, 9999)) },
      level: random.logNormal(1, 0.45),
      favourites: {},
      subscriptions: [],
      salaryMinor: Math.round(random.logNormal(3200, 0.35)) * 100,
    };
    for (const category of Object.keys(CATEGORIES) as Category[]) {
      const c = CATEGORIES[category];
      customer.favourites[category] = Array.from({ length: random.int(2, 4) }, () => `${random.pick(c.brands)} ${home.city} ${random.int(1, 12)}`);
    }
    const subCount = random.int(spec.subscriptions[0], spec.subscriptions[1]);
    const pool = [...SUBSCRIPTIONS];
    for (let s = 0; s < subCount && pool.length > 0; s++) customer.subscriptions.push({ ...pool.splice(random.int(0, pool.length - 1), 1)[0], day: random.int(1, 28) });

    const emit = (at: number, place: Place, fields: Partial<NormalizedTransactionV1> & { amountMinor: string }, label: Omit<LabelledTransaction, 'tx' | 'customer' | 'persona'> = { fraud: false }) => {
      serial++;
      const transactionId = uuidV5(`bench|${options.seed}|${serial}`);
      const tx: NormalizedTransactionV1 = {
        transactionId,
        bankId: 'bench-bank',
        accountRef: customer.accountRef,
        accountMasked: `DE•• ${String(id).padStart(4, '0')}`,
        currency: 'EUR',
        currencyExponent: 2,
        direction: 'debit',
        status: 'booked',
        revision: 1,
        bookingDate: new Date(at).toISOString().slice(0, 10),
        occurredAt: localIso(at, place.offset),
        source: { feedId: uuidV5(`bench-feed|${options.seed}|${id}`), entryIndex: serial, format: 'kontor-json' },
        normalizedAt: new Date(at + 1000).toISOString(),
        ...fields,
      };
      out.push({ tx, customer: id, persona, ...label });
    };
    const card = customer.card;
    const purchase = (place: Place, category: Category, amountEur: number, opts: { merchant?: string; cardPresent?: boolean; country?: string } = {}) => {
      const c = CATEGORIES[category];
      const cardPresent = opts.cardPresent ?? random.chance(c.cardPresent);
      const merchantCountry = opts.country ?? (cardPresent ? place.country : (c.onlineCountries ? random.pick(c.onlineCountries) : place.country));
      const amount = category === 'atm' ? Math.max(20, Math.round(amountEur / 20) * 20) : Math.max(0.5, amountEur);
      return {
        amountMinor: String(Math.round(amount * 100)),
        merchant: { name: opts.merchant ?? random.pick(customer.favourites[category]), mcc: c.mcc, ...(cardPresent && { city: place.city }), country: merchantCountry },
        card,
        cardPresent,
      } satisfies Partial<NormalizedTransactionV1>;
    };

    // Genuine life: day by day.
    let trip: { place: Place; until: number } | undefined;
    let quietUntil = -1;
    let lastPresent: { at: number; place: Place } | undefined;
    for (let day = 0; day < days; day++) {
      const dayStart = start + day * DAY;
      const month = Math.floor(day / 30.4);
      if (day % 30 === 0 && spec.quietSpellPerMonth > 0 && random.chance(spec.quietSpellPerMonth)) quietUntil = day + random.int(60, 150);
      const quiet = day < quietUntil;
      // Salary and subscriptions continue through quiet spells: they are not the customer's card activity.
      if (new Date(dayStart).getUTCDate() === 28) {
        emit(dayStart + 6 * HOUR, home, { direction: 'credit', amountMinor: String(customer.salaryMinor), counterparty: { name: 'Employer GmbH' }, description: `SALARY ${month + 1}` });
      }
      for (const sub of customer.subscriptions) {
        if (new Date(dayStart).getUTCDate() === sub.day && !quiet) {
          emit(dayStart + 5 * HOUR, home, { amountMinor: String(sub.amount), merchant: { name: sub.name, mcc: sub.mcc, country: sub.country }, card, cardPresent: false });
        }
      }
      if (quiet) continue;
      if (trip && dayStart >= trip.until) trip = undefined;
      if (!trip && random.chance(spec.tripsPerYear / 365)) trip = { place: random.pick(HOLIDAYS), until: dayStart + random.int(3, 10) * DAY };
      const place = trip?.place ?? home;
      const count = random.poisson(spec.perDay * (new Date(dayStart).getUTCDay() % 6 === 0 ? 1.2 : 1));
      const times = Array.from({ length: count }, () => dayStart + (pickHour(random, spec.hours) - place.offset) * HOUR).sort((a, b) => a - b);
      for (let at of times) {
        const category = random.weighted(spec.categories as Record<Category, number>);
        const c = CATEGORIES[category];
        const novel = random.chance(0.08);
        const fields = purchase(place, category, random.logNormal(c.median * customer.level, c.sigma), {
          ...((novel || trip) && { merchant: `${random.pick(c.brands)} ${place.city} ${random.int(13, 60)}` }),
        });
        // A genuine traveller cannot be faster than a plane: the first payment abroad comes after the flight
        // (airport to airport at 750 km/h plus three hours of getting there and away).
        if (fields.cardPresent && lastPresent && lastPresent.place.city !== place.city) at = Math.max(at, lastPresent.at + (flightKm(lastPresent.place, place) / 750 + 3) * HOUR);
        emit(at, place, fields);
        if (fields.cardPresent) lastPresent = { at, place };
      }
      if (random.chance(spec.bigPurchasesPerYear / 365)) {
        const category = random.pick<Category>(['electronics', 'furniture', 'clothing']);
        const amount = random.between(300, 2500) * Math.sqrt(customer.level);
        emit(dayStart + (random.between(10, 20) - place.offset) * HOUR, place, purchase(place, category, amount, { merchant: `${random.pick(CATEGORIES[category].brands)} ${place.city} ${random.int(61, 99)}` }));
      }
    }

    // Fraud incidents, on top of the customer's life.
    const incidents = random.poisson(options.fraudRate * options.months);
    const genuine = out.slice(firstOfCustomer).filter((t) => t.tx.direction === 'debit');
    for (let n = 0; n < incidents; n++) {
      const typology = random.weighted(options.fraudMix);
      const at = start + random.between(options.fraudFreeDays, days - 1) * DAY;
      const incident = `${id}-${n}`;
      const label = { fraud: true, typology, incident };
      const own = genuine;
      const cnp = (when: number, name: string, mcc: string, eur: number, country: string) =>
        emit(when, home, { amountMinor: String(Math.round(eur * 100)), merchant: { name, mcc, country }, card, cardPresent: false }, label);
      const cp = (when: number, place: Place, name: string, mcc: string, eur: number) =>
        emit(when, place, { amountMinor: String(Math.round(eur * 100)), merchant: { name, mcc, city: place.city, country: place.country }, card, cardPresent: true }, label);
      switch (typology) {
        case 'card_testing': {
          const tries = random.int(3, 6);
          let t = at;
          for (let i = 0; i < tries; i++) cnp((t += random.between(0.5, 6) * 60_000), `${random.pick(['Donate', 'eShop', 'Webstore', 'AppPay'])} ${random.int(100, 999)}`, '5999', random.between(0.5, 3), random.pick(['US', 'GB', 'NL', 'LT']));
          if (random.chance(0.6)) cnp(t + random.between(5, 40) * 60_000, `Electronics Online ${random.int(100, 999)}`, '5732', random.between(200, 1500), random.pick(['US', 'GB', 'CN']));
          break;
        }
        case 'velocity_spree': {
          const shops = random.int(5, 9);
          let t = at;
          for (let i = 0; i < shops; i++) cp((t += random.between(3, 9) * 60_000), home, `${random.pick(['Store', 'Boutique', 'Shop', 'Market'])} ${home.city} ${random.int(100, 999)}`, random.pick(['5651', '5732', '5944', '5999']), random.between(60, 400));
          break;
        }
        case 'big_purchase_takeover': {
          const usual = own.length > 0 ? own.map((t) => Number(t.tx.amountMinor)).sort((a, b) => a - b)[own.length >> 1] / 100 : 40;
          cnp(at, `${random.pick(['Luxury Watches', 'Gift Cards Hub', 'Phone Outlet', 'Laptop Direct'])} ${random.int(100, 999)}`, random.pick(['5944', '5732', '5999']), Math.max(250, usual * random.between(10, 40)), random.pick(['DE', 'NL', 'GB', 'US']));
          break;
        }
        case 'foreign_online': {
          const country = random.pick(['NG', 'RU', 'CN', 'BR', 'RO', 'UA', 'VN']);
          const items = random.int(1, 3);
          for (let i = 0; i < items; i++) cnp(at + i * random.between(10, 90) * 60_000, `Online Merchant ${country} ${random.int(100, 999)}`, random.pick(['5999', '5732', '5311', '5045']), random.between(80, 600), country);
          break;
        }
        case 'cloned_card_abroad': {
          const place = random.pick(FRAUD_PLACES);
          // Hours after (or before) a genuine in-person payment at home.
          const present = own.filter((t) => t.tx.cardPresent === true).map((t) => Date.parse(t.tx.occurredAt ?? t.tx.bookingDate));
          const near = present.length > 0 ? present.reduce((best, g) => (Math.abs(g - at) < Math.abs(best - at) ? g : best), present[0]) : at;
          const items = random.int(1, 3);
          for (let i = 0; i < items; i++) cp(near + random.between(0.5, 4) * HOUR + i * 40 * 60_000, place, `${random.pick(['Mall', 'Electronics', 'Jewellery', 'Duty Free'])} ${place.city} ${random.int(10, 99)}`, random.pick(['5311', '5732', '5944']), random.between(100, 800));
          break;
        }
        case 'dormant_card': {
          // The card of a customer gone quiet: find a gap of 90+ days in their own card activity.
          const times = own.filter((t) => t.tx.card).map((t) => Date.parse(t.tx.occurredAt ?? t.tx.bookingDate)).sort((a, b) => a - b);
          let when: number | undefined;
          for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > 95 * DAY) when = times[i - 1] + random.between(91, (times[i] - times[i - 1]) / DAY - 1) * DAY;
          if (when === undefined && times.length > 0 && start + days * DAY - times[times.length - 1] > 95 * DAY) when = times[times.length - 1] + random.between(91, 94) * DAY;
          if (when === undefined) {
            // No dormancy in this customer's life: a stolen card used at once instead (another typology).
            cnp(at, `Online Merchant ${random.int(100, 999)}`, '5999', random.between(150, 900), random.pick(['US', 'GB']));
            break;
          }
          cnp(when, `${random.pick(['Phone Outlet', 'Gift Cards Hub', 'Travel Deals'])} ${random.int(100, 999)}`, random.pick(['5732', '5999', '4722']), random.between(100, 900), random.pick(['DE', 'GB', 'US']));
          break;
        }
        case 'night_spree': {
          const night = Math.floor((at - start) / DAY) * DAY + start + (random.between(1, 4) - home.offset) * HOUR;
          const items = random.int(2, 4);
          for (let i = 0; i < items; i++) cnp(night + i * random.between(5, 30) * 60_000, `${random.pick(['Games Store', 'Crypto Exchange', 'Voucher Shop', 'Fashion Online'])} ${random.int(100, 999)}`, random.pick(['5816', '6051', '5999', '5651']), random.between(60, 400), random.pick(['DE', 'MT', 'CY', 'GB']));
          break;
        }
        case 'cash_out': {
          const abroad = random.chance(0.5) ? random.pick(FRAUD_PLACES) : home;
          const withdrawals = random.int(2, 4);
          if (random.chance(0.3)) {
            cnp(at, `Money Transfer ${random.int(100, 999)}`, random.pick(['4829', '6051', '6540']), random.int(5, 20) * 100, random.pick(['GB', 'LT', 'US']));
          } else {
            for (let i = 0; i < withdrawals; i++) cp(at + i * random.between(10, 120) * 60_000, abroad, `ATM ${abroad.city} ${random.int(10, 99)}`, '6011', random.int(3, 10) * 100);
          }
          break;
        }
      }
    }
  }
  // Stable: equal instants keep customer order, so the stream is the same on every run.
  return out.map((t, i) => ({ t, i, at: Date.parse(t.tx.occurredAt ?? t.tx.bookingDate) })).sort((a, b) => a.at - b.at || a.i - b.i).map(({ t }) => t);
}
